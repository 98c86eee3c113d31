package dev.switchboard.bench;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.proxy.BindStatus;
import dev.switchboard.proxy.Proxy;
import dev.switchboard.config.Transport;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * The proxy alone, for bench/proxy-vs-haproxy.sh: loads a config, starts its frontends with
 * {@code threads} event loops on a transport (epoll, io_uring), and runs until killed. (`switchboard run` adds the kernel.)
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
        Transport transport = args.length > 2 ? Transport.valueOf(args[2].toUpperCase(java.util.Locale.ROOT)) : Transport.EPOLL;
        Proxy proxy = Proxy.start(config.config(), transport, threads, Executors.defaultThreadFactory(), line -> { });
        for (BindStatus b : proxy.binds()) {
            System.out.println(b);
            if (!b.listening()) {
                System.exit(1);
            }
        }
        new CountDownLatch(1).await();
    }
}
