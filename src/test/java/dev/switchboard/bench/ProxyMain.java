package dev.switchboard.bench;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.proxy.BindStatus;
import dev.switchboard.proxy.Proxy;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * The proxy alone, for bench/proxy-vs-haproxy.sh: loads a config, starts its frontends with
 * {@code threads} event loops, and runs until killed. (`switchboard run` adds the kernel.)
 */
public final class ProxyMain {
    public static void main(String[] args) throws Exception {
        var loaded = ConfigLoader.load(Path.of(args[0]));
        if (!(loaded instanceof ConfigLoader.Loaded config)) {
            System.err.println(((ConfigLoader.Rejected) loaded).problems());
            System.exit(1);
            return;
        }
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Proxy proxy = Proxy.start(config.config(), threads, Executors.defaultThreadFactory(), line -> { });
        for (BindStatus b : proxy.binds()) {
            System.out.println(b);
            if (!b.listening()) {
                System.exit(1);
            }
        }
        new CountDownLatch(1).await();
    }
}
