package dev.switchboard.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.Engine;
import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.PlannerTest;
import dev.switchboard.config.ConfigText;
import dev.switchboard.sys.LibC;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket in front of an engine running the seed in a namespace. */
class ControlTest {
    @TempDir
    Path dir;

    final List<String> log = new CopyOnWriteArrayList<>();

    Path socket() {
        return dir.resolve("control.sock");
    }

    interface TestBody {
        void run(Engine engine) throws Exception;
    }

    /** Runs {@code test} with an engine on the seed and its control socket. */
    void withEngine(String name, TestBody test) throws Exception {
        Files.writeString(dir.resolve("switchboard.toml"), PlannerTest.seedText());
        try (Netns ns = SeedBox.create(name);
                Engine engine = ns.call(() -> Engine.start(dir.resolve("switchboard.toml"), dir.resolve("state"), 1, log::add, "test"));
                ControlServer server = ns.call(() -> ControlServer.start(socket(), new Protocol(engine), log::add))) {
            test.run(engine);
        }
    }

    String ask(String command) throws IOException {
        return ControlClient.ask(socket(), command).orElseThrow().text();
    }

    @Test
    void showsWhatTheEngineSees() throws Exception {
        withEngine("show", engine -> {
            String gateways = ask("show gateways");
            assertTrue(gateways.startsWith("   METRIC  INTERFACE  GATEWAY       LINK  NEIGHBOUR"), gateways);
            assertTrue(gateways.contains("*  0       eth0       203.0.113.1   up"), gateways);
            assertTrue(ask("show gateways json").startsWith("{\"gateways\":[{\"family\":\"inet\",\"interface\":\"eth0\""), ask("show gateways json"));
            String frontends = ask("show frontends");
            assertTrue(frontends.contains("ft_exchange  tcp   10.2.0.10:443     eth2       listening"), frontends);
            assertTrue(frontends.contains("\nFRONTEND     BIND              REPLIES  DECIDED BY\n"
                    + "ft_www       203.0.113.10:80   eth0     main table: lowest metric eth0\n"
                    + "ft_exchange  203.0.113.10:443  eth0     main table: lowest metric eth0\n"
                    + "ft_exchange  10.2.0.10:443     eth2     pinned to eth2\n"), frontends);
            assertTrue(frontends.substring(frontends.indexOf("REPLIES")).lines().allMatch(l -> l.length() <= 80), frontends);
            String backends = ask("show backends");
            // checking until its first health check comes back (a connect here waits out its timeout)
            assertTrue(backends.contains("bk_exchange  ex2     10.4.0.22:443  UP") || backends.contains("bk_exchange  ex2     10.4.0.22:443  checking"),
                    backends);
            assertTrue(ask("show stat").startsWith(HaproxyCsv.HEADER + "ft_www,FRONTEND,,,0,,"),
                    ask("show stat"));
            assertEquals("no changes\n", ask("show plan"));
            assertEquals("config: 5 interfaces, 2 frontends (3 binds), 2 backends (4 servers)\nfile: " + dir.resolve("switchboard.toml")
                    + "\npid: " + ProcessHandle.current().pid() + "\ntry: none\nchanging: nobody\n", ask("show status"));
            assertTrue(ask("help").contains("try N"));
            assertEquals("error: unknown command \"frobnicate\"; \"help\" lists them\n", ask("frobnicate"));
            assertEquals("", ask("disable server bk_www/web1"), "HAProxy says nothing when it is done");
            assertTrue(ask("show backends").contains("bk_www       web1    10.3.0.21:80   MAINT"), ask("show backends"));
            assertEquals("No such server.\n", ask("enable server bk_www/nope"));
            assertEquals("No such backend.\n", ask("disable server nope/web1"));
            assertEquals("Require 'backend/server'.\n", ask("disable server web1"));
            assertTrue(ask("show audit").contains("root via the control socket: disable server bk_www/web1: done"), ask("show audit"));
            assertTrue(ask("show audit 1").contains("disable server bk_www/web1: done"), ask("show audit 1"));
            for (String bad : List.of("-1", "0", "abc", "-99999999999", "100001")) {
                assertEquals("error: show audit [N]: N is how many of its last lines, 1 to 100000\n", ask("show audit " + bad), bad);
            }
        });
    }

    @Test
    void showStateJsonIsTheWholeStateAsOneDocument() throws Exception {
        withEngine("state", engine -> {
            Files.writeString(dir.resolve("switchboard.toml"), PlannerTest.seedText().replace("metric    = 4", "metric    = 9"));
            assertTrue(ask("try 60").contains("applied for 60 s"));
            JsonNode s = new ObjectMapper().readTree(ask("show state json"));
            assertEquals("config: 5 interfaces, 2 frontends (3 binds), 2 backends (4 servers)", "config: " + s.get("summary").asText());
            assertEquals("eth0", s.at("/gateways/0/interface").asText(), "gateways, with their health");
            assertEquals("up", s.at("/gateways/0/link").asText());
            assertTrue(s.at("/gateways/0/winner").asBoolean());
            assertEquals(3, s.get("replies").size(), "each bind, with where its replies go");
            assertEquals("eth2", s.at("/replies/2/device").asText(), s.get("replies").toString());
            assertEquals(List.of("ft_www", "ft_exchange"), names(s.at("/stats/frontends")));
            assertEquals("10.2.0.10:443", s.at("/stats/frontends/1/binds/1/status/bind/address").asText());
            assertEquals(List.of("bk_www", "bk_exchange"), names(s.at("/stats/backends")));
            assertEquals(4, s.at("/stats/servers").size());
            assertTrue(s.at("/stats/servers/0/state").asText().matches("UP|DOWN|checking"), s.at("/stats/servers/0").toString());
            assertEquals("root via the control socket", s.at("/pending/who").asText(), "the pending try");
            assertEquals(ProcessHandle.current().pid(), s.at("/engine/pid").asLong(), "who holds the state directory");
            assertTrue(s.get("changing").isNull(), "nobody is changing things");
            List<String> types = new ArrayList<>();
            s.get("events").forEach(e -> types.add(e.at("/event/type").asText()));
            assertTrue(types.contains("StepApplied") && types.indexOf("StepApplied") < types.indexOf("TryStarted"), types.toString());
            assertEquals("confirmed\n", ask("confirm"));
            assertTrue(new ObjectMapper().readTree(ask("show state json")).get("pending").isNull(), "no try pending once it is kept");
        });
    }

    static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("name").asText()));
        return out;
    }

    @Test
    void aSubscriberHearsKernelEventsAndChanges() throws Exception {
        Files.writeString(dir.resolve("switchboard.toml"), PlannerTest.seedText());
        try (Netns ns = SeedBox.create("events");
                Engine engine = ns.call(() -> Engine.start(dir.resolve("switchboard.toml"), dir.resolve("state"), 1, log::add, "test"));
                ControlServer server = ns.call(() -> ControlServer.start(socket(), new Protocol(engine), log::add));
                SocketChannel ch = open()) {
            send(ch, "subscribe\n".getBytes(StandardCharsets.US_ASCII));
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            assertEquals("subscribed: events follow, one a line, until you close", in.readLine());
            ns.kernel().setUp("peer3", false); // the cable of eth3 is pulled
            // the peer's own change comes too (it is in this namespace), and whatever else the
            // engine tells meanwhile: its servers' first checks end a second or two after its start
            String event = in.readLine();
            while (!event.startsWith("event: kernel: link eth3 ")) {
                assertTrue(event.startsWith("event: "), event);
                event = in.readLine();
            }
            assertEquals("", ask("disable server bk_www/web2"), "HAProxy says nothing when it is done");
            for (String line = in.readLine(); !line.equals("event: server bk_www/web2 disabled by root via the control socket"); line = in.readLine()) {
                assertTrue(line.startsWith("event: "), line);
            }
            assertEquals("no-carrier", engine.gateways().stream().filter(g -> g.device().equals("eth3")).findFirst().orElseThrow().link(),
                    "the gateway table follows the kernel live");
        }
    }

    @Test
    void onlyAdminsChangeThings() {
        List<String> group = List.of("switchboard:x:998:alice,bob", "switchboard-admin:x:999:alice");
        assertTrue(Peer.of("root", "root", group).admin());
        assertTrue(Peer.of("alice", "users", group).admin());
        assertFalse(Peer.of("bob", "users", group).admin());
        assertTrue(Peer.of("carol", "switchboard-admin", group).admin(), "by primary group");
        assertFalse(Peer.of("alice", "users", List.of()).admin(), "no group file: root only");
    }

    @Test
    void aNonAdminOnTheSocketMayLookButNotChange() throws Exception {
        withEngine("peer", engine -> {
            Files.setPosixFilePermissions(socket(), PosixFilePermissions.fromString("rw-rw-rw-")); // as a member of group switchboard
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            // this thread alone takes uid 65534: a raw setresuid, unlike glibc's, changes only the calling thread
            var answers = Executors.newSingleThreadExecutor().submit(() -> {
                if (LibC.INSTANCE.syscall(117, -1, 65534, -1) != 0) { // SYS_setresuid, the effective uid only
                    return List.<String>of();
                }
                try {
                    return List.of(ask("show status"), ask("apply"));
                } finally {
                    LibC.INSTANCE.syscall(117, -1, 0, -1);
                }
            }).get();
            Assumptions.assumeFalse(answers.isEmpty(), "this user namespace has no uid 65534 to become");
            assertTrue(answers.get(0).startsWith("config: 5 interfaces"), answers.toString());
            assertTrue(answers.get(1).startsWith("error: permission denied: ")
                    && answers.get(1).contains(" may only look (changes are for root and members of switchboard-admin)"), answers.toString());
            String audit = String.join("\n", engine.auditTail(20));
            assertTrue(audit.matches("(?s).* \\S+ via the control socket: apply: refused\n    permission denied: \\S+ may only look.*"), audit);
        });
    }

    @Test
    void garbageOverlongLinesAndHalfClosedConnectionsLeaveTheEngineWell() throws Exception {
        withEngine("fuzz", engine -> {
            Random random = new Random(5);
            try (SocketChannel ch = open()) {
                var in = Channels.newInputStream(ch);
                for (int i = 0; i < 300; i++) {
                    byte[] junk = new byte[random.nextInt(200)];
                    random.nextBytes(junk);
                    for (int j = 0; j < junk.length; j++) {
                        junk[j] = junk[j] == '\n' ? (byte) 'x' : junk[j];
                    }
                    send(ch, junk);
                    send(ch, new byte[] {'\n'});
                    String answer = readAnswer(in);
                    assertTrue(answer.isEmpty() || answer.startsWith("error: "), "line " + i + ": " + answer);
                }
            }
            try (SocketChannel ch = open()) {
                var in = Channels.newInputStream(ch);
                Thread writer = new Thread(() -> {
                    try {
                        send(ch, ("show ".repeat(300_000) + "\nshow status\n").getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                writer.start();
                assertEquals("error: line longer than " + ControlServer.MAX_LINE + " bytes", readAnswer(in));
                assertTrue(readAnswer(in).startsWith("config: 5 interfaces"), "the next line is heard");
                writer.join();
                send(ch, "x".repeat(2_000_000).getBytes(StandardCharsets.US_ASCII));
                ch.shutdownOutput();
                assertEquals("error: line longer than " + ControlServer.MAX_LINE + " bytes\n\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            for (int i = 0; i < 200; i++) {
                SocketChannel ch = open();
                if (i % 2 == 0) {
                    ch.shutdownOutput(); // half-closed without a word
                } else {
                    send(ch, "show st".getBytes(StandardCharsets.US_ASCII)); // half a command, then gone
                }
                ch.close();
            }
            List<SocketChannel> silent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                silent.add(open());
            }
            assertTrue(ask("show status").startsWith("config: 5 interfaces"));
            for (SocketChannel ch : silent) {
                ch.close();
            }
            assertTrue(ask("apply").contains("kernel: no changes; proxy: reconfigured"), "changes still work");
        });
    }

    @Test
    void editedConfigTextIsHeldToWhatAFileMayBe() throws Exception {
        withEngine("edited", engine -> {
            String seed = PlannerTest.seedText();
            // a viewer's plan-edit of the largest text, a megabyte mostly of comment lines, costs what a file would
            String padded = seed + "# padding\n".repeat((ConfigText.MAX_BYTES - seed.length()) / 10);
            long start = System.nanoTime();
            assertEquals("no changes\n", ask("plan-edit " + base64(padded)));
            System.out.printf("ControlTest: plan-edit of %d bytes answered in %.0f ms%n", padded.length(), (System.nanoTime() - start) / 1e6);
            String over = seed + "#".repeat(ConfigText.MAX_BYTES - seed.length()) + "\n";
            String tooLarge = "error: the edited config: is " + (ConfigText.MAX_BYTES + 1) + " bytes; a config may be at most 1048576 bytes (1 MiB)\n";
            assertEquals(tooLarge, ask("plan-edit " + base64(over)));
            assertEquals(tooLarge, ask("apply-edit " + base64(over)));
            assertEquals("error: the edited config: holds a NUL byte at offset 3: a binary file, not text (a config is UTF-8 text)\n",
                    ask("plan-edit " + base64("a =\0 1\n")));
            assertEquals("error: the edited config:1:2: byte 0xE9 is not UTF-8 (TOML files are UTF-8 text)\n",
                    ask("plan-edit " + java.util.Base64.getEncoder().encodeToString(new byte[] {'#', (byte) 0xe9, '\n'})));
            assertTrue(ask("show status").startsWith("config: 5 interfaces"), "the engine is well");
        });
    }

    static String base64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    SocketChannel open() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket()));
        return ch;
    }

    @Test
    void slotsKeepAPlaceForAdminsAndCapEachViewer() {
        Slots slots = new Slots(4, 1, 2);
        Peer alice = new Peer("alice", "users", false);
        Peer bob = new Peer("bob", "users", false);
        Peer root = new Peer("root", "root", true);
        assertEquals(Optional.empty(), slots.take(alice));
        assertEquals(Optional.empty(), slots.take(alice));
        assertEquals(Optional.of("too many connections of alice (2); close one first"), slots.take(alice));
        assertEquals(Optional.empty(), slots.take(bob));
        assertEquals(Optional.of("too many clients who may only look (3); try again later"), slots.take(bob));
        assertEquals(Optional.empty(), slots.take(root), "the admins' place");
        assertEquals(Optional.of("too many clients (4); try again later"), slots.take(root));
        slots.give(alice);
        assertEquals(Optional.empty(), slots.take(bob), "a place a viewer gave back");
    }

    /** 64 connections of a user who may only look, subscribing, cannot keep root from confirming a try. */
    @Test
    void viewersFloodingTheSocketCannotKeepRootFromConfirming() throws Exception {
        withEngine("flood", engine -> {
            Files.setPosixFilePermissions(socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            Files.writeString(dir.resolve("switchboard.toml"), PlannerTest.seedText().replace("metric    = 4", "metric    = 9"));
            assertTrue(ask("try 60").contains("applied for 60 s"));
            List<SocketChannel> flood = new ArrayList<>();
            List<String> refusals = Executors.newSingleThreadExecutor().submit(() -> {
                List<String> said = new ArrayList<>();
                if (LibC.INSTANCE.syscall(117, -1, 65534, -1) != 0) { // this thread alone becomes nobody (see above)
                    return List.<String>of();
                }
                try {
                    for (int i = 0; i < 64; i++) {
                        SocketChannel ch = SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
                        ch.connect(java.net.UnixDomainSocketAddress.of(socket()));
                        try {
                            send(ch, "subscribe\n".getBytes(StandardCharsets.US_ASCII));
                        } catch (IOException refusedAtOnce) {
                            // told and closed as it came in: its one line is there to read all the same
                        }
                        java.io.InputStream in = java.nio.channels.Channels.newInputStream(ch);
                        String first = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
                        said.add(first);
                        flood.add(ch);
                    }
                } finally {
                    LibC.INSTANCE.syscall(117, -1, 0, -1);
                }
                return said;
            }).get();
            Assumptions.assumeFalse(refusals.isEmpty(), "this user namespace has no uid 65534 to become");
            try {
                assertEquals(ControlServer.PER_VIEWER, refusals.stream().filter(l -> l.startsWith("subscribed")).count(), refusals.toString());
                assertTrue(refusals.stream().filter(l -> !l.startsWith("subscribed"))
                        .allMatch(l -> l.startsWith("error: too many connections of ")), refusals.toString());
                assertEquals("confirmed\n", ask("confirm"), "root gets through");
            } finally {
                for (SocketChannel ch : flood) {
                    ch.close();
                }
            }
        });
    }

    static void send(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Reads up to the empty line that ends an answer. */
    static String readAnswer(java.io.InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().equals("\n") && !b.toString().endsWith("\n\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after \"" + b + "\"");
            }
            b.append((char) c);
        }
        return b.toString().strip();
    }
}
