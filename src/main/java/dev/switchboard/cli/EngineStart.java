package dev.switchboard.cli;

import dev.switchboard.config.ConfigText;
import dev.switchboard.control.ControlClient;
import dev.switchboard.control.ControlServer;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineLock;
import dev.switchboard.engine.StateFile;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Starts the engine for run, console and demo; a start that cannot be made is said, not thrown. */
final class EngineStart {
    private EngineStart() {}

    /**
     * One engine per state directory and per socket, decided before anything is read or
     * changed: the state directory's lock first, then whether another engine answers at the socket.
     */
    static Optional<Engine> start(Path config, Path stateDir, Path socket, int threads, Consumer<String> log, String who, PrintWriter err) {
        try {
            EngineLock.Acquired acquired = EngineLock.acquire(stateDir, EngineLock.me(socket, config, who));
            if (acquired instanceof EngineLock.Acquired.Held held) {
                err.println("switchboard: " + Engine.anotherEngine(stateDir, held.by()) + "; nothing changed");
                return Optional.empty();
            }
            EngineLock lock = ((EngineLock.Acquired.Taken) acquired).lock();
            if (ControlClient.answers(socket)) {
                lock.close();
                err.println("switchboard: another engine answers at " + socket + " (with another state directory than " + stateDir
                        + "); nothing changed");
                return Optional.empty();
            }
            Engine engine = Engine.start(config, stateDir, threads, log, who, lock);
            dev.switchboard.control.Prometheus.serve(engine);
            return Optional.of(engine);
        } catch (Engine.StartFailed e) {
            e.getMessage().lines().forEach(l -> err.println("switchboard: " + l));
            err.println("switchboard: nothing changed");
            return Optional.empty();
        } catch (ConfigText.Refused e) { // the lock is released by a start that fails
            err.println("switchboard: " + e.getMessage() + "; nothing changed");
            return Optional.empty();
        } catch (IOException e) { // a state directory or file in the way, a kernel that refuses: said, exit 1
            err.println("switchboard: cannot start: " + StateFile.describe(e));
            if (e instanceof SysException sys && (sys.errnoName().equals("EPERM") || sys.errnoName().equals("EACCES"))) {
                err.println("(changing the network needs root or CAP_NET_ADMIN)");
            }
            return Optional.empty();
        }
    }

    /**
     * How an engine hosted by a console (or the demo) ends, whichever comes first: the operator
     * quits, or the terminal goes (SIGHUP from a dropped SSH session or a killed tmux, SIGTERM,
     * SIGINT), when the JVM runs its shutdown hooks and never returns to the console's code. A
     * try outlives neither: it is rolled back, verified, before the engine stops. Call the
     * returned action when the console returns; it runs once.
     */
    static Runnable endOnExit(Engine engine, ControlServer control, String who, PrintWriter err) {
        AtomicBoolean done = new AtomicBoolean();
        Runnable end = () -> {
            // whoever comes second (the hangup's hook, or the console seeing its input end) waits
            // for the first to finish: the JVM halts when its hooks return, mid-rollback or not
            synchronized (done) {
                if (done.getAndSet(true)) {
                    return;
                }
                // the socket first, so no new try comes in; then the try, after any change under way
                if (control != null) {
                    try {
                        control.close();
                    } catch (IOException e) {
                        err.println("switchboard: control socket: " + e.getMessage());
                    }
                }
                engine.endTryBeforeLeaving(who + ", leaving").ifPresent(o -> { // after any change under way: a try it starts ends too
                    o.lines().forEach(err::println);
                    err.flush();
                });
                engine.stop(0);
            }
        };
        Thread hook = new Thread(end, "switchboard-hangup");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            end.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already: the hook ran or runs, and finds it done
            }
        };
    }
}
