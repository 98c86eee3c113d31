package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.net.Netns;
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
    record Engine(Process process, BlockingQueue<String> lines, List<String> seen) implements AutoCloseable {
        String await(String fragment) throws InterruptedException {
            return RunCommandTest.await(lines, fragment, seen);
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
        long tid = ns.call(() -> dev.switchboard.sys.LibC.INSTANCE.gettid());
        ProcessBuilder builder = new ProcessBuilder("nsenter", "--net=/proc/" + ProcessHandle.current().pid() + "/task/" + tid + "/ns/net",
                System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--config", file.toString(), "--state-dir", dir.resolve("state").toString(),
                "--socket", socket().toString(), "run", "--drain", "1")
                .redirectErrorStream(true);
        builder.environment().put("NOTIFY_SOCKET", dir.resolve("notify.sock").toString());
        Process run = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(run.getInputStream())).lines().forEach(lines::add));
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
        java.io.StringWriter out = new java.io.StringWriter();
        List<String> all = new ArrayList<>(List.of("--socket", socket().toString(), "--config", dir.resolve("switchboard.toml").toString(),
                "--state-dir", dir.resolve("state").toString()));
        all.addAll(List.of(args));
        int code = Main.run(all.toArray(String[]::new), java.util.Map.of(), new java.io.PrintWriter(out), new java.io.PrintWriter(out));
        assertEquals(expectedExit, code, out.toString());
        return out.toString();
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
                assertEquals("READY=1\nSTATUS=running 0 interfaces, 1 frontends (1 binds), 1 backends (1 servers)", systemd.next(),
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
                run.await("stopped");
                assertTrue(run.process().waitFor(10, TimeUnit.SECONDS));
                assertEquals(0, run.process().exitValue());
                assertTrue(!Files.exists(socket()), "the socket is removed at stop");
            } finally {
                a.close();
                b.close();
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
                        + " rolled back in (30|29|28) s unless confirmed\n.*"), status);
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
}
