package dev.switchboard.engine;

import dev.switchboard.config.Config;
import dev.switchboard.net.Kernel;
import dev.switchboard.proxy.Proxy;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The appliance running: the kernel brought to the config, then the proxy started on it; a
 * reload does both again as one change, and puts the kernel back if the proxy refuses.
 * What `switchboard run` drives; the engine of the control socket grows from here.
 */
public final class Runner implements AutoCloseable {
    private final Kernel kernel;
    private final Converger converger;
    private final Proxy proxy;
    private final Consumer<String> log;
    private final String who;
    private Config current;

    private Runner(Kernel kernel, Converger converger, Proxy proxy, Config config, Consumer<String> log, String who) {
        this.kernel = kernel;
        this.converger = converger;
        this.proxy = proxy;
        this.current = config;
        this.log = log;
        this.who = who;
    }

    /** A start that could not be made; the message says why, and nothing was left changed. */
    public static final class StartFailed extends Exception {
        StartFailed(String message) {
            super(message);
        }
    }

    public static Runner start(Config config, Path stateDir, int threads, Consumer<String> log, String who)
            throws StartFailed, SysException, IOException {
        Kernel kernel = Kernel.open();
        Converger converger = new Converger(kernel, stateDir);
        String failure = converge(converger, config, log, who);
        if (failure != null) {
            kernel.close();
            throw new StartFailed(failure);
        }
        Proxy proxy = Proxy.start(config, threads, Executors.defaultThreadFactory(), log);
        return new Runner(kernel, converger, proxy, config, log, who);
    }

    /** Applies {@code config} to the kernel, logging the steps; null when done, else why not. */
    private static String converge(Converger converger, Config config, Consumer<String> log, String who)
            throws SysException, IOException {
        Converger.Result r = converger.apply(config, who);
        if (r instanceof Converger.Result.Applied applied) {
            applied.plan().notes().forEach(n -> log.accept("kernel: " + n));
            applied.plan().changes().forEach(c -> log.accept("kernel: " + c));
            return null;
        }
        if (r instanceof Converger.Result.Refused refused) {
            return "kernel: cannot apply: " + String.join("; ", refused.reasons());
        }
        if (r instanceof Converger.Result.Busy busy) {
            return "kernel: another change is in progress (" + busy.holder() + ")";
        }
        if (r instanceof Converger.Result.RolledBack rolledBack) {
            return "kernel: " + rolledBack.outcome().describe();
        }
        return "kernel: kept changing while planning (" + ((Converger.Result.Unsettled) r).what() + ")";
    }

    /**
     * Moves to {@code next}: kernel first, then the proxy (new binds before old ones go). If the
     * proxy refuses, the kernel is brought back to the config in force. Returns what happened.
     */
    public synchronized String reload(Config next) throws SysException, IOException {
        String failure = converge(converger, next, log, who);
        if (failure != null) {
            return "reload refused, still running the previous config: " + failure;
        }
        Proxy.Reconfigured r = proxy.reconfigure(next);
        if (!r.applied()) {
            String back = converge(converger, current, log, who);
            return "reload refused, still running the previous config: " + r.failed()
                    + (back == null ? "" : "; AND THE KERNEL COULD NOT BE PUT BACK: " + back);
        }
        current = next;
        return "reloaded";
    }

    public Proxy proxy() {
        return proxy;
    }

    /** Stops listening, lets connections finish for up to {@code drainSeconds}, then stops. */
    public void stop(int drainSeconds) {
        proxy.close(drainSeconds, TimeUnit.SECONDS);
        kernel.close();
    }

    @Override
    public void close() {
        stop(0);
    }
}
