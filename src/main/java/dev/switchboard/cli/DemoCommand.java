package dev.switchboard.cli;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.console.ConsoleApp;
import dev.switchboard.console.ReadOnly;
import dev.switchboard.control.ControlServer;
import dev.switchboard.control.Protocol;
import dev.switchboard.control.Tables;
import dev.switchboard.demo.BadDay;
import dev.switchboard.demo.Sandbox;
import dev.switchboard.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code switchboard demo}: the seed's appliance on a private sandbox network, with the console.
 * It re-runs itself in a new user and network namespace (as {@code unshare -rn} does), so it
 * needs no root and cannot touch the host's network; everything is gone when it exits.
 */
@Command(name = "demo",
        description = {"Run the seed's appliance on a sandbox network, in the console.",
                "The sandbox has eth0..eth4 with gateways that answer, an internet and a LAN client, the frontends"
                        + " of conf/switchboard.toml with working backends, and a little live traffic.",
                "It needs no root, and the host's network is not touched."},
        exitCodeList = {"0:done", "1:the sandbox could not be made (user namespaces refused?)", "2:usage error"})
final class DemoCommand extends Subcommand {
    @Option(names = "--headless", description = "The same sandbox without the console: print the gateway and frontend tables now and then.")
    boolean headless;

    @Option(names = "--for", paramLabel = "SECONDS", description = "Stop after SECONDS (with --headless; default: until interrupted).")
    int seconds;

    @Option(names = "--bad-day", description = "Twenty seconds in, the internet gateway (eth0's) stops forwarding while its link stays up;"
            + " thirty seconds later it forwards again. Watch its HEALTH, the failover and the failback.")
    boolean badDay;

    @Mixin
    ConsoleLook look;

    @Option(names = "--inside", hidden = true, description = "Already in the sandbox's namespaces.")
    boolean inside;

    @Override
    public Integer call() throws Exception {
        return inside ? sandbox() : reenter();
    }

    /** Runs this same command again in a new user and network namespace. */
    private int reenter() throws Exception {
        List<String> command = new ArrayList<>(List.of("unshare", "--user", "--map-root-user", "--net",
                ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java")));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "demo", "--inside"));
        if (headless) {
            command.add("--headless");
        }
        if (seconds > 0) {
            command.addAll(List.of("--for", Integer.toString(seconds)));
        }
        if (badDay) {
            command.add("--bad-day");
        }
        if (look.ascii) {
            command.add("--ascii");
        }
        if (look.mono) {
            command.add("--mono");
        }
        Process p;
        try {
            p = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            spec.commandLine().getErr().println("switchboard: demo needs unshare(1) from util-linux: " + e.getMessage());
            return 1;
        }
        Signal.handle(new Signal("INT"), s -> { }); // the sandbox hears Ctrl-C itself and tidies up
        int code = p.waitFor();
        if (code != 0 && code != 130) {
            spec.commandLine().getErr().println("switchboard: the demo sandbox ended with " + code
                    + " (if unshare said \"Operation not permitted\", this kernel refuses unprivileged user namespaces:"
                    + " sysctl kernel.unprivileged_userns_clone=1, or run the demo as root)");
        }
        return code;
    }

    private int sandbox() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("switchboard-demo");
        LogTap news = new LogTap();
        if (!headless) {
            news.takeJavaLogging();
        }
        // the sandbox's own lines are shown; the engine's news come as typed events, and its log
        // (a line per connection or request: the counters say it better here) is not
        Consumer<String> log = headless ? line -> {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        } : news;
        Consumer<String> engineLog = line -> { };
        try {
            Path config = dir.resolve("switchboard.toml");
            try (InputStream seed = DemoCommand.class.getResourceAsStream("/demo/switchboard.toml")) {
                Files.copy(seed, config);
            }
            Config parsed = ((ConfigLoader.Loaded) ConfigLoader.load(config)).config();
            // the engine reads the file with its checks; the sandbox's world is the same without them
            Files.writeString(config, Sandbox.checks(parsed), StandardOpenOption.APPEND);
            try (Sandbox sandbox = Sandbox.build(parsed, log); BadDay day = badDay ? BadDay.start(sandbox, log) : null) {
                Path socket = dir.resolve("control.sock");
                Optional<Engine> started = EngineStart.start(config, dir.resolve("state"), socket, 1, engineLog, "demo",
                        spec.commandLine().getErr());
                if (started.isEmpty()) {
                    return 1;
                }
                Engine engine = started.get();
                Runnable end = EngineStart.endOnExit(engine, ControlServer.start(socket, new Protocol(engine), engineLog), "demo",
                        spec.commandLine().getErr());
                try {
                    if (headless) {
                        headless(engine, out);
                    } else {
                        ConsoleApp.runOnTty(engine, "demo", news::attach, Optional.empty(), look.ascii, look.mono, ReadOnly.NO, System.getenv());
                    }
                } finally {
                    end.run();
                }
            }
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void headless(Engine engine, PrintWriter out) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        boolean[] done = {false};
        try (AutoCloseable news = engine.subscribe(e -> {
            synchronized (out) {
                if (!done[0]) { // nothing after the last word
                    out.println("event: " + e.text());
                    out.flush();
                }
            }
        }, true)) {
            out.println("demo: running; the sandbox's control socket answers `show ...` (Ctrl-C stops)");
            long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
            do {
                synchronized (out) {
                    out.print(Tables.gateways(engine.gateways()));
                    out.print(Tables.frontends(engine.stats()));
                    out.println();
                    out.flush();
                }
            } while (!stop.await(Math.min(3, Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()))), TimeUnit.SECONDS)
                    && System.nanoTime() < deadline);
            synchronized (out) {
                done[0] = true;
            }
        }
        out.print(Tables.backends(engine.stats()));
        out.println("demo: stopped; the sandbox is gone");
        out.flush();
    }
}
