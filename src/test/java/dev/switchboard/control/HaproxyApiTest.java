package dev.switchboard.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.engine.Engine;
import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.PlannerTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HAProxy's runtime API on the control socket, as socat runbooks and hatop speak it. */
class HaproxyApiTest {
    @TempDir
    Path dir;
    final List<String> log = new CopyOnWriteArrayList<>();

    /** One connection: what is written, and the bytes read back up to an end. */
    record Client(SocketChannel ch, OutputStream out, InputStream in) implements AutoCloseable {
        static Client open(Path socket) throws IOException {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new Client(ch, Channels.newOutputStream(ch), Channels.newInputStream(ch));
        }

        String send(String line, String end) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            StringBuilder b = new StringBuilder();
            while (!b.toString().endsWith(end)) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("closed after \"" + b + "\"");
                }
                b.append((char) c);
            }
            return b.toString();
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    @Test
    void socatRunbooksHatopsOpeningAndViewersRefused() throws Exception {
        Files.writeString(dir.resolve("switchboard.toml"), PlannerTest.seedText());
        Path adminSock = dir.resolve("admin.sock");
        Path viewerSock = dir.resolve("viewer.sock");
        try (Netns ns = SeedBox.create("hapi");
                Engine engine = ns.call(() -> Engine.start(dir.resolve("switchboard.toml"), dir.resolve("state"), 1, log::add, "test"));
                ControlServer admin = ns.call(() -> ControlServer.start(adminSock, new Protocol(engine), log::add,
                        new ControlServer.Settings((u, g, p) -> ControlServerTest.ROOT, Duration.ofSeconds(60))));
                ControlServer viewer = ns.call(() -> ControlServer.start(viewerSock, new Protocol(engine), log::add,
                        new ControlServer.Settings((u, g, p) -> new Peer("viewer", "users", false), Duration.ofSeconds(60))))) {
            // echo "show stat" | socat stdio SOCKET: the answer, then the empty line
            try (Client c = Client.open(adminSock)) {
                String stat = c.send("show stat", "\n\n");
                assertTrue(stat.startsWith(HaproxyCsv.HEADER + "ft_www,FRONTEND,"), stat);
                assertTrue(stat.contains("\nbk_www,web1,"), stat);
                String info = c.send("show info", "\n\n");
                assertTrue(info.startsWith("Name: Switchboard\nVersion: "), info);
                assertTrue(info.contains("\nPid: " + ProcessHandle.current().pid() + "\n"), info);
                assertTrue(c.send("show servers state bk_www", "\n\n").startsWith("1\n# be_id be_name srv_id"));
                assertEquals("1 (initial 1)\n\n", c.send("get weight bk_www/web1", "\n\n"));
                assertEquals("\n", c.send("set server bk_www/web1 state maint", "\n"));
                assertTrue(c.send("show stat 3 4 1", "\n\n").contains("\nbk_www,web1,") , "filtered");
                assertTrue(c.send("show stat bk_www 4 1", "\n\n").split("\n")[1].contains(",MAINT,"));
                assertTrue(c.send("show audit", "\n\n").contains("root via the control socket"));
                // drain and weights, at once and as HAProxy answers them
                assertEquals("\n", c.send("set server bk_www/web2 state drain", "\n"));
                assertTrue(c.send("show stat bk_www 4 2", "\n\n").split("\n")[1].contains(",DRAIN,"));
                assertEquals("\n", c.send("set weight bk_www/web1 50", "\n"));
                assertEquals("50 (initial 1)\n\n", c.send("get weight bk_www/web1", "\n\n"));
                assertEquals("\n", c.send("set server bk_www/web1 weight 300%", "\n"));
                assertEquals("3 (initial 1)\n\n", c.send("get weight bk_www/web1", "\n\n"));
                assertEquals("Absolute weight can only be between 0 and 256 inclusive.\n\n", c.send("set weight bk_www/web1 257", "\n\n"));
                assertEquals("No such server.\n\n", c.send("set weight bk_www/nope 1", "\n\n"));
                assertEquals("No such backend.\n\n", c.send("set server nope/web1 state ready", "\n\n"));
                assertTrue(c.send("show audit", "\n\n").contains("set weight bk_www/web1 3"));
                assertEquals("\n", c.send("set server bk_www/web2 state ready", "\n"));
                // several commands on a line: each answer with its empty line
                assertEquals("\n", c.send("disable server bk_www/web1", "\n"), "HAProxy's answer: nothing, then the empty line");
                assertTrue(c.send("show stat bk_www 4 1", "\n\n").split("\n")[1].contains(",MAINT,"));
                assertEquals("No such server.\n\n", c.send("disable server bk_www/nope", "\n\n"));
                assertEquals("No such backend.\n\n", c.send("enable server nope/web1", "\n\n"));
                String two = c.send("enable server bk_www/web1;show servers state bk_www", "\n1\n");
                assertEquals("\n1\n", two);
            }
            // hatop's opening: prompt, set timeout cli, then show info and show stat, each answer ending in "> "
            try (Client c = Client.open(adminSock)) {
                assertEquals("\n> ", c.send("prompt", "> "));
                assertEquals("\n> ", c.send("set timeout cli 100000", "> "));
                String info = c.send("show info", "\n> ");
                assertTrue(info.contains("\nUptime_sec: ") && info.contains("\nnode: "), info);
                String stat = c.send("show stat", "\n> ");
                assertTrue(stat.startsWith("# pxname,svname,qcur,"), stat);
                assertEquals("\n", c.send("prompt", "\n"), "prompt again leaves the mode");
                c.out().write("quit\n".getBytes(StandardCharsets.US_ASCII));
                c.out().flush();
                assertEquals(-1, c.in().read(), "quit closes");
            }
            try (Client v = Client.open(viewerSock)) {
                assertTrue(v.send("show stat", "\n\n").startsWith("# pxname"));
                for (String change : List.of("disable server bk_www/web1", "set server bk_www/web1 state maint", "set weight bk_www/web1 5",
                        "set server bk_www/web1 state drain", "set server bk_www/web1 weight 0", "enable server bk_www/web1")) {
                    assertEquals("Permission denied\n\n", v.send(change, "\n\n"), change);
                }
                assertEquals("\n", v.send("set timeout cli 10", "\n"));
            }
            assertTrue(engine.stats().servers().stream().allMatch(s -> s.enabled() && s.admin() == dev.switchboard.proxy.Stats.Admin.READY),
                    "the viewer changed nothing");
            assertTrue(engine.stats().servers().stream().filter(s -> s.name().equals("web1")).allMatch(s -> s.weight() == 3));
        }
    }
}
