package dev.switchboard.console;

import dev.switchboard.config.Config;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineState;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.plan.PlannerTest;
import dev.switchboard.proxy.BindStatus;
import dev.switchboard.proxy.Stats;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What the console sends to its terminal (bench/console.sh): bytes until the first full frame and
 * the time to it, bytes per second on an idle dashboard, and bytes per update of one counter.
 * The dashboard is the seed's, drawn by the real ConsoleApp on an 80x24 ANSI terminal whose
 * output is counted; the engine's answers are fixed values, so only the console is measured.
 */
public final class ConsoleBench {
    static final class Counting extends OutputStream {
        final AtomicLong bytes = new AtomicLong();
        volatile long firstWrite;

        @Override
        public void write(int b) {
            bytes.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (firstWrite == 0) {
                firstWrite = System.nanoTime();
            }
            bytes.addAndGet(len);
        }
    }

    private static final Engine.Outcome REFUSED = new Engine.Outcome(false, List.of("a console on fixed answers changes nothing"));

    /**
     * The seed's appliance as fixed answers, its counters at {@code counter}: a console that
     * measures or checks only itself. Changes are refused, as by an engine that says no.
     */
    static Operations fixed(AtomicLong counter) throws Exception {
        Config seed = PlannerTest.config(PlannerTest.seedText());
        List<GatewayRow> rows = List.of(
                new GatewayRow("inet", "eth0", List.of("203.0.113.10/24"), "203.0.113.1", 0, "up", "reachable", true, true),
                new GatewayRow("inet", "eth1", List.of("198.51.100.10/24"), "198.51.100.1", 1, "up", "reachable", true, false),
                new GatewayRow("inet", "eth2", List.of("10.2.0.10/24"), "10.2.0.1", 2, "up", "reachable", true, false),
                new GatewayRow("inet", "eth3", List.of("10.3.0.10/24"), "10.3.0.1", 3, "up", "reachable", true, false),
                new GatewayRow("inet", "eth4", List.of("10.4.0.10/24"), "10.4.0.1", 4, "up", "reachable", true, false));
        return new Operations() {
            @Override
            public EngineState state() {
                List<Stats.FrontendStats> fs = new ArrayList<>();
                seed.frontends().values().forEach(f -> fs.add(new Stats.FrontendStats(f.name(), "tcp", 0, counter.get(), 0, 0, 0, 0, 0,
                        f.binds().stream().map(b -> new Stats.BindStats(new BindStatus(f.name(), b, Optional.empty(), Optional.empty()), 0,
                                f.name().equals("ft_www") ? counter.get() : 7)).toList())));
                List<Stats.ServerStats> ss = List.of(
                        new Stats.ServerStats("bk_www", "web1", "10.3.0.21:80", true, true, false, Instant.EPOCH, 0, 5, 0, 0, 0),
                        new Stats.ServerStats("bk_www", "web2", "10.3.0.22:80", true, true, false, Instant.EPOCH, 0, 5, 0, 0, 0));
                long now = System.nanoTime();
                return new EngineState(seed.summary(), "switchboard.toml", Instant.now(), rows, now, Map.of("eth0", new EngineState.LinkBytes(1000, 1000)),
                        new Stats.Snapshot(now, fs, List.of(), ss), ReplyRoute.of(seed, rows), Optional.empty(), Optional.empty(), Optional.empty(),
                        List.of());
            }

            @Override
            public String confirmedText() {
                return "";
            }

            @Override
            public List<String> audit(int lines) {
                return List.of();
            }

            @Override
            public Engine.Outcome plan(String text) {
                return REFUSED;
            }

            @Override
            public Engine.Outcome tryApply(String text, int s) {
                return REFUSED;
            }

            @Override
            public Engine.Outcome confirm() {
                return REFUSED;
            }

            @Override
            public Engine.Outcome rollback() {
                return REFUSED;
            }

            @Override
            public Engine.Outcome setServerEnabled(String b, String s, boolean e) {
                return REFUSED;
            }

            @Override
            public Engine.Outcome drain(String f) {
                return REFUSED;
            }

            @Override
            public Engine.Outcome undrain(String f) {
                return REFUSED;
            }

            @Override
            public AutoCloseable subscribe(Consumer<String> events) {
                return () -> { };
            }
        };
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        AtomicLong counter = new AtomicLong(100);
        Operations ops = fixed(counter);
        Counting out = new Counting();
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        long start = System.nanoTime();
        TtyTerminal terminal = new TtyTerminal(in, out, StandardCharsets.US_ASCII, false);
        ConsoleApp app = new ConsoleApp(terminal, ops, Glyphs.ASCII, false, false);
        Thread t = new Thread(() -> {
            try {
                app.run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        t.start();
        while (out.bytes.get() < 1000) {
            Thread.sleep(1);
        }
        Thread.sleep(1500); // the first frame and the first tick's rates
        long firstFrame = out.bytes.get();
        System.out.printf("first frame: %d bytes, %.0f ms from start to its first byte%n", firstFrame, (out.firstWrite - start) / 1e6);
        long before = out.bytes.get();
        Thread.sleep(seconds * 1000L);
        System.out.printf("idle dashboard: %.1f bytes/s over %d s%n", (out.bytes.get() - before) / (double) seconds, seconds);
        before = out.bytes.get();
        for (int i = 0; i < seconds; i++) {
            counter.incrementAndGet();
            Thread.sleep(1000);
        }
        System.out.printf("one counter changing once a second: %.1f bytes per update%n", (out.bytes.get() - before) / (double) seconds);
        keys.write('q');
        keys.flush();
        t.join(5000);
        System.exit(0);
    }
}
