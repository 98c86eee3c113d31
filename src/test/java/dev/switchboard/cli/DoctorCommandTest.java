package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.diagnose.Boxes;
import dev.switchboard.diagnose.Snapshot;
import dev.switchboard.diagnose.SnapshotJson;
import dev.switchboard.diagnose.Sysctls;
import dev.switchboard.net.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** doctor, snapshot and status --snapshot as an operator (or the vendor's support) runs them. */
class DoctorCommandTest {
    @TempDir
    Path dir;

    Path file(String name, Snapshot s) throws IOException {
        Path f = dir.resolve(name);
        SnapshotJson.write(s, f);
        return f;
    }

    Path bytes(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    @Test
    void outputAndExitCodes() throws Exception {
        CheckCommandTest.Run healthy = CheckCommandTest.run("doctor", "--snapshot", file("ok.json", Boxes.healthy()).toString());
        assertEquals(0, healthy.code(), healthy.err());
        List<String> lines = healthy.out().lines().toList();
        assertEquals("# lb1 at 2030-01-02T03:04:05Z; engine state: the engine at /run/x.sock", lines.get(0));
        assertTrue(lines.stream().skip(1).allMatch(l -> l.matches("ok {4}\\S.*  .*")), healthy.out());

        Snapshot arp = Boxes.withSysctl(Boxes.withSysctl(Boxes.healthy(), Sysctls.conf("all", "arp_announce"), "0"),
                Sysctls.conf("eth2", "arp_announce"), "0");
        String warned = file("warn.json", arp).toString();
        CheckCommandTest.Run warn = CheckCommandTest.run("doctor", "--snapshot", warned);
        assertEquals(0, warn.code(), warn.out());
        assertTrue(warn.out().contains("\nwarn  net.ipv4.conf.all.arp_announce  is 0 on eth2 with 3 interfaces up with IPv4 addresses: "), warn.out());
        assertEquals(1, CheckCommandTest.run("doctor", "--snapshot", warned, "--strict").code());

        String forwarding = file("fwd.json", Boxes.withSysctl(Boxes.healthy(), Sysctls.IP_FORWARD, "1")).toString();
        CheckCommandTest.Run fail = CheckCommandTest.run("doctor", "--snapshot", forwarding);
        assertEquals(1, fail.code());
        assertTrue(fail.out().contains("\nfail  net.ipv4.ip_forward  is 1: "), fail.out());
        assertEquals("", fail.err());

        CheckCommandTest.Run json = CheckCommandTest.run("doctor", "--snapshot", forwarding, "--json");
        assertEquals(1, json.code());
        JsonNode tree = new ObjectMapper().readTree(json.out());
        assertTrue(tree.get("fails").asBoolean());
        assertEquals("fail", tree.get("findings").get(0).get("level").asText());
        assertEquals("net.ipv4.ip_forward", tree.get("findings").get(0).get("subject").asText());
        assertTrue(tree.get("findings").get(0).get("fix").asText().contains("net.ipv4.ip_forward = 0"));

        CheckCommandTest.Run status = CheckCommandTest.run("status", "--snapshot", forwarding);
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().startsWith("# snapshot of lb1 at 2030-01-02T03:04:05Z\n"), status.out());
        assertTrue(status.out().contains("eth2"), status.out());

        assertEquals(2, CheckCommandTest.run("doctor", "--bogus").code());
    }

    @Test
    void aDamagedOrHostileSnapshotIsOneLineAndExit1() throws Exception {
        byte[] big = new byte[10 << 20];
        Arrays.fill(big, (byte) ' ');
        List<Path> files = List.of(bytes("empty.json", new byte[0]), bytes("big.json", big), bytes("text.json", "hello\n".getBytes()),
                bytes("other.json", "{\"gateways\":[],\"engine\":null}".getBytes()), bytes("nul.json", new byte[] {'{', 0, 0, '}'}),
                dir.resolve("missing.json"));
        for (Path f : files) {
            for (String command : List.of("doctor", "status")) {
                CheckCommandTest.Run r = CheckCommandTest.run(command, "--snapshot", f.toString());
                assertEquals(1, r.code(), command + " " + f + ": " + r.err());
                assertEquals("", r.out());
                assertEquals(1, r.err().lines().count(), r.err());
                assertTrue(r.err().startsWith("switchboard: " + f + ": "), r.err());
            }
        }
    }

    /**
     * What a user sees for each way a snapshot file can be wrong, exactly, from every command that
     * reads one: the file, where (line and column, or the field's path), what, in the file's terms;
     * never Jackson's words ("Unrecognized token", class names, "[Source: ...]"); exit status 1.
     */
    @Test
    void eachWayASnapshotIsWrongIsSaidInTheFilesTerms() throws Exception {
        String good = SnapshotJson.encode(Boxes.healthy());
        String head = "{\"format\": \"switchboard-snapshot\", \"version\": 1, ";
        java.util.Map<Path, String> cases = new java.util.LinkedHashMap<>();
        cases.put(bytes("cut.json", (head + "\"at\": \"2030").getBytes()), "not JSON (line 1, column 61: the JSON ends before it is complete: the file is cut short?)");
        cases.put(bytes("text.json", "# switchboard snapshot\nhello\n".getBytes()), "not JSON (line 1, column 1: unexpected character '#')");
        cases.put(bytes("word.json", "{\n  \"format\": switchboard\n}".getBytes()), "not JSON (line 2, column 13: unexpected \"switchboard\")");
        cases.put(bytes("type.json", good.replaceFirst("\"name\" : \"eth0\"", "\"name\" : [ 1 ]").getBytes()),
                "a damaged snapshot (at net.links[1].name: expected a string, not an array)");
        cases.put(bytes("metric.json", good.replaceFirst("\"metric\" : \\d+", "\"metric\" : \"low\"").getBytes()),
                "a damaged snapshot (at engine.gateways[0].metric: expected a whole number up to 9223372036854775807, not \"low\")");
        cases.put(bytes("huge.json", good.replaceFirst("\"metric\" : \\d+", "\"metric\" : 123456789012345678901234567890").getBytes()),
                "a damaged snapshot (at engine.gateways[0].metric: expected a whole number up to 9223372036854775807,"
                        + " not the number 12345678901234567890... (30 digits))");
        cases.put(bytes("format.json", good.replaceFirst("\"switchboard-snapshot\"", "\"haproxy-state\"").getBytes()),
                "JSON, but not a switchboard snapshot (its \"format\" is \"haproxy-state\", not \"switchboard-snapshot\")");
        cases.put(bytes("version.json", good.replaceFirst("\"version\" : 1", "\"version\" : \"1\"").getBytes()),
                "a snapshot whose \"version\" is \"1\", not a whole number; this switchboard reads version 1");
        cases.put(bytes("deep.json", (head + "\"net\": " + "[".repeat(5000)).getBytes()),
                "not JSON (arrays or objects nested more than 1000 deep; a snapshot nests a few)");
        cases.put(bytes("twice.json", good.replaceFirst("\\{\n", "{\n  \"format\" : \"switchboard-snapshot\",\n").getBytes()),
                "the key \"format\" is given twice in one object (the second time on line 3); a snapshot has each key once");
        cases.put(bytes("empty.json", new byte[0]), "is empty, not a snapshot");
        cases.put(bytes("latin1.json", "{\"host\": \"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
                "not UTF-8 text (line 1, column 14: byte 0xE9 is not UTF-8; a snapshot is UTF-8 JSON)");
        cases.put(bytes("utf16.json", good.getBytes(java.nio.charset.StandardCharsets.UTF_16)),
                "is UTF-16 text (it starts with a UTF-16 byte order mark); a snapshot is UTF-8 JSON, as switchboard snapshot writes it");
        cases.put(Files.createDirectory(dir.resolve("snapshots.d")), "is a directory, not a snapshot file (give the file switchboard snapshot -o wrote)");
        cases.put(dir.resolve("missing.json"), "no such file");
        for (java.util.Map.Entry<Path, String> c : cases.entrySet()) {
            for (List<String> command : List.of(List.of("doctor"), List.of("status"), List.of("explain", "10.20.0.5"), List.of("console"))) {
                List<String> args = new java.util.ArrayList<>(command);
                args.addAll(List.of("--snapshot", c.getKey().toString()));
                CheckCommandTest.Run r = CheckCommandTest.run(args.toArray(String[]::new));
                assertEquals("switchboard: " + c.getKey() + ": " + c.getValue() + "\n", r.err(), command.toString());
                assertEquals(1, r.code(), command + " " + c.getKey());
                assertEquals("", r.out());
            }
        }
    }

    /** A UTF-8 byte order mark, which an editor's save may add, is skipped as JSON allows (RFC 8259, 8.1). */
    @Test
    void aSnapshotSavedWithAByteOrderMarkIsRead() throws Exception {
        Path plain = file("plain.json", Boxes.healthy());
        byte[] text = Files.readAllBytes(plain);
        byte[] marked = new byte[text.length + 3];
        marked[0] = (byte) 0xEF;
        marked[1] = (byte) 0xBB;
        marked[2] = (byte) 0xBF;
        System.arraycopy(text, 0, marked, 3, text.length);
        CheckCommandTest.Run r = CheckCommandTest.run("doctor", "--snapshot", bytes("marked.json", marked).toString());
        assertEquals(CheckCommandTest.run("doctor", "--snapshot", plain.toString()), r);
    }

    /** In a namespace of its own (its own net.ipv4 sysctls): forwarding on fails, off passes. */
    @Test
    void liveDoctorInANamespace() throws Exception {
        try (Netns ns = Netns.create("doctor")) {
            String[] args = {"--state-dir", dir.resolve("state").toString(), "--socket", dir.resolve("none.sock").toString(),
                    "--config", dir.resolve("none.toml").toString(), "doctor"};
            Path forward = Path.of("/proc/sys/net/ipv4/ip_forward");
            try {
                ns.call(() -> Files.writeString(forward, "1\n"));
            } catch (IOException e) {
                Assumptions.abort("cannot write " + forward + " in a namespace here: " + e);
            }
            CheckCommandTest.Run on = ns.call(() -> CheckCommandTest.run(java.util.Map.of(), args));
            assertEquals(1, on.code(), on.out() + on.err());
            assertTrue(on.out().contains("\nfail  net.ipv4.ip_forward  is 1: "), on.out());
            assertTrue(on.out().contains("no engine answered"), on.out());

            ns.call(() -> Files.writeString(forward, "0\n"));
            CheckCommandTest.Run off = ns.call(() -> CheckCommandTest.run(java.util.Map.of(), args));
            assertEquals(0, off.code(), off.out() + off.err());
            assertTrue(off.out().contains("\nok    net.ipv4.ip_forward  is 0"), off.out());
            assertTrue(off.out().contains("\nwarn  engine  none runs"), off.out());

            String[] snap = {"--state-dir", dir.resolve("state").toString(), "--socket", dir.resolve("none.sock").toString(),
                    "--config", dir.resolve("none.toml").toString(), "snapshot", "-o", dir.resolve("ns.json").toString()};
            CheckCommandTest.Run taken = ns.call(() -> CheckCommandTest.run(java.util.Map.of(), snap));
            assertEquals(0, taken.code(), taken.err());
            Snapshot s = SnapshotJson.read(dir.resolve("ns.json"));
            assertEquals("0", s.sysctls().get(Sysctls.IP_FORWARD));
            assertTrue(s.net().link("lo").isPresent());
            CheckCommandTest.Run offline = CheckCommandTest.run("doctor", "--snapshot", dir.resolve("ns.json").toString());
            assertEquals(off.out().lines().skip(1).toList(), offline.out().lines().skip(1).toList(), "the same findings from the file");
        }
    }

    /**
     * The seed box applied in a namespace, strict rp_filter on eth2 and forwarding on: doctor names
     * both (the pinned LAN bind of ft_exchange); the snapshot read offline says the same; after the
     * fixes, exit 0.
     */
    @Test
    void theSeedBoxWithStrictRpFilterOnEth2AndForwarding() throws Exception {
        try (Netns ns = dev.switchboard.net.SeedBox.create("doctor-seed")) {
            Path config = dir.resolve("switchboard.toml");
            Files.copy(Path.of("conf/switchboard.toml"), config);
            String[] global = {"--state-dir", dir.resolve("state").toString(), "--socket", dir.resolve("none.sock").toString(),
                    "--config", config.toString()};
            CheckCommandTest.Run apply = ns.call(() -> CheckCommandTest.run(java.util.Map.of(), concat(global, "apply")));
            assertEquals(0, apply.code(), apply.err());
            try {
                ns.call(() -> {
                    Files.writeString(Path.of("/proc/sys/net/ipv4/conf/eth2/rp_filter"), "1\n");
                    return Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "1\n");
                });
            } catch (IOException e) {
                Assumptions.abort("cannot write /proc/sys/net in a namespace here: " + e);
            }
            CheckCommandTest.Run live = ns.call(() -> CheckCommandTest.run(java.util.Map.of(), concat(global, "doctor")));
            Files.writeString(Path.of("target/doctor-seed.txt"), live.out());
            assertEquals(1, live.code(), live.out() + live.err());
            assertTrue(live.out().contains("\nfail  net.ipv4.ip_forward  is 1: "), live.out());
            assertTrue(live.out().contains("\nfail  rp_filter eth2  is strict (1) (the larger of all's and eth2's): it drops the clients of"
                    + " ft_exchange 10.2.0.10:443 arriving on eth2, since the kernel's way back to them is eth0  (fix: loose mode: sysctl -w"
                    + " net.ipv4.conf.eth2.rp_filter=2"), live.out());
            assertTrue(live.out().contains("\nok    ft_exchange 10.2.0.10:443  replies leave by eth2 via 10.2.0.1"), live.out());

            Path file = dir.resolve("seed.json");
            assertEquals(0, ns.call(() -> CheckCommandTest.run(java.util.Map.of(), concat(global, "snapshot", "-o", file.toString()))).code());
            CheckCommandTest.Run offline = CheckCommandTest.run("doctor", "--snapshot", file.toString());
            assertEquals(1, offline.code());
            assertEquals(live.out().lines().skip(1).toList(), offline.out().lines().skip(1).toList());
            CheckCommandTest.Run status = CheckCommandTest.run("status", "--snapshot", file.toString());
            assertTrue(status.out().contains(" eth2 "), status.out());

            ns.call(() -> {
                Files.writeString(Path.of("/proc/sys/net/ipv4/conf/eth2/rp_filter"), "2\n");
                return Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "0\n");
            });
            CheckCommandTest.Run fixed = ns.call(() -> CheckCommandTest.run(java.util.Map.of(), concat(global, "doctor")));
            assertEquals(0, fixed.code(), fixed.out());
            assertTrue(fixed.out().contains("\nok    rp_filter eth2  is 2 (loose) for ft_exchange 10.2.0.10:443"), fixed.out());
            assertTrue(fixed.out().contains("\nok    kernel  as the config says (switchboard plan: no changes)\n"), fixed.out());
        }
    }

    /** With an engine answering at the socket (here one that only knows `show state json`), its state is the snapshot's. */
    @Test
    void aSnapshotTakesTheRunningEnginesState() throws Exception {
        try (Netns ns = Netns.create("doctor-engine");
                java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            Path socket = dir.resolve("engine.sock");
            server.bind(java.net.UnixDomainSocketAddress.of(socket));
            String state = dev.switchboard.control.StateJson.encode(Boxes.healthy().engine());
            Thread engine = new Thread(() -> {
                while (server.isOpen()) {
                    try (java.nio.channels.SocketChannel c = server.accept()) {
                        String asked = new String(java.nio.channels.Channels.newInputStream(c).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                        if (asked.equals("show state json\n")) {
                            c.write(java.nio.ByteBuffer.wrap((state + "\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                        }
                    } catch (IOException e) {
                        return; // closed: the test is over
                    }
                }
            });
            engine.setDaemon(true);
            engine.start();
            Path file = dir.resolve("engine.json");
            String[] args = {"--state-dir", dir.resolve("state").toString(), "--socket", socket.toString(),
                    "--config", dir.resolve("none.toml").toString(), "snapshot", "-o", file.toString()};
            CheckCommandTest.Run taken = ns.call(() -> CheckCommandTest.run(java.util.Map.of(), args));
            assertEquals(0, taken.code(), taken.err());
            Snapshot s = SnapshotJson.read(file);
            assertTrue(s.engineRunning());
            assertTrue(s.stateFrom().startsWith("the engine at " + socket + " (show state json); the config could not be read"), s.stateFrom());
            assertEquals(Boxes.healthy().engine().stats().frontends(), s.engine().stats().frontends());
            assertEquals(java.util.Optional.empty(), s.drift());
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
