package dev.switchboard.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.engine.Engine;
import dev.switchboard.net.Neighbour;
import dev.switchboard.net.Rule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot file written and read back equal; a damaged or hostile one is one line, never a stack trace. */
class SnapshotJsonTest {
    @TempDir
    Path dir;

    static Snapshot full() {
        Snapshot h = Boxes.healthy();
        Engine.PendingTry t = new Engine.PendingTry("alice", Boxes.AT, Boxes.AT.plusSeconds(60));
        return Boxes.withDrift(Boxes.of(true, Boxes.engine(Boxes.replies(), Boxes.stats(false, 1), Optional.of(t)),
                Boxes.net(Neighbour.NUD_FAILED, List.of(Rule.fromAddress(Boxes.ip("10.2.0.10"), 102, 1000),
                        Rule.fromAddress(Boxes.ip("2001:db8::10"), 102, 1000)), List.of()), h.sysctls()),
                Optional.of(List.of("+ route default via 10.2.0.1 dev eth2 metric 2")));
    }

    @Test
    void roundTrip() throws Exception {
        Snapshot s = full();
        Path file = dir.resolve("box.json");
        SnapshotJson.write(s, file);
        Snapshot back = SnapshotJson.read(file);
        assertEquals(s, back);
        assertEquals(Doctor.check(s), Doctor.check(back));
        String text = Files.readString(file);
        assertTrue(text.contains("\"format\" : \"switchboard-snapshot\""), text.substring(0, 200));
        assertTrue(text.contains("\"2001:db8::10\""), "addresses as literals");
    }

    /** The bad day's snapshot: gateways with their health (one alive, one dead) are read back as written; they were refused as damaged. */
    @Test
    void gatewaysWithTheirHealthRoundTrip() throws Exception {
        Snapshot h = full();
        var alive = new dev.switchboard.health.GatewayStatus(dev.switchboard.health.HealthState.ALIVE,
                Optional.of(java.time.Duration.ofMillis(12)), 0, Boxes.AT, "answered");
        var dead = new dev.switchboard.health.GatewayStatus(dev.switchboard.health.HealthState.DEAD, Optional.empty(), 1, Boxes.AT,
                "198.18.0.5: no echo reply within 1 s");
        var e = h.engine();
        var rows = List.of(e.gateways().get(0).withHealth(Optional.of(dead)), e.gateways().get(1).withHealth(Optional.of(alive)));
        Snapshot s = Boxes.withDrift(Boxes.of(true, Boxes.withGateways(e, rows), h.net(), h.sysctls()), h.drift());
        Path file = dir.resolve("bad-day.json");
        SnapshotJson.write(s, file);
        assertEquals(s, SnapshotJson.read(file));
    }

    /** A snapshot as an older build wrote it: without the field {@code name}, whose value {@code value} matches. */
    Path olderWithout(String name, String value) throws Exception {
        Path file = dir.resolve("box.json");
        SnapshotJson.write(full(), file);
        String older = Files.readString(file).replaceAll(",\\s*\"" + name + "\"\\s*:\\s*" + value, "");
        assertFalse(older.contains("\"" + name + "\""), "the field is gone");
        Files.writeString(file, older);
        return file;
    }

    /** A snapshot of the build before the connection budget was recorded is read, its budget not known (0). */
    @Test
    void aSnapshotWrittenBeforeTheBudgetWasRecordedIsRead() throws Exception {
        Path file = olderWithout("budget", "\\d+");
        assertEquals(0, SnapshotJson.read(file).engine().stats().budget());
        assertEquals(Doctor.check(full()), Doctor.check(SnapshotJson.read(file)));
    }

    /** A snapshot of the build before multipath routes were read is read, its routes of one path each. */
    @Test
    void aSnapshotWrittenBeforeNextHopsWereReadIsRead() throws Exception {
        assertEquals(full().net(), SnapshotJson.read(olderWithout("nexthops", "\\[\\s*\\]")).net());
    }

    static String refused(String content) throws Exception {
        Path file = Files.createTempFile("snap", ".json");
        try {
            Files.write(file, content.getBytes(StandardCharsets.UTF_8));
            SnapshotJson.Refused e = assertThrows(SnapshotJson.Refused.class, () -> SnapshotJson.read(file));
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
            assertTrue(e.getMessage().length() < 300, e.getMessage());
            return e.getMessage().substring(file.toString().length() + 2);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void hostileFiles() throws Exception {
        assertEquals("is empty, not a snapshot", refused(""));
        assertEquals("larger than 8 MiB, not a snapshot", refused("[" + "0,".repeat(5 << 20) + "0]"));
        assertTrue(refused("hello").startsWith("not JSON (line 1, column "), refused("hello"));
        assertTrue(refused("{\"format\":\u0000}").startsWith("not JSON ("), refused("{\"format\":\u0000}"));
        assertTrue(refused("\u0000\u0000\u0000").startsWith("not JSON ("));
        assertEquals("JSON, but not a switchboard snapshot (no \"format\": \"switchboard-snapshot\")", refused("{\"gateways\":[]}"));
        assertEquals("JSON, but not a switchboard snapshot (no \"format\": \"switchboard-snapshot\")", refused("[1,2]"));
        assertEquals("a snapshot of version 2; this switchboard reads version 1",
                refused("{\"format\":\"switchboard-snapshot\",\"version\":2}"));
        assertTrue(refused("{\"format\":\"switchboard-snapshot\",\"version\":1}").startsWith("a damaged snapshot ("));
        String good = SnapshotJson.encode(full());
        assertTrue(refused(good.replace("\"10.2.0.10\"", "\"lb.example.com\"")).startsWith("a damaged snapshot ("), "never DNS");
        assertTrue(refused(good.replace("\"net\" : {", "\"net\" : null, \"x\" : {")).startsWith("a damaged snapshot ("));
        assertTrue(refused(good.replace("\"name\" : \"eth1\"", "\"name\" : null")).startsWith("a damaged snapshot ("));
        assertTrue(refused(good + "{}").startsWith("not JSON ("), refused(good + "{}"));
        assertTrue(refused("[".repeat(100_000)).startsWith("not JSON ("));
        String longPrefix = refused(good.replaceFirst("\"dstLength\" : \\d+", "\"dstLength\" : 200"));
        assertTrue(longPrefix.startsWith("a damaged snapshot (at net.") && longPrefix.endsWith("dstLength 200 is not a prefix length of a 32-bit address)"),
                longPrefix);
    }

    /** Each mistake of JSON said in words of its own, where it is: Jackson's name for it never reaches the user. */
    @Test
    void notJsonIsSaidWhereAndHow() throws Exception {
        assertEquals("not JSON (line 1, column 1: unexpected \"hello\")", refused("hello"));
        assertEquals("not JSON (line 1, column 11: unexpected character U+0000)", refused("{\"format\":\u0000}"));
        assertEquals("not JSON (line 1, column 1: unexpected character U+0000)", refused("\u0000\u0000\u0000"));
        assertEquals("not JSON (line 1, column 7: unexpected \"NaN\")", refused("{\"a\": NaN}"));
        assertEquals("not JSON (line 1, column 2: unexpected character '\'')", refused("{'a': 1}"));
        assertEquals("not JSON (line 1, column 9: a control character inside a string (JSON writes it escaped))", refused("{\"a\": \"x\ny\"}"));
        assertEquals("not JSON (line 1, column 9: an escape in a string that JSON does not have)", refused("{\"a\": \"\\q\"}"));
        assertEquals("not JSON (line 1, column 8: a number not written as JSON writes numbers)", refused("{\"a\": 01}"));
        assertEquals("not JSON (a number of more than 1000 digits)", refused("{\"a\": " + "1".repeat(2000) + "}"));
        assertEquals("not JSON (line 3, column 1: more after the end of the JSON value: one snapshot is one object)",
                refused("{}\n\n{}"));
        assertEquals("not JSON (arrays or objects nested more than 1000 deep; a snapshot nests a few)", refused("[".repeat(100_000)));
    }

    /** A key given twice is refused wherever it is (Jackson would keep the last), with its name and line. */
    @Test
    void aKeyGivenTwiceIsRefused() throws Exception {
        String good = SnapshotJson.encode(full());
        int line = (int) good.substring(0, good.indexOf("\"host\"")).chars().filter(c -> c == '\n').count() + 1;
        assertEquals("the key \"host\" is given twice in one object (the second time on line " + (line + 1) + "); a snapshot has each key once",
                refused(good.replaceFirst("(\"host\" : \"[^\"]*\",\n)", "$1  \"host\" : \"other\",\n")));
        assertTrue(refused(good.replaceFirst("\"name\" : \"eth1\",", "\"name\" : \"eth1\", \"name\" : \"eth9\","))
                .startsWith("the key \"name\" is given twice in one object (the second time on line "));
    }

    /** A damaged field named by its path in the file, and what was there, in JSON's words. */
    @Test
    void aDamagedFieldIsNamedByItsPathAndWhatIsThere() throws Exception {
        String good = SnapshotJson.encode(full());
        assertEquals("a damaged snapshot (at engine.stats.frontends[0].name: expected a string, not the number 7)",
                refused(good.replaceFirst("\"name\" : \"[^\"]*\"", "\"name\" : 7")));
        assertEquals("a damaged snapshot (at engine.gateways[0].metric: expected a whole number up to 9223372036854775807,"
                + " not the number 1" + "0".repeat(19) + "... (60 digits))", refused(good.replaceFirst("\"metric\" : \\d+", "\"metric\" : 1" + "0".repeat(59))));
        assertEquals("a damaged snapshot (at at: expected a time such as \"2026-01-31T12:00:00Z\", not \"yesterday\")",
                refused(good.replaceFirst("\"at\" : \"[^\"]*\"", "\"at\" : \"yesterday\"")));
        assertEquals("a damaged snapshot (at net.routes[0].dst: not an address literal: \"lb.example.com\")",
                refused(good.replaceFirst("\"dst\" : \"[^\"]*\"", "\"dst\" : \"lb.example.com\"")));
        for (String damaged : List.of(refused(good.replaceFirst("\"engineRunning\" : \\w+", "\"engineRunning\" : \"yes\"")),
                refused(good.replaceFirst("\"links\" : \\[", "\"links\" : { \"x\": [").replaceFirst("\\]\\s*,\\s*\"addresses\"", "]}, \"addresses\"")),
                refused(good.replaceFirst("\"at\" : \"[^\"]*\"", "\"at\" : [ 2030 ]")))) {
            assertTrue(damaged.startsWith("a damaged snapshot (at "), damaged);
            for (String internal : List.of("`", "Cannot deserialize", "token", "Source:", "java.", "dev.switchboard", "No enum constant")) {
                assertFalse(damaged.contains(internal), damaged);
            }
        }
    }

    @Test
    void stringsFromAnotherBoxCannotReachTheTerminal() throws Exception {
        String good = SnapshotJson.encode(full());
        String host = full().host();
        Snapshot s = SnapshotJson.decode(good.replace("\"" + host + "\"", "\"\\u001b]0;pwned\\u0007\\u001b[2J\\u202eEVIL\""), "s.json");
        assertEquals("?]0;pwned??[2J?EVIL", s.host());
        assertEquals(full().config(), s.config(), "a config's line breaks and tabs stay");
    }
}
