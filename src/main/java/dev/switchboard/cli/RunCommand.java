package dev.switchboard.cli;

import dev.switchboard.config.Problem;
import dev.switchboard.control.ControlServer;
import dev.switchboard.control.Protocol;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineEvent;
import dev.switchboard.proxy.BindStatus;
import dev.switchboard.proxy.Stats;
import dev.switchboard.sys.Notify;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code switchboard run}: the appliance in the foreground, for systemd. */
@Command(name = "run",
        description = {"Run the appliance in the foreground.",
                "It brings the kernel to the config, starts the proxy, and logs one line per connection and per"
                        + " change to standard output.",
                "SIGHUP reloads the config (kernel, then proxy, all or nothing); SIGTERM or SIGINT stops, letting"
                        + " connections finish for the drain time."},
        exitCodeList = {"0:stopped by a signal", "1:the config is invalid or could not be applied, or another switchboard holds"
                + " the state directory or the socket; nothing was changed", "2:usage error"})
final class RunCommand extends Subcommand {
    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Event loop threads of the proxy (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--drain", defaultValue = "10", paramLabel = "SECONDS",
            description = "How long established connections may run on after a stop (default: ${DEFAULT-VALUE}).")
    int drain;

    @Override
    public Integer call() throws Exception {
        try (StdoutLog log = new StdoutLog(spec.commandLine().getOut())) {
            String who = "switchboard run (pid " + ProcessHandle.current().pid() + ")";
            Optional<Engine> started = EngineStart.start(main.configPath(), main.stateDir, main.socket, threads, log, who,
                    spec.commandLine().getErr());
            if (started.isEmpty()) {
                return 1;
            }
            Engine engine = started.get();
            ControlServer control;
            try {
                control = ControlServer.start(main.socket, new Protocol(engine), log);
            } catch (IOException e) {
                engine.stop(0);
                spec.commandLine().getErr().println("switchboard: control socket " + e.getMessage());
                return 1;
            }
            // the handlers before the word that we run: a SIGHUP sent on that word must reload, not kill
            CountDownLatch stop = new CountDownLatch(1);
            SystemdStatus status = new SystemdStatus(engine, log);
            Signal.handle(new Signal("HUP"), s -> reload(engine, status, log));
            Signal.handle(new Signal("TERM"), s -> stop.countDown());
            Signal.handle(new Signal("INT"), s -> stop.countDown());
            // HAProxy's operators send these by habit; a JVM's default for both is to die on the spot, leaving
            // a try pending and the socket behind. Here they mean what they mean to HAProxy: USR1 a soft stop
            // (drain, then exit), USR2 a reload.
            Signal.handle(new Signal("USR1"), s -> {
                log.accept("SIGUSR1: a soft stop, as HAProxy's");
                stop.countDown();
            });
            Signal.handle(new Signal("USR2"), s -> reload(engine, status, log));
            log.accept("running " + Problem.escaped(main.configPath().toString()) + ": " + engine.running().summary() + "; control socket " + main.socket);
            // following before READY: a change made the instant after it (ExecStartPost, the socket) is heard
            try (AutoCloseable following = engine.subscribe(status::changed)) {
                status.ready();
                stop.await();
            }
            status.stopping();
            log.accept("stopping: connections may finish for " + drain + " s");
            control.close();
            engine.stop(drain);
            log.accept("stopped");
            return 0;
        }
    }

    /**
     * What `systemctl status` shows: the config in force and how many of its binds listen, naming
     * those that do not. Sent with READY, and again whenever it changes (a bind drained, opened or
     * failed, a config applied, tried or rolled back); while a reload is under way its READY says
     * it, and once stopping nothing more is said.
     */
    private final class SystemdStatus {
        private static final Set<Class<?>> CHANGES_BINDS = Set.of(EngineEvent.ApplyDone.class, EngineEvent.ApplyFailed.class,
                EngineEvent.TryStarted.class, EngineEvent.TryConfirmed.class, EngineEvent.TryExpired.class,
                EngineEvent.TryRolledBack.class, EngineEvent.FrontendDrained.class, EngineEvent.FrontendEnabled.class,
                EngineEvent.BindListening.class, EngineEvent.BindFailed.class, EngineEvent.EventsLost.class);
        /** How many binds that do not listen STATUS names; systemd shows it on one line. */
        private static final int NAMED = 3;

        private enum State { STARTING, READY, RELOADING, STOPPING }

        private final Engine engine;
        private final StdoutLog log;
        private State state = State.STARTING;
        private String sent = "";

        SystemdStatus(Engine engine, StdoutLog log) {
            this.engine = engine;
            this.log = log;
        }

        synchronized void ready() {
            if (state == State.STOPPING) {
                return;
            }
            state = State.READY;
            sent = text();
            tellSystemd("READY=1\nSTATUS=" + sent, log);
        }

        /** Whether a reload may go on: not once stopping. */
        synchronized boolean reloading() {
            if (state == State.STOPPING) {
                return false;
            }
            state = State.RELOADING;
            tellSystemd("RELOADING=1\nMONOTONIC_USEC=" + TimeUnit.NANOSECONDS.toMicros(System.nanoTime()), log);
            return true;
        }

        synchronized void stopping() {
            state = State.STOPPING;
            tellSystemd("STOPPING=1", log);
        }

        /** On the subscription's thread: a listener that throws would be dropped, so nothing is let out. */
        synchronized void changed(EngineEvent event) {
            if (state != State.READY || !CHANGES_BINDS.contains(event.getClass())) {
                return;
            }
            try {
                String now = text();
                if (!now.equals(sent)) {
                    sent = now;
                    tellSystemd("STATUS=" + now, log);
                }
            } catch (RuntimeException e) {
                log.accept("cannot tell systemd the status after " + event.text() + ": " + e);
            }
        }

        private String text() {
            List<BindStatus> binds = engine.stats().frontends().stream().flatMap(f -> f.binds().stream()).map(Stats.BindStats::status).toList();
            List<BindStatus> shut = binds.stream().filter(b -> !b.listening()).toList();
            String text = "running " + engine.running().summary() + "; " + (binds.size() - shut.size()) + " of " + binds.size() + " binds listening";
            if (shut.isEmpty()) {
                return text;
            }
            return text + "; not listening: " + shut.stream().limit(NAMED).map(b -> b.frontend() + " " + b.bind() + " (" + b.error().orElseThrow() + ")")
                    .collect(Collectors.joining(", ")) + (shut.size() > NAMED ? " and " + (shut.size() - NAMED) + " more" : "");
        }
    }

    /** Tells systemd (Type=notify) how we are, when it is listening. */
    private void tellSystemd(String state, StdoutLog log) {
        try {
            Notify.send(main.environment("NOTIFY_SOCKET"), state);
        } catch (SysException e) {
            log.accept("cannot tell systemd " + state.lines().findFirst().orElse("") + ": " + e.getMessage());
        }
    }

    /** On a signal's thread of its own: two SIGHUPs close together reload one after the other. */
    private synchronized void reload(Engine engine, SystemdStatus status, StdoutLog log) {
        if (!status.reloading()) {
            return; // stopping
        }
        log.accept("reloading " + Problem.escaped(main.configPath().toString()));
        Engine.Outcome o = engine.apply("SIGHUP");
        status.ready();
        if (o.ok()) {
            log.accept("reloaded");
        } else {
            log.accept("reload refused, still running the previous config:");
            o.lines().forEach(l -> log.accept("  " + l));
        }
    }
}
