package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.control.ControlClient;
import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.PlannerTest;
import dev.switchboard.sys.LibC;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `switchboard run` as systemd runs it: a process of its own (in a namespace the test made, so
 * the host's network is out of reach), reloaded by SIGHUP, stopped by SIGTERM.
 */
class RunCommandTest {
    @TempDir
    Path dir;

    /** A server on the namespace's loopback that answers its name. */
    static ServerSocket named(Netns ns, String name) throws Exception {
        ServerSocket ss = ns.call(() -> new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try (Socket s = ss.accept()) {
                    s.getOutputStream().write(name.getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return ss;
    }

    static String ask(Netns ns, int port) throws Exception {
        return ns.call(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(5000);
                return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            }
        });
    }

    static String config(int listen, int server) {
        return "[frontends.ft]\nbackend = \"bk\"\nbinds = [ { address = \"127.0.0.1:" + listen + "\" } ]\n"
                + "[backends.bk]\nservers = [ { name = \"s" + server + "\", address = \"127.0.0.1:" + server + "\" } ]\n";
    }

    static String await(BlockingQueue<String> lines, String fragment, List<String> seen) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (line.contains(fragment)) {
                    return line;
                }
            }
        }
        throw new AssertionError("no line with \"" + fragment + "\" in " + seen);
    }

    /** `switchboard run` in its own process inside {@code ns}, its output lines in a queue. */
    static final String END_OF_OUTPUT = "\u0000the end of its output";

    record Engine(Process process, BlockingQueue<String> lines, List<String> seen) implements AutoCloseable {
        String await(String fragment) throws InterruptedException {
            return RunCommandTest.await(lines, fragment, seen);
        }

        /** Every line it printed, once its output has ended. */
        List<String> allSaid() throws InterruptedException {
            RunCommandTest.await(lines, END_OF_OUTPUT, seen);
            return seen.subList(0, seen.size() - 1);
        }

        void signal(String name) throws Exception {
            // not Process.destroy(): it also closes our end of the pipe, and the last lines with it
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /** A datagram socket where `run` tells "systemd" how it is, as sd_notify does. */
    static final class NotifySocket implements AutoCloseable {
        final int fd;

        NotifySocket(Path path) throws Exception {
            LibC c = LibC.INSTANCE;
            fd = c.socket(1, 2, 0); // AF_UNIX, SOCK_DGRAM
            byte[] address = new byte[110];
            address[0] = 1;
            byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
            System.arraycopy(p, 0, address, 2, p.length);
            assertEquals(0, c.bind(fd, address, 2 + p.length + 1));
            byte[] tenSeconds = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.nativeOrder()).putLong(10).putLong(0).array();
            c.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, tenSeconds, 16);
        }

        String next() {
            byte[] buf = new byte[4096];
            long n = LibC.INSTANCE.recv(fd, buf, buf.length, 0);
            return n < 0 ? "(nothing within 10 s)" : new String(buf, 0, (int) n, StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            LibC.INSTANCE.close(fd);
        }
    }

    Engine run(Netns ns, Path file) throws Exception {
        return run(ns, file, dir.resolve("state"), socket());
    }

    Engine run(Netns ns, Path file, Path stateDir, Path socket) throws Exception {
        return start(ns, file, stateDir, socket, dir.resolve("notify.sock"));
    }

    /** `switchboard run` in a process of its own inside {@code ns}; {@code notify} is where it tells "systemd". */
    static Engine start(Netns ns, Path file, Path stateDir, Path socket, Path notify) throws Exception {
        return start(ns, file, stateDir, socket, notify, List.of());
    }

    /** As {@link #start(Netns, Path, Path, Path, Path)}, the java command run by {@code wrapper} (prlimit, say). */
    static Engine start(Netns ns, Path file, Path stateDir, Path socket, Path notify, List<String> wrapper) throws Exception {
        long tid = ns.call(() -> dev.switchboard.sys.LibC.INSTANCE.gettid());
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=/proc/" + ProcessHandle.current().pid() + "/task/" + tid + "/ns/net"));
        command.addAll(wrapper);
        command.addAll(List.of(System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--config", file.toString(), "--state-dir", stateDir.toString(),
                "--socket", socket.toString(), "run", "--drain", "1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("NOTIFY_SOCKET", notify.toString());
        Process run = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            new BufferedReader(new InputStreamReader(run.getInputStream())).lines().forEach(lines::add);
            lines.add(END_OF_OUTPUT);
        });
        reader.setDaemon(true);
        reader.start();
        return new Engine(run, lines, new ArrayList<>());
    }

    Path socket() {
        return dir.resolve("control.sock");
    }

    int freePort(Netns ns) throws Exception {
        return ns.call(() -> {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        });
    }

    /** The CLI, in this process, against the engine's socket: exit code and output. */
    String cli(int expectedExit, String... args) {
        List<String> all = new ArrayList<>(List.of("--socket", socket().toString(), "--config", dir.resolve("switchboard.toml").toString()));
        all.addAll(List.of(args));
        return cliOn(expectedExit, all.toArray(String[]::new));
    }

    /** As {@link #cli}, with only the state directory given. */
    String cliOn(int expectedExit, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        List<String> all = new ArrayList<>(List.of("--state-dir", dir.resolve("state").toString()));
        all.addAll(List.of(args));
        int code = Main.run(all.toArray(String[]::new), java.util.Map.of(), new java.io.PrintWriter(out), new java.io.PrintWriter(out));
        assertEquals(expectedExit, code, out.toString());
        return out.toString();
    }

    /** The end of a stop: the last word, exit 0, and no socket left behind. */
    void stoppedCleanly(Engine run) throws Exception {
        run.await("stopped");
        assertTrue(run.process().waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, run.process().exitValue());
        assertTrue(!Files.exists(socket()), "the socket is removed at stop");
    }

    @Test
    void runsReloadsOnHangupAndStopsOnTerm() throws Exception {
        try (Netns ns = Netns.create("run")) {
            ServerSocket a = named(ns, "a");
            ServerSocket b = named(ns, "b");
            int listen = freePort(ns);
            Path file = dir.resolve("switchboard.toml");
            Files.writeString(file, config(listen, a.getLocalPort()));
            try (NotifySocket systemd = new NotifySocket(dir.resolve("notify.sock")); Engine run = run(ns, file)) {
                run.await("ft 127.0.0.1:" + listen + ": listening");
                run.await("running " + file + ": 0 interfaces, 1 frontends (1 binds), 1 backends (1 servers); control socket " + socket());
                assertEquals("READY=1\nSTATUS=running 0 interfaces, 1 frontends (1 binds), 1 backends (1 servers); 1 of 1 binds listening",
                        systemd.next(),
                        "READY once the binds listen (Type=notify)");
                assertEquals("a", ask(ns, listen));
                String connection = run.await("ft: 127.0.0.1:");
                assertTrue(connection.contains(" -> bk/s" + a.getLocalPort() + " 127.0.0.1:" + a.getLocalPort()), connection);
                run.await("closed after");

                Files.writeString(file, config(listen, b.getLocalPort()));
                run.signal("HUP");
                run.await("reloaded");
                assertTrue(systemd.next().startsWith("RELOADING=1\nMONOTONIC_USEC="));
                assertTrue(systemd.next().startsWith("READY=1"));
                assertEquals("b", ask(ns, listen));

                Files.writeString(file, "[frontends.ft]\nbackend = \"nothing\"\n");
                run.signal("HUP");
                run.await("reload refused, still running the previous config:");
                run.await("frontends.ft.backend: backend \"nothing\" is not declared");
                assertEquals("b", ask(ns, listen), "still serving the previous config");

                systemd.next(); // RELOADING=1 of the refused reload
                systemd.next(); // and READY=1 again
                run.signal("TERM");
                run.await("stopping: connections may finish for 1 s");
                assertEquals("STOPPING=1", systemd.next());
                stoppedCleanly(run);
            } finally {
                a.close();
                b.close();
            }
        }
    }

    /** HAProxy's operators send USR2 to reload and USR1 for a soft stop; a JVM left alone dies of either. */
    @Test
    void haproxysSignalsMeanWhatTheyMeanToHaproxy() throws Exception {
        try (Netns ns = Netns.create("usr")) {
            ServerSocket a = named(ns, "a");
            ServerSocket b = named(ns, "b");
            int listen = freePort(ns);
            Path file = dir.resolve("switchboard.toml");
            Files.writeString(file, config(listen, a.getLocalPort()));
            try (Engine run = run(ns, file)) {
                run.await("running " + file);
                assertEquals("a", ask(ns, listen));
                Files.writeString(file, config(listen, b.getLocalPort()));
                run.signal("USR2");
                run.await("reloaded");
                assertEquals("b", ask(ns, listen));
                run.signal("USR1");
                run.await("SIGUSR1: a soft stop, as HAProxy's");
                run.await("stopping: connections may finish for 1 s");
                stoppedCleanly(run);
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void systemdsStatusNamesABindThatStopsListeningAndFollowsItBack() throws Exception {
        try (Netns ns = Netns.create("status")) {
            ServerSocket a = named(ns, "a");
            int listen = freePort(ns);
            Path file = dir.resolve("switchboard.toml");
            Files.writeString(file, config(listen, a.getLocalPort()));
            String running = "running 0 interfaces, 1 frontends (1 binds), 1 backends (1 servers); ";
            try (NotifySocket systemd = new NotifySocket(dir.resolve("notify.sock")); Engine run = run(ns, file)) {
                assertEquals("READY=1\nSTATUS=" + running + "1 of 1 binds listening", systemd.next());
                ControlClient.Answer drain = ControlClient.ask(socket(), "drain frontend ft").orElseThrow();
                assertTrue(drain.ok(), drain.text());
                assertEquals("STATUS=" + running + "0 of 1 binds listening; not listening: ft 127.0.0.1:" + listen + " (drained by an operator)",
                        systemd.next());
                ControlClient.Answer enable = ControlClient.ask(socket(), "enable frontend ft").orElseThrow();
                assertTrue(enable.ok(), enable.text());
                assertEquals("STATUS=" + running + "1 of 1 binds listening", systemd.next());
                assertEquals("a", ask(ns, listen));
            } finally {
                a.close();
            }
        }
    }

    /** HAProxy's way: one budget from the open-files limit, shared; no frontend's default adds up to more than there is. */
    @Test
    void threeFrontendsWithoutMaxconnAllListenUnderALimitOfTwentyThousandFiles() throws Exception {
        long hard = dev.switchboard.sys.Limits.openFilesHardLimit();
        org.junit.jupiter.api.Assumptions.assumeTrue(hard >= 20_000, "the open-files hard limit here is " + hard
                + ": prlimit may lower it to 20,000, not raise it");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "no prlimit (util-linux) here");
        try (Netns ns = Netns.create("budget")) {
            ServerSocket a = named(ns, "a");
            List<Integer> ports = List.of(freePort(ns), freePort(ns), freePort(ns));
            StringBuilder toml = new StringBuilder();
            for (int i = 0; i < ports.size(); i++) {
                toml.append("[frontends.ft").append(i).append("]\nbackend = \"bk\"\nbinds = [ { address = \"127.0.0.1:").append(ports.get(i))
                        .append("\" } ]\n");
            }
            toml.append("[backends.bk]\nservers = [ { name = \"a\", address = \"127.0.0.1:").append(a.getLocalPort()).append("\" } ]\n");
            Path file = dir.resolve("switchboard.toml");
            Files.writeString(file, toml.toString());
            try (NotifySocket systemd = new NotifySocket(dir.resolve("notify.sock"));
                    Engine run = start(ns, file, dir.resolve("state"), socket(), dir.resolve("notify.sock"), List.of("prlimit", "--nofile=20000:20000", "--"))) {
                assertEquals("READY=1\nSTATUS=running 0 interfaces, 3 frontends (3 binds), 1 backends (1 servers); 3 of 3 binds listening",
                        systemd.next());
                for (int i = 0; i < ports.size(); i++) {
                    run.await("ft" + i + " 127.0.0.1:" + ports.get(i) + ": listening");
                    assertEquals("a", ask(ns, ports.get(i)));
                }
                assertTrue(ControlClient.ask(socket(), "show info").orElseThrow().text().lines().anyMatch(l -> l.equals("Maxconn: 9872")),
                        "one budget of (20,000 - 256) / 2 connections, the three frontends' to share");
            } finally {
                a.close();
            }
        }
    }

    @Test
    void theCliTriesConfirmsThroughTheSocketAndAKilledEngineComesBackOnTheConfirmedConfig() throws Exception {
        try (Netns ns = Netns.create("try")) {
            ServerSocket a = named(ns, "a");
            ServerSocket b = named(ns, "b");
            int listen = freePort(ns);
            Path file = dir.resolve("switchboard.toml");
            String confirmed = config(listen, a.getLocalPort());
            String candidate = config(listen, b.getLocalPort());
            Files.writeString(file, confirmed);
            try (Engine run = run(ns, file)) {
                run.await("control socket");
                assertTrue(cli(0, "apply").contains("kernel: no changes; proxy: reconfigured"));
                assertEquals("error: nothing to confirm: no try is pending\n", cli(1, "confirm"));

                Files.writeString(file, candidate);
                String tried = cli(0, "apply", "--try=30");
                assertTrue(tried.contains("applied for 30 s: run \"switchboard confirm\" to keep it"), tried);
                assertEquals("b", ask(ns, listen));
                String status = ns.call(() -> cli(0, "status"));
                assertTrue(status.contains("\nengine: running (pid " + run.process().pid() + ", "), status);
                assertTrue(status.matches("(?s).*\ntry: pending, by \\S+ via the control socket since \\d\\d:\\d\\d:\\d\\d,"
                        + " rolled back in ([12]?\\d|30) s unless confirmed\n.*"), status);
                String json = ns.call(() -> cli(0, "status", "--json"));
                assertTrue(json.contains(",\"engine\":{\"pid\":" + run.process().pid() + ",") && json.contains(",\"try\":{\"state\":\"pending\","), json);
                assertTrue(cli(1, "apply").startsWith("error: a try is pending"), "one change at a time");
                run.signal("KILL");
                assertTrue(run.process().waitFor(10, TimeUnit.SECONDS));
            }
            assertEquals(candidate, Files.readString(file), "killed before its rollback");
            String orphaned = ns.call(() -> cli(0, "status"));
            assertTrue(orphaned.contains("\nengine: none\ntry: ORPHANED, by " + System.getProperty("user.name") + " via the control socket at "),
                    orphaned);
            try (Engine again = run(ns, file)) {
                again.await("ROLLED BACK: the try by " + System.getProperty("user.name"));
                again.await("the kernel matches the confirmed config (verified by a fresh dump)");
                again.await("control socket");
                assertEquals("a", ask(ns, listen), "the confirmed config is back");
                assertEquals(confirmed, Files.readString(file));
                assertEquals(candidate, Files.readString(dir.resolve("switchboard.toml.rejected")));

                Files.writeString(file, candidate);
                cli(0, "apply", "--try", "30");
                assertEquals("confirmed\n", cli(0, "confirm"));
                assertEquals("b", ask(ns, listen));
                assertEquals(candidate, Files.readString(file));
                String unchanged = cli(0, "apply", "--try=30");
                assertEquals("no changes: no try started\n", unchanged, "nothing to change: nothing to confirm");
                String noTry = cli(1, "rollback");
                assertTrue(noTry.startsWith("error: no try is pending: nothing changed"), noTry);
                assertEquals("b", ask(ns, listen), "a bare rollback with no try pending changes nothing");

                String back = cli(0, "rollback", "1");
                assertTrue(back.contains("applied for 60 s: run \"switchboard confirm\" to keep it"), "rollback N is a try: " + back);
                assertEquals("a", ask(ns, listen));
                assertEquals(candidate, Files.readString(file), "not written until confirmed");
                assertTrue(cli(0, "rollback").contains("ROLLED BACK: rolled back by "), "the first rollback ends the try");
                assertEquals("b", ask(ns, listen));
                assertTrue(cli(1, "rollback").startsWith("error: no try is pending: nothing changed"), "the second changes nothing");
                assertEquals("b", ask(ns, listen));
                assertEquals(candidate, Files.readString(file));

                cli(0, "rollback", "1");
                assertEquals("confirmed\n", cli(0, "confirm"));
                assertEquals("a", ask(ns, listen));
                assertEquals(confirmed, Files.readString(file), "confirmed, the history's config is the file's");
            } finally {
                a.close();
                b.close();
            }
        }
    }

    /** Waits for a process that must end by itself, and returns its exit code. */
    static int exit(Engine e) throws Exception {
        assertTrue(e.process().waitFor(30, TimeUnit.SECONDS), "still running: " + e.seen());
        return e.process().exitValue();
    }

    @Test
    void withAnEngineRunningTheCliNeverChangesTheKernelItselfAndASecondEngineTouchesNothing() throws Exception {
        String seed = PlannerTest.seedText();
        Path file = dir.resolve("switchboard.toml");
        Files.writeString(file, seed);
        String metric9 = seed.replace("metric    = 4", "metric    = 9");
        try (Netns ns = SeedBox.create("writer"); Engine run = run(ns, file)) {
            run.await("control socket");
            List<String> before = SeedBox.defaults(ns.kernel());
            Files.writeString(file, metric9);
            String refused = ns.call(() -> cliOn(1, "--config", file.toString(), "--socket", "/wrong/path", "apply"));
            assertTrue(refused.startsWith("switchboard: an engine is running on " + dir.resolve("state") + " (pid " + run.process().pid()), refused);
            assertTrue(refused.contains(" but does not answer at /wrong/path; it listens at " + socket()), refused);
            assertEquals(before, SeedBox.defaults(ns.kernel()), "the kernel is the engine's");

            try (Engine second = run(ns, file, dir.resolve("state"), dir.resolve("other.sock"))) {
                assertEquals(1, exit(second));
                second.await("another switchboard holds " + dir.resolve("state") + " (pid " + run.process().pid());
            }
            try (Engine third = run(ns, file, dir.resolve("other-state"), socket())) {
                assertEquals(1, exit(third));
                third.await("another engine answers at " + socket());
            }
            assertEquals(before, SeedBox.defaults(ns.kernel()), "neither touched the kernel");

            Files.writeString(file, seed);
            Path other = dir.resolve("other.toml");
            Files.writeString(other, "[interfaces.eth0\n");
            String broken = cliOn(1, "--socket", socket().toString(), "--config", other.toString(), "apply");
            assertTrue(broken.contains("other.toml: 1 problem, nothing changed"), broken);
            Files.writeString(other, metric9);
            String sent = cliOn(0, "--socket", socket().toString(), "--config", other.toString(), "apply");
            assertTrue(sent.startsWith("# sending " + other + " to the engine; once applied, its config " + file + " holds it"), sent);
            assertTrue(SeedBox.defaults(ns.kernel()).contains("default via 10.4.0.1 dev eth4 metric 9 proto switchboard"),
                    SeedBox.defaults(ns.kernel()).toString());
            assertEquals(metric9, Files.readString(file), "the engine's file holds what it runs");
        }
    }

    @Test
    void aTryOrphanedByAKilledEngineIsReportedAndUndoneByTheNextApply() throws Exception {
        String seed = PlannerTest.seedText();
        Path file = dir.resolve("switchboard.toml");
        Files.writeString(file, seed);
        try (Netns ns = SeedBox.create("orphan")) {
            List<String> before;
            try (Engine run = run(ns, file)) {
                run.await("control socket");
                before = SeedBox.defaults(ns.kernel());
                Files.writeString(file, seed.replace("metric    = 4", "metric    = 9"));
                cli(0, "apply", "--try=60");
                run.signal("KILL");
                assertTrue(run.process().waitFor(10, TimeUnit.SECONDS));
            }
            assertTrue(SeedBox.defaults(ns.kernel()).contains("default via 10.4.0.1 dev eth4 metric 9 proto switchboard"));
            String status = ns.call(() -> cli(0, "status"));
            assertTrue(status.contains("\ntry: ORPHANED, by "), status);
            // the next apply is of another file: the try goes back in the file it was made on, then that file applies
            Path other = dir.resolve("other.toml");
            String metric7 = seed.replace("metric    = 4", "metric    = 7");
            Files.writeString(other, metric7);
            String applied = ns.call(() -> cliOn(0, "--socket", socket().toString(), "--config", other.toString(), "apply"));
            assertTrue(applied.startsWith("ROLLED BACK: the try by "), applied);
            assertTrue(applied.contains("the kernel matches the confirmed config (verified by a fresh dump)"), applied);
            assertTrue(applied.contains("+ route default via 10.4.0.1 dev eth4 metric 7"), applied);
            assertEquals(seed, Files.readString(file), "the tried file has its confirmed config back");
            assertEquals(metric7, Files.readString(other), "the file given is never overwritten");
            assertTrue(SeedBox.defaults(ns.kernel()).contains("default via 10.4.0.1 dev eth4 metric 7 proto switchboard"));
            assertTrue(ns.call(() -> cli(0, "status")).contains("\nengine: none\ntry: none\n"));
            assertTrue(before.contains("default via 10.4.0.1 dev eth4 metric 4 proto switchboard"));
        }
    }

    @Test
    void anEmptyConfigIsRefusedByCheckByReloadAndByRun() throws Exception {
        try (Netns ns = Netns.create("empty")) {
            ServerSocket a = named(ns, "a");
            int listen = freePort(ns);
            Path file = dir.resolve("switchboard.toml");
            Files.writeString(file, config(listen, a.getLocalPort()));
            try (Engine run = run(ns, file)) {
                run.await("control socket");
                Files.writeString(file, "");
                String check = cli(1, "check");
                assertTrue(check.contains("declares no interfaces and no frontends: applied, it would remove every address"), check);
                run.signal("HUP");
                run.await("reload refused, still running the previous config:");
                run.await("declares no interfaces and no frontends");
                assertEquals("a", ask(ns, listen), "still serving");
                run.signal("TERM");
                assertEquals(0, exit(run));
            }
            try (Engine again = run(ns, file)) {
                assertEquals(1, exit(again));
                again.await("declares no interfaces and no frontends");
            }
        } finally {
            // the named server's thread ends with its namespace's socket
        }
    }

    @Test
    void aTryOutsideOneToThreeThousandSixHundredSecondsIsAUsageError() {
        for (String bad : List.of("--try=0", "--try=-5", "--try=3601", "--try=soon")) {
            String said = cli(2, "apply", bad);
            assertTrue(said.contains("--try takes 1 to 3600 seconds"), said);
        }
    }

    @Test
    void runWithAPortHeldByAnotherProcessExitsNamingItAndPutsTheKernelBack() throws Exception {
        Path file = dir.resolve("switchboard.toml");
        Files.writeString(file, PlannerTest.seedText());
        try (Netns ns = SeedBox.create("held")) {
            List<String> routes = SeedBox.defaults(ns.kernel());
            Set<String> addresses = KillAtRandomTest.onTheBox(ns.kernel().dump());
            List<Boolean> up = ns.kernel().dump().links().stream().map(dev.switchboard.net.Link::up).toList();
            // a wildcard listener on :80 makes ft_www's 203.0.113.10:80 fail (EADDRINUSE), whatever address it has
            try (ServerSocket holder = ns.call(() -> new ServerSocket(80, 1, InetAddress.getByName("0.0.0.0")));
                    Engine run = run(ns, file)) {
                long start = System.nanoTime();
                assertEquals(1, exit(run));
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "refused within a few seconds");
                run.await("switchboard: frontend ft_www cannot listen on 203.0.113.10:80: ");
                assertTrue(run.seen().stream().anyMatch(l -> l.contains("frontend ft_www cannot listen on 203.0.113.10:80:")
                        && l.toLowerCase(java.util.Locale.ROOT).contains("in use")), run.seen().toString());
                run.await("switchboard: the kernel was put back as it was; the engine does not start");
                List<String> said = run.allSaid();
                assertTrue(said.stream().noneMatch(l -> l.contains("Exception") || l.startsWith("\tat ")), "no stack trace:\n"
                        + String.join("\n", said));
                assertTrue(holder.isBound());
            }
            assertEquals(routes, SeedBox.defaults(ns.kernel()), "no default route left behind");
            assertEquals(addresses, KillAtRandomTest.onTheBox(ns.kernel().dump()), "no address left behind");
            assertEquals(up, ns.kernel().dump().links().stream().map(dev.switchboard.net.Link::up).toList(), "each link up or down as before");
            assertEquals("", Files.readString(dir.resolve("state").resolve("owned.toml")).lines()
                    .filter(l -> l.startsWith("  \"")).reduce("", String::concat), "nothing recorded as owned");
            boolean listens = ns.call(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("10.2.0.10", 443), 500);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            assertTrue(!listens, "nothing listens");
        }
    }
}
