package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.diagnose.Boxes;
import dev.switchboard.diagnose.Snapshot;
import dev.switchboard.diagnose.SnapshotJson;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.net.Neighbour;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** explain CLIENT --snapshot FILE as support reads a box it is not in front of. */
class ExplainCommandTest {
    @TempDir
    Path dir;

    /** `explain CLIENT [more...] --snapshot` of the healthy box. */
    CheckCommandTest.Run explainHealthy(String... args) throws Exception {
        Path file = dir.resolve("ok.json");
        SnapshotJson.write(Boxes.healthy(), file);
        List<String> all = new java.util.ArrayList<>(List.of("explain"));
        all.addAll(List.of(args));
        all.addAll(List.of("--snapshot", file.toString()));
        return CheckCommandTest.run(all.toArray(String[]::new));
    }

    @Test
    void eachBindsReplyPathFromASnapshot() throws Exception {
        CheckCommandTest.Run r = explainHealthy("10.20.0.5");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(List.of("# replies to 10.20.0.5 on lb1 at 2030-01-02T03:04:05Z, from the snapshot (switchboard's own lookup over its rules and tables)",
                "lan 10.2.0.10:443 interface eth2",
                "  decided by  pin: interface = \"eth2\" (SO_BINDTODEVICE); within it, main table (32766: from all lookup main)",
                "  route       default via 10.2.0.1 dev eth2 metric 2 proto switchboard",
                "  leaves by   eth2 via 10.2.0.1, source 10.2.0.10",
                "  arrives on  eth2: the interface replies leave by",
                "web 203.0.113.10:80",
                "  decided by  main table (32766: from all lookup main)",
                "  route       default via 203.0.113.1 dev eth0 metric 0 proto switchboard",
                "  leaves by   eth0 via 203.0.113.1, source 203.0.113.10",
                "  arrives on  eth0: the interface replies leave by"), r.out().lines().toList());

        CheckCommandTest.Run lan = explainHealthy("10.20.0.5", "--frontend", "lan");
        assertEquals(6, lan.out().lines().count(), lan.out());
    }

    /** An IPv6 client of a box whose binds are all IPv4: nothing it can reach, which is not a good answer (exit 1). */
    @Test
    void aClientOfAFamilyNoBindListensOnIsNotAnAllClear() throws Exception {
        CheckCommandTest.Run r = explainHealthy("2001:db8::5");
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals("no bind listens on IPv6: 2001:db8::5 reaches none of the binds, so no reply to explain", r.out().lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void anUnpinnedLanBindIsFlaggedWithTheFix() throws Exception {
        var unpinned = new dev.switchboard.config.BindSpec(Boxes.LAN.address(), Optional.empty(), false, false);
        List<ReplyRoute> replies = List.of(new ReplyRoute("lan", unpinned, Optional.of("eth2"), Optional.of("eth0"), Optional.of("203.0.113.1"),
                Optional.of("astray")));
        Snapshot s = Boxes.of(true, Boxes.engine(replies, Boxes.stats(true, 2), Optional.empty()),
                Boxes.net(Neighbour.NUD_REACHABLE, List.of(), List.of()), Boxes.sysctls());
        Path file = dir.resolve("astray.json");
        SnapshotJson.write(s, file);
        CheckCommandTest.Run r = CheckCommandTest.run("explain", "10.20.0.5", "--snapshot", file.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("\n  leaves by   eth0 via 203.0.113.1, source 10.2.0.10\n"
                + "  arrives on  eth2, NOT the interface replies leave by (eth0): a gateway that never saw the request drops them\n"
                + "  fix         pin the bind with interface = \"eth2\" in its [[frontend.bind]], or give eth2 a table"), r.out());
    }

    /** eth0's gateway dead and its route failed over behind eth2's: the web bind is not told to pin itself to the dead gateway. */
    @Test
    void duringAFailoverTheFixIsTheGatewayNotAPin() throws Exception {
        Snapshot h = Boxes.healthy();
        var dead = new dev.switchboard.health.GatewayStatus(dev.switchboard.health.HealthState.DEAD, Optional.empty(), 1, Boxes.AT,
                "no echo reply within 1 s");
        var rows = List.of(Boxes.gateways().get(1).withHealth(Optional.empty()), new dev.switchboard.engine.GatewayRow("inet", "eth0",
                List.of("203.0.113.10/24"), "203.0.113.1", 5, "up", "REACHABLE", true, false, Optional.of(dead)));
        var engine = Boxes.withGateways(h.engine(), rows);
        var routes = h.net().routes().stream().map(r -> r.gateway().map(dev.switchboard.config.IpLiteral::format).orElse("").equals("203.0.113.1")
                ? dev.switchboard.net.Route.defaultVia(Boxes.ip("203.0.113.1"), r.oif(), 5, r.protocol()) : r).toList();
        var net = new dev.switchboard.net.NetState(h.net().links(), h.net().addresses(), routes, h.net().neighbours(), h.net().rules());
        Path file = dir.resolve("failover.json");
        SnapshotJson.write(Boxes.of(true, engine, net, h.sysctls()), file);
        CheckCommandTest.Run r = CheckCommandTest.run("explain", "198.18.0.5", "--frontend", "web", "--snapshot", file.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("\n  arrives on  eth0, whose gateway is dead (failed over): clients beyond it cannot reach this bind until it"
                + " answers again; replies leave by eth2 meanwhile\n  fix         nothing on the bind: the gateway (see switchboard doctor)\n"), r.out() + r.err());
        assertTrue(!r.out().contains("pin the bind"), r.out());
    }

    @Test
    void aBindWhoseAddressIsNotOnTheBoxSaysSoNotThatARouteIsMissing() throws Exception {
        var ghost = new dev.switchboard.config.BindSpec(dev.switchboard.config.HostPort.parse("192.0.2.77:80").orElseThrow(),
                Optional.empty(), false, false);
        List<ReplyRoute> replies = List.of(new ReplyRoute("ghost", ghost, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        Snapshot s = Boxes.of(true, Boxes.engine(replies, Boxes.stats(true, 2), Optional.empty()),
                Boxes.net(Neighbour.NUD_REACHABLE, List.of(), List.of()), Boxes.sysctls());
        Path file = dir.resolve("ghost.json");
        SnapshotJson.write(s, file);
        CheckCommandTest.Run r = CheckCommandTest.run("explain", "10.20.0.5", "--snapshot", file.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("\n  route       none: the bind's address 192.0.2.77 is not on this box (the kernel answers ")
                && r.out().contains("\n  fix         put 192.0.2.77 on an interface (addresses = [...] in its [interface]), then switchboard apply\n"),
                r.out());
    }

    @Test
    void usageMistakesAreExit2AndOneLine() throws Exception {
        Path file = dir.resolve("ok.json");
        SnapshotJson.write(Boxes.healthy(), file);
        CheckCommandTest.Run name = CheckCommandTest.run("explain", "client.example", "--snapshot", file.toString());
        assertEquals(2, name.code());
        assertEquals("switchboard: explain: CLIENT \"client.example\" is not an IP address literal (names are not looked up)\n", name.err());
        CheckCommandTest.Run none = CheckCommandTest.run("explain", "10.20.0.5", "--frontend", "nope", "--snapshot", file.toString());
        assertEquals(2, none.code());
        assertEquals("switchboard: explain: no frontend nope with binds; frontends: lan, web\n", none.err());
        CheckCommandTest.Run missing = CheckCommandTest.run("explain", "10.20.0.5", "--snapshot", dir.resolve("missing.json").toString());
        assertEquals(1, missing.code());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertEquals(2, CheckCommandTest.run("explain").code());
    }

    /**
     * A client as a log writes a peer, with its port: said so, with the address to give. A dual-stack
     * socket's IPv4 peer, {@code [::ffff:1.2.3.4]:80}, is the IPv4 client it is.
     */
    @Test
    void aClientWrittenWithItsPortIsToldTheAddressToGive() throws Exception {
        for (String[] c : new String[][] {{"[::ffff:10.20.0.5]:51000", "10.20.0.5"}, {"10.20.0.5:51000", "10.20.0.5"},
                {"[2001:db8::5]:443", "2001:db8::5"}}) {
            CheckCommandTest.Run r = explainHealthy(c[0]);
            assertEquals(2, r.code(), c[0] + ": " + r.out() + r.err());
            assertEquals("switchboard: explain: CLIENT \"" + c[0] + "\" is an address and a port: give the address alone, " + c[1]
                    + " (a reply's path does not depend on the port)\n", r.err());
        }
        // the mapped address alone is that IPv4 client: its replies are IPv4's
        CheckCommandTest.Run mapped = explainHealthy("::ffff:10.20.0.5");
        CheckCommandTest.Run plain = explainHealthy("10.20.0.5");
        assertEquals(plain.code(), mapped.code(), mapped.err());
        assertEquals(plain.out().lines().skip(1).toList(), mapped.out().lines().skip(1).toList());
    }

    /** A reply never goes to these: the kernel's lookup for them is not a reply's path, so asking is a mistake, not a bug (70). */
    @Test
    void anAddressNoClientCanHaveIsAUsageMistake() throws Exception {
        for (String[] c : new String[][] {{"255.255.255.255", "the broadcast address"}, {"224.0.0.1", "a multicast address"},
                {"ff02::1", "a multicast address"}, {"0.0.0.0", "the unspecified address"}, {"::", "the unspecified address"}}) {
            CheckCommandTest.Run r = explainHealthy(c[0]);
            assertEquals(2, r.code(), c[0] + ": " + r.out() + r.err());
            assertEquals("switchboard: explain: CLIENT " + c[0] + " is " + c[1]
                    + ": no TCP client connects from one; give the address a client connects from\n", r.err());
            assertEquals("", r.out());
        }
    }
}
