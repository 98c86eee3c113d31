package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;

import dev.switchboard.console.Tmux;
import dev.switchboard.control.ControlServer;
import dev.switchboard.control.Protocol;
import dev.switchboard.engine.Engine;
import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.PlannerTest;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's hatop, unchanged, on the control socket in tmux: it opens in interactive mode, shows
 * the proxies, and its CLI mode disables a server. Skipped where hatop is not installed.
 */
class HatopTest {
    @TempDir
    Path dir;

    @Test
    void hatopShowsTheFrontendsBackendsAndServers() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/hatop")), "hatop is not installed (apt-get install hatop)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
        Files.writeString(dir.resolve("switchboard.toml"), PlannerTest.seedText());
        List<String> log = new CopyOnWriteArrayList<>();
        Path socket = dir.resolve("control.sock");
        Tmux tmux = new Tmux(dir);
        try (Netns ns = SeedBox.create("hatop");
                Engine engine = ns.call(() -> Engine.start(dir.resolve("switchboard.toml"), dir.resolve("state"), 1, log::add, "test"));
                ControlServer server = ns.call(() -> ControlServer.start(socket, new Protocol(engine), log::add))) {
            tmux.run("new-session", "-d", "-s", "c", "-x", "160", "-y", "40", "env", "TERM=xterm", "LANG=C.UTF-8",
                    "sh", "-c", "hatop -s " + socket + "; echo hatop-exited $?; sleep 30");
            String screen = tmux.await("bk_www");
            assertTrue(!screen.contains("hatop-exited"), screen);
            screen = tmux.await("ft_exchange");
            List<String[]> rows = List.of(new String[] {"ft_www", "FRONTEND"}, new String[] {"ft_exchange", "FRONTEND"},
                    new String[] {"bk_www", "web1"}, new String[] {"bk_www", "web2"}, new String[] {"bk_www", "BACKEND"},
                    new String[] {"bk_exchange", "ex1"}, new String[] {"bk_exchange", "ex2"}, new String[] {"bk_exchange", "BACKEND"});
            for (long deadline = System.nanoTime() + 10_000_000_000L; System.nanoTime() < deadline; screen = tmux.await("ft_exchange")) {
                String drawn = screen;
                if (rows.stream().allMatch(r -> status(drawn, r[0], r[1]).isPresent())) {
                    break;
                }
                Thread.sleep(100); // caught mid-draw: rows below are still to come
            }
            for (String[] r : rows) {
                // HAProxy's words, which hatop shows: a listening frontend is OPEN, a live backend or server UP
                assertEquals(Optional.of(r[1].equals("FRONTEND") ? "OPEN" : "UP"), status(screen, r[0], r[1]), r[0] + "/" + r[1] + " on\n" + screen);
            }
            // its CLI mode (key 5) takes a server out; back on the status view (key 1), it is MAINT
            tmux.keys("5");
            tmux.await("CLI");
            tmux.keys("disable server bk_www/web1", "Enter");
            tmux.keys("M-1"); // ALT-n leaves the CLI
            screen = tmux.await("MAINT");
            assertTrue(engine.stats().servers().stream().anyMatch(s -> s.name().equals("web1") && !s.enabled()), screen);
            tmux.keys("q");
        } finally {
            tmux.run("kill-server");
        }
    }

    /** The STATUS column of row {@code name} under hatop's "&gt;&gt;&gt; proxy" heading, if it is on the screen. */
    private static Optional<String> status(String screen, String proxy, String name) {
        List<String> lines = screen.lines().toList();
        for (int i = lines.indexOf(">>> " + proxy) + 1; i > 0 && i < lines.size() && !lines.get(i).isBlank(); i++) {
            String[] cols = lines.get(i).trim().split("\\s+"); // NAME W STATUS CHECK ...
            if (cols[0].equals(name) && cols.length > 2) {
                return Optional.of(cols[2]);
            }
        }
        return Optional.empty();
    }

    /** A server on the namespace's loopback that answers 200 and counts the requests it got. */
    private static HttpServer counting(AtomicInteger got) throws java.io.IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        s.createContext("/", ex -> {
            got.incrementAndGet();
            ex.sendResponseHeaders(200, 2);
            try (OutputStream out = ex.getResponseBody()) {
                out.write("ok".getBytes(StandardCharsets.US_ASCII));
            }
        });
        s.start();
        return s;
    }

    /** The status line of one request through the frontend. */
    private static String ask(int port) throws java.io.IOException {
        try (Socket c = new Socket("127.0.0.1", port)) {
            c.setSoTimeout(5000);
            c.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(c.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().findFirst().orElse("");
        }
    }

    @Test
    void aServerDisabledInHatopsCliGetsNoMoreTraffic() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/hatop")), "hatop is not installed (apt-get install hatop)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
        List<String> log = new CopyOnWriteArrayList<>();
        Path socket = dir.resolve("control.sock");
        Tmux tmux = new Tmux(dir);
        AtomicInteger s1 = new AtomicInteger();
        AtomicInteger s2 = new AtomicInteger();
        try (Netns ns = Netns.create("hatop-traffic")) {
            HttpServer a = ns.call(() -> counting(s1));
            HttpServer b = ns.call(() -> counting(s2));
            Files.writeString(dir.resolve("switchboard.toml"), "[frontends.ft_web]\nmode = \"http\"\nbackend = \"bk_web\"\n"
                    + "binds = [ { address = \"127.0.0.1:8080\" } ]\n\n[backends.bk_web]\nservers = ["
                    + " { name = \"s1\", address = \"127.0.0.1:" + a.getAddress().getPort() + "\" },"
                    + " { name = \"s2\", address = \"127.0.0.1:" + b.getAddress().getPort() + "\" } ]\n");
            try (Engine engine = ns.call(() -> Engine.start(dir.resolve("switchboard.toml"), dir.resolve("state"), 1, log::add, "test"));
                    ControlServer server = ns.call(() -> ControlServer.start(socket, new Protocol(engine), log::add))) {
                for (int i = 0; i < 4; i++) {
                    assertEquals("HTTP/1.1 200 OK", ns.call(() -> ask(8080)));
                }
                assertEquals(List.of(2, 2), List.of(s1.get(), s2.get()), "round robin over both");
                tmux.run("new-session", "-d", "-s", "c", "-x", "160", "-y", "40", "env", "TERM=xterm", "LANG=C.UTF-8",
                        "sh", "-c", "hatop -s " + socket + "; echo hatop-exited $?; sleep 30");
                tmux.await("bk_web");
                tmux.keys("5");
                tmux.await("CLI");
                tmux.keys("disable server bk_web/s1", "Enter");
                tmux.keys("M-1");
                String screen = tmux.await("MAINT");
                assertTrue(screen.contains("s1"), screen);
                for (int i = 0; i < 6; i++) {
                    assertEquals("HTTP/1.1 200 OK", ns.call(() -> ask(8080)));
                }
                assertEquals(List.of(2, 8), List.of(s1.get(), s2.get()), "the server hatop disabled got nothing more:\n" + screen);
                tmux.keys("q");
            } finally {
                a.stop(0);
                b.stop(0);
            }
        } finally {
            tmux.run("kill-server");
        }
    }
}
