package dev.switchboard.health;

import static dev.switchboard.health.GatewayTopology.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.CheckTarget;
import dev.switchboard.net.Kernel;
import dev.switchboard.net.Neighbour;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each probe against real gateways, in namespaces the test makes (see {@link GatewayTopology}). */
class ProbesInNamespacesTest {
    static final Duration SECOND = Duration.ofSeconds(1);
    static final CheckTarget BEYOND = CheckTarget.of(ip("198.18.0.5"));

    static List<ProbeResult> round(GatewayTopology t, Probe probe, List<CheckTarget> targets, Duration timeout) throws Exception {
        return t.appliance.call(() -> probe.round(targets, timeout)); // sockets are born in the appliance's namespace
    }

    @Test
    void icmpBeyondEachGatewayLeavesThroughThatGatewayWhicheverRouteWins() throws Exception {
        try (GatewayTopology t = GatewayTopology.create()) {
            Kernel k = t.appliance.kernel();
            IcmpProbe eth0 = new IcmpProbe("eth0", k);
            IcmpProbe eth1 = new IcmpProbe("eth1", k);
            assertTrue(round(t, eth0, List.of(BEYOND), SECOND).get(0).ok(), "through gw0");
            assertTrue(eth0.usesRawSockets(), "ping_group_range is \"1 0\" in a new namespace: raw sockets (root has CAP_NET_RAW)");
            assertTrue(round(t, eth1, List.of(BEYOND), SECOND).get(0).ok(), "through gw1, though eth0's route wins");

            t.forwarding(0, false);
            ProbeResult lost = round(t, eth0, List.of(BEYOND), Duration.ofMillis(300)).get(0);
            assertFalse(lost.ok());
            assertEquals("198.18.0.5: no echo reply within 0.3 s", lost.describe());
            assertTrue(round(t, eth1, List.of(BEYOND), SECOND).get(0).ok(), "gw1 still forwards, and eth1's probes do not use gw0");
        }
    }

    @Test
    void icmpUsesPingSocketsWherePingGroupRangeAllows() throws Exception {
        try (GatewayTopology t = GatewayTopology.create()) {
            t.appliance.call(() -> GatewayTopology.sysctl("net/ipv4/ping_group_range", "0 2147483647"));
            IcmpProbe probe = new IcmpProbe("eth1", t.appliance.kernel());
            List<ProbeResult> r = round(t, probe, List.of(BEYOND, CheckTarget.of(ip("10.1.0.1"))), SECOND);
            assertTrue(r.get(0).ok() && r.get(1).ok(), r.toString());
            assertFalse(probe.usesRawSockets());
        }
    }

    @Test
    void arpAsksTheGatewayOnTheLinkEachRound() throws Exception {
        try (GatewayTopology t = GatewayTopology.create()) {
            Kernel k = t.appliance.kernel();
            ArpProbe probe = new ArpProbe("eth0", k);
            CheckTarget gateway = CheckTarget.of(ip("10.0.0.1"));
            assertTrue(round(t, probe, List.of(gateway), SECOND).get(0).ok(), "no entry yet: resolved (NTF_USE)");
            assertEquals("reachable", k.neighbour(k.index("eth0"), ip("10.0.0.1")).orElseThrow().stateName());
            ProbeResult again = round(t, probe, List.of(gateway), SECOND).get(0);
            assertTrue(again.ok(), "a REACHABLE entry is asked again (NUD_PROBE), not trusted: " + again);

            CheckTarget nobody = CheckTarget.of(ip("10.0.0.99"));
            ProbeResult missing = round(t, probe, List.of(nobody), Duration.ofMillis(500)).get(0);
            assertFalse(missing.ok());
            assertEquals("10.0.0.99: no ARP answer within 0.5 s", missing.describe());
            int state = k.neighbour(k.index("eth0"), ip("10.0.0.99")).orElseThrow().state();
            assertTrue((state & (Neighbour.NUD_INCOMPLETE | Neighbour.NUD_FAILED)) != 0, "the kernel is resolving it, or gave up");
        }
    }

    @Test
    void ipv6GatewaysAreAskedOverNdpAndIcmpv6() throws Exception {
        try (GatewayTopology t = GatewayTopology.create()) {
            t.appliance.kernel().addAddress("eth0", ip("2001:db8::10"), 64);
            t.gw0.kernel().addAddress("a0", ip("2001:db8::1"), 64);
            Kernel k = t.appliance.kernel();
            CheckTarget gateway = CheckTarget.of(ip("2001:db8::1"));
            // the new addresses are tentative until duplicate address detection ends (about a
            // second): no solicitation leaves meanwhile, so a round may fail before one answers
            ProbeResult ndp = null;
            for (int round = 0; round < 4 && (ndp == null || !ndp.ok()); round++) {
                ndp = round(t, new ArpProbe("eth0", k), List.of(gateway), SECOND).get(0);
            }
            assertTrue(ndp.ok(), "NDP: " + ndp.describe() + " " + k.neighbour(k.index("eth0"), ip("2001:db8::1")));
            assertTrue(round(t, new IcmpProbe("eth0", k), List.of(gateway), SECOND).get(0).ok(), "ICMPv6 echo");
            ProbeResult nobody = round(t, new ArpProbe("eth0", k), List.of(CheckTarget.of(ip("2001:db8::99"))), Duration.ofMillis(300)).get(0);
            assertEquals("2001:db8::99: no NDP answer within 0.3 s", nobody.describe());
        }
    }

    @Test
    void arpOfAGatewayThatWentAwayFails() throws Exception {
        try (GatewayTopology t = GatewayTopology.create()) {
            Kernel k = t.appliance.kernel();
            ArpProbe probe = new ArpProbe("eth0", k);
            CheckTarget gateway = CheckTarget.of(ip("10.0.0.1"));
            assertTrue(round(t, probe, List.of(gateway), SECOND).get(0).ok());
            t.gw0.kernel().deleteAddress("a0", ip("10.0.0.1"), 24); // the link stays up: only ARP can tell
            assertFalse(round(t, probe, List.of(gateway), Duration.ofMillis(500)).get(0).ok(), "the cached REACHABLE is not believed");
        }
    }

    @Test
    void tcpToAListeningPortAnswersAndToAClosedOneIsRefused() throws Exception {
        try (GatewayTopology t = GatewayTopology.create()) {
            ServerSocket listening = t.internet.call(() -> {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress(ip("198.18.0.5"), 0));
                return s;
            });
            ServerSocket closed = t.internet.call(() -> {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress(ip("198.18.0.5"), 0));
                return s;
            });
            int closedPort = closed.getLocalPort();
            closed.close();
            try (listening) {
                TcpProbe probe = new TcpProbe("eth1", t.appliance.kernel());
                CheckTarget open = new CheckTarget(ip("198.18.0.5"), listening.getLocalPort());
                CheckTarget shut = new CheckTarget(ip("198.18.0.5"), closedPort);
                List<ProbeResult> r = round(t, probe, List.of(open, shut), SECOND);
                assertTrue(r.get(0).ok(), r.get(0).describe());
                assertFalse(r.get(1).ok());
                assertTrue(r.get(1).error().contains("ECONNREFUSED"), r.get(1).describe());

                t.forwarding(1, false);
                ProbeResult silent = round(t, probe, List.of(open), Duration.ofMillis(300)).get(0);
                assertEquals(open + ": no answer within 0.3 s", silent.describe());
            }
        }
    }
}
