package dev.switchboard.cli;

import dev.switchboard.control.ControlServer;
import dev.switchboard.control.Protocol;
import dev.switchboard.engine.Engine;
import dev.switchboard.sys.Notify;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
            Signal.handle(new Signal("HUP"), s -> reload(engine, log));
            Signal.handle(new Signal("TERM"), s -> stop.countDown());
            Signal.handle(new Signal("INT"), s -> stop.countDown());
            log.accept("running " + main.configPath() + ": " + engine.running().summary() + "; control socket " + main.socket);
            notify("READY=1\nSTATUS=" + status(engine), log);
            stop.await();
            notify("STOPPING=1", log);
            log.accept("stopping: connections may finish for " + drain + " s");
            control.close();
            engine.stop(drain);
            log.accept("stopped");
            return 0;
        }
    }

    /** What `systemctl status` shows: the config in force and how many of its binds listen. */
    private static String status(Engine engine) {
        var binds = engine.stats().frontends().stream().flatMap(f -> f.binds().stream()).toList();
        long listening = binds.stream().filter(b -> b.status().listening()).count();
        return "running " + engine.running().summary() + "; " + listening + " of " + binds.size() + " binds listening";
    }

    /** Tells systemd (Type=notify) how we are, when it is listening. */
    private void notify(String state, StdoutLog log) {
        try {
            Notify.send(main.environment("NOTIFY_SOCKET"), state);
        } catch (SysException e) {
            log.accept("cannot tell systemd " + state.lines().findFirst().orElse("") + ": " + e.getMessage());
        }
    }

    private void reload(Engine engine, StdoutLog log) {
        log.accept("reloading " + main.configPath());
        notify("RELOADING=1\nMONOTONIC_USEC=" + TimeUnit.NANOSECONDS.toMicros(System.nanoTime()), log);
        Engine.Outcome o = engine.apply("SIGHUP");
        notify("READY=1\nSTATUS=" + status(engine), log);
        if (o.ok()) {
            log.accept("reloaded");
        } else {
            log.accept("reload refused, still running the previous config:");
            o.lines().forEach(l -> log.accept("  " + l));
        }
    }
}
