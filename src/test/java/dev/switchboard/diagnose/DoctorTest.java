package dev.switchboard.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.health.GatewayStatus;
import dev.switchboard.health.HealthState;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.net.Neighbour;
import dev.switchboard.net.Route;
import dev.switchboard.net.Rule;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each check of doctor, firing and not, on boxes built by hand: a pure function of the snapshot. */
class DoctorTest {
    static List<String> lines(Snapshot s) {
        return Doctor.check(s).stream().map(Finding::line).toList();
    }

    static List<Finding> bad(Snapshot s) {
        return Doctor.check(s).stream().filter(f -> f.level() != Finding.Level.OK).toList();
    }

    @Test
    void aHealthyBoxHasOnlyOks() {
        List<Finding> all = Doctor.check(Boxes.healthy());
        assertEquals(List.of(), bad(Boxes.healthy()), String.join("\n", lines(Boxes.healthy())));
        assertTrue(all.size() >= 8, all.toString());
        assertFalse(Doctor.fails(all, true));
        assertTrue(lines(Boxes.healthy()).contains("ok    net.ipv4.ip_forward  is 0: the box does not route between its networks"),
                String.join("\n", lines(Boxes.healthy())));
    }

    @Test
    void ipForwardOnFailsWithTheSysctlDLine() {
        Snapshot s = Boxes.withSysctl(Boxes.healthy(), Sysctls.IP_FORWARD, "1");
        List<Finding> bad = bad(s);
        assertEquals(1, bad.size(), bad.toString());
        assertEquals("fail  net.ipv4.ip_forward  is 1: the box routes between its networks (the DMZs reach each other through it);"
                + " a load balancer never forwards  (fix: sysctl -w net.ipv4.ip_forward=0 and, to keep it, the line"
                + " `net.ipv4.ip_forward = 0` in /etc/sysctl.d/90-switchboard.conf)", bad.get(0).line());
        assertTrue(Doctor.fails(Doctor.check(s), false));
    }

    @Test
    void strictRpFilterFailsWhereTheWayBackIsAnotherInterface() {
        // all = 1 and 0 of their own makes eth0 and eth2 strict: eth2's pinned bind breaks, eth0's does not (its way back is eth0)
        Snapshot s = Boxes.withSysctl(Boxes.healthy(), Sysctls.conf("all", "rp_filter"), "1");
        s = Boxes.withSysctl(Boxes.withSysctl(s, Sysctls.conf("eth0", "rp_filter"), "0"), Sysctls.conf("eth2", "rp_filter"), "0");
        assertEquals(List.of(), bad(Boxes.withSysctl(Boxes.healthy(), Sysctls.conf("all", "rp_filter"), "1")), "loose on eth2 wins over all's 1");
        List<Finding> bad = bad(s);
        assertEquals(1, bad.size(), bad.toString());
        Finding f = bad.get(0);
        assertEquals(Finding.Level.FAIL, f.level());
        assertEquals("rp_filter eth2", f.subject());
        assertTrue(f.what().contains("lan 10.2.0.10:443") && f.what().contains("is eth0"), f.what());
        assertTrue(f.fix().orElseThrow().contains("`net.ipv4.conf.eth2.rp_filter = 2`"), f.fix().toString());
        assertTrue(lines(s).stream().anyMatch(l -> l.startsWith("ok    rp_filter eth0  is strict (1)")), lines(s).toString());
    }

    @Test
    void strictRpFilterIsFineWhenAPolicyRuleRoutesBackThroughTheInterface() {
        Snapshot h = Boxes.healthy();
        Rule rule = Rule.fromAddress(Boxes.ip("10.2.0.10"), 102, 1000);
        Rule main = new Rule(Route.AF_INET, Route.TABLE_MAIN, 32766, Optional.empty(), 0, 2, Rule.FR_ACT_TO_TBL);
        Route table102 = new Route(Route.AF_INET, 102, Boxes.ip("0.0.0.0"), 0, Optional.of(Boxes.ip("10.2.0.1")), 4, 0,
                Route.PROTO_SWITCHBOARD, 0, 1);
        Snapshot s = Boxes.of(true, h.engine(), Boxes.net(Neighbour.NUD_REACHABLE, List.of(rule, main), List.of(table102)), h.sysctls());
        s = Boxes.withSysctl(s, Sysctls.conf("eth2", "rp_filter"), "1");
        assertEquals(List.of(), bad(s));
        assertEquals(Optional.of("eth0"), SysctlChecks.reversePath(s.net(), Boxes.WEB));
        assertEquals(Optional.of("eth2"), SysctlChecks.reversePath(s.net(), Boxes.LAN));
    }

    @Test
    void arpAtZeroWithSeveralInterfacesUpWarns() {
        Snapshot s = Boxes.withSysctl(Boxes.withSysctl(Boxes.healthy(), Sysctls.conf("eth1", "arp_ignore"), "0"),
                Sysctls.conf("all", "arp_ignore"), "0");
        List<Finding> bad = bad(s);
        assertEquals(1, bad.size(), bad.toString());
        assertEquals(Finding.Level.WARN, bad.get(0).level());
        assertEquals("net.ipv4.conf.all.arp_ignore", bad.get(0).subject());
        assertTrue(bad.get(0).what().startsWith("is 0 on eth1 with 3 interfaces up with IPv4 addresses"), bad.get(0).what());
        assertFalse(Doctor.fails(Doctor.check(s), false));
        assertTrue(Doctor.fails(Doctor.check(s), true));
        // one interface up: no flux to speak of
        Snapshot one = Boxes.of(true, s.engine(), new dev.switchboard.net.NetState(Boxes.links().subList(0, 2), List.of(), List.of(),
                List.of()), s.sysctls());
        assertEquals(List.of(), SysctlChecks.arp(one.net(), one.sysctls()));
    }

    @Test
    void repliesByAnotherInterfaceWarnNamingTheFrontendAndBothInterfaces() {
        Snapshot h = Boxes.healthy();
        ReplyRoute astray = new ReplyRoute("lan", Boxes.LAN, Optional.of("eth2"), Optional.of("eth0"),
                Optional.of("203.0.113.1"), Optional.of("traffic arrives on eth2 but replies leave by eth0"));
        Snapshot s = Boxes.of(true, Boxes.engine(List.of(astray, Boxes.replies().get(1)), Boxes.stats(true, 2), Optional.empty()),
                h.net(), h.sysctls());
        List<Finding> bad = bad(s);
        assertEquals(1, bad.size(), bad.toString());
        assertEquals("warn  lan 10.2.0.10:443  traffic arrives on eth2 but replies leave by eth0 via 203.0.113.1: a gateway that never"
                + " saw the request drops them  (fix: pin the bind with interface = \"eth2\" in its [[frontend.bind]], or give eth2 a table)",
                bad.get(0).line());
    }

    @Test
    void bindsNotListeningAndBackendsWithNoServerUpFail() {
        Snapshot h = Boxes.healthy();
        Snapshot s = Boxes.of(true, Boxes.engine(Boxes.replies(), Boxes.stats(false, 0), Optional.empty()), h.net(), h.sysctls());
        List<String> bad = bad(s).stream().map(Finding::line).toList();
        assertEquals(2, bad.size(), bad.toString());
        assertTrue(bad.get(0).startsWith("fail  lan 10.2.0.10:443  does not listen: Cannot assign requested address  (fix: "), bad.get(0));
        assertTrue(bad.get(1).startsWith("fail  backend bk  no server up (0 of 2)"), bad.get(1));
    }

    @Test
    void noEngineWarnsAndSkipsTheProxy() {
        Snapshot h = Boxes.healthy();
        Snapshot s = Boxes.of(false, Boxes.engine(Boxes.replies(), Boxes.stats(false, 0), Optional.empty()), h.net(), h.sysctls());
        List<Finding> bad = bad(s);
        assertEquals(1, bad.size(), bad.toString());
        assertEquals("engine", bad.get(0).subject());
        assertEquals(Finding.Level.WARN, bad.get(0).level());
    }

    @Test
    void aPendingTryWarns() {
        Snapshot h = Boxes.healthy();
        Engine.PendingTry t = new Engine.PendingTry("alice (uid 1000)", Boxes.AT, Boxes.AT.plusSeconds(60));
        Snapshot s = Boxes.of(true, Boxes.engine(Boxes.replies(), Boxes.stats(true, 2), Optional.of(t)), h.net(), h.sysctls());
        List<Finding> bad = bad(s);
        assertEquals(1, bad.size(), bad.toString());
        assertTrue(bad.get(0).line().startsWith("warn  try  a try by alice (uid 1000) since 2030-01-02T03:04:05Z is pending"), bad.get(0).line());
        assertTrue(bad.get(0).line().endsWith("(fix: switchboard confirm (to keep it) or switchboard rollback)"), bad.get(0).line());
    }

    @Test
    void theWinningGatewaysNeighbourFailedFails() {
        Snapshot h = Boxes.healthy();
        Snapshot s = Boxes.of(true, h.engine(), Boxes.net(Neighbour.NUD_FAILED, List.of(), List.of()), h.sysctls());
        List<Finding> bad = bad(s);
        assertEquals(1, bad.size(), bad.toString());
        assertEquals("gateway 203.0.113.1 on eth0", bad.get(0).subject());
        assertEquals(Finding.Level.FAIL, bad.get(0).level());
        assertTrue(lines(h).contains("ok    gateway 203.0.113.1 on eth0  the winning default route's gateway, neighbour reachable"),
                lines(h).toString());
    }

    /** Gateways judged by their checks: the winner dead fails, another dead one warns, the winner alive is ok; unchecked, nothing. */
    @Test
    void aDeadGatewayByItsCheckFailsWhenItWinsAndWarnsWhenItWasFailedOver() {
        java.time.Instant since = Boxes.AT.minusSeconds(271);
        var dead = Optional.of(new GatewayStatus(HealthState.DEAD, Optional.empty(), 1, since, "198.18.0.5: no echo reply within 1 s"));
        var alive = Optional.of(new GatewayStatus(HealthState.ALIVE, Optional.of(java.time.Duration.ofMillis(12)), 0, since, "answered"));
        List<GatewayRow> failedOver = List.of(new GatewayRow("inet", "eth2", List.of("10.2.0.10/24"), "10.2.0.1", 2, "up", "REACHABLE", true,
                true, alive), new GatewayRow("inet", "eth0",
                List.of("203.0.113.10/24"), "203.0.113.1", 5, "up", "REACHABLE", true, false, dead));
        assertEquals(List.of("ok    gateway 10.2.0.1 on eth2  the winning default route's gateway, alive 12ms by its check",
                "warn  gateway 203.0.113.1 on eth0  dead by its check (dead 00:04:31: 198.18.0.5: no echo reply within 1 s): its default"
                        + " route is behind the live ones (metric 5), and binds pinned to eth0 get no replies out"
                        + "  (fix: check the gateway and what its check asks; the route returns to its metric once the check answers again)"),
                Doctor.gatewayHealth(failedOver, Boxes.AT).stream().map(Finding::line).toList());
        List<Finding> allDead = Doctor.gatewayHealth(List.of(Boxes.gateways().get(0).withHealth(dead)), Boxes.AT);
        assertEquals(Finding.Level.FAIL, allDead.get(0).level());
        assertTrue(allDead.get(0).what().startsWith("the winning default route's gateway is dead by its check (dead 00:04:31: "), allDead.toString());
        assertEquals(List.of(), Doctor.gatewayHealth(Boxes.gateways(), Boxes.AT), "no health known: nothing said");

        // the bind whose traffic arrives on the dead gateway's interface: no pin advised
        ReplyRoute astray = new ReplyRoute("web", Boxes.WEB, Optional.of("eth0"), Optional.of("eth2"), Optional.of("10.2.0.1"),
                Optional.of("eth0's gateway is dead: clients beyond it cannot reach this bind until it answers again"));
        assertEquals(List.of("warn  web 203.0.113.10:80  eth0's gateway is dead: clients beyond it cannot reach this bind until it answers again"
                + "  (fix: nothing to change on the bind: see the finding of eth0's gateway)"),
                Doctor.replies(List.of(astray), dev.switchboard.engine.Gateways.dead(failedOver)).stream().map(Finding::line).toList());
    }

    @Test
    void nonlocalBindOnWarns() {
        Snapshot s = Boxes.withSysctl(Boxes.healthy(), Sysctls.NONLOCAL_BIND, "1");
        List<Finding> bad = bad(s);
        assertEquals(1, bad.size(), bad.toString());
        assertEquals("net.ipv4.ip_nonlocal_bind", bad.get(0).subject());
        assertTrue(bad.get(0).fix().orElseThrow().contains("freebind = true"));
        assertTrue(lines(Boxes.withSysctl(Boxes.healthy(), Sysctls.NONLOCAL_BIND, "0")).stream()
                .anyMatch(l -> l.startsWith("ok    net.ipv4.ip_nonlocal_bind  is 0")));
    }

    @Test
    void anExternalDefaultRouteAtOrBelowSwitchboardsMetricWarns() {
        Snapshot h = Boxes.healthy();
        Route dhcp = Route.defaultVia(Boxes.ip("198.51.100.1"), 3, 0, 16); // proto dhcp, metric 0: holds eth0's place
        Route behind = Route.defaultVia(Boxes.ip("198.51.100.1"), 3, 100, 16);
        Snapshot held = Boxes.of(true, h.engine(), Boxes.net(Neighbour.NUD_REACHABLE, List.of(), List.of(dhcp)), h.sysctls());
        List<Finding> bad = bad(held);
        assertEquals(1, bad.size(), bad.toString());
        assertTrue(bad.get(0).line().startsWith("warn  route default via 198.51.100.1 dev eth1 metric 0 proto dhcp  holds metric 0,"),
                bad.get(0).line());
        assertTrue(bad.get(0).line().contains("(fix: ip route del default via 198.51.100.1 dev eth1 metric 0, and stop"), bad.get(0).line());
        Snapshot fine = Boxes.of(true, h.engine(), Boxes.net(Neighbour.NUD_REACHABLE, List.of(), List.of(behind)), h.sysctls());
        assertEquals(List.of(), bad(fine));
    }

    @Test
    void driftFromTheConfigWarns() {
        Snapshot s = Boxes.withDrift(Boxes.healthy(), Optional.of(List.of("- route default via 10.2.0.1 dev eth2 metric 2", "~ link eth1 up")));
        List<Finding> bad = bad(s);
        assertEquals(1, bad.size(), bad.toString());
        assertEquals("warn  kernel  drifts from the config: 2 changes to apply, first - route default via 10.2.0.1 dev eth2 metric 2"
                + "  (fix: switchboard plan shows them all; switchboard apply brings the kernel back)", bad.get(0).line());
        assertTrue(lines(Boxes.healthy()).contains("ok    kernel  as the config says (switchboard plan: no changes)"));
        assertEquals(List.of(), Doctor.drift(Boxes.withDrift(Boxes.healthy(), Optional.empty())));
    }

    @Test
    void twoInterfacesInOneSubnetAreNamedInTheArpWarning() {
        Snapshot h = Boxes.withSysctl(Boxes.healthy(), Sysctls.conf("all", "arp_ignore"), "0");
        h = Boxes.withSysctl(Boxes.withSysctl(h, Sysctls.conf("eth1", "arp_ignore"), "0"), Sysctls.conf("eth2", "arp_ignore"), "0");
        dev.switchboard.net.NetState n = h.net();
        dev.switchboard.net.NetState shared = new dev.switchboard.net.NetState(n.links(), List.of(n.addresses().get(0),
                new dev.switchboard.net.Address(3, Boxes.ip("10.2.0.11"), 24), n.addresses().get(2)), n.routes(), n.neighbours(), n.rules());
        Snapshot s = Boxes.of(true, h.engine(), shared, h.sysctls());
        List<Finding> bad = bad(s);
        assertEquals(1, bad.size(), bad.toString());
        assertTrue(bad.get(0).what().startsWith("is 0 on eth1, eth2 with 3 interfaces up with IPv4 addresses (eth1 and eth2 share 10.2.0.0/24): "),
                bad.get(0).what());
    }

    @Test
    void rpFilterIsNotAskedOfAnIpv6Bind() {
        Snapshot h = Boxes.healthy();
        dev.switchboard.config.BindSpec v6 = new dev.switchboard.config.BindSpec(
                dev.switchboard.config.HostPort.parse("[2001:db8::10]:443").orElseThrow(), Optional.of("eth1"), false, false);
        ReplyRoute r = new ReplyRoute("v6", v6, Optional.of("eth1"), Optional.of("eth1"), Optional.empty(), Optional.empty());
        Snapshot s = Boxes.of(true, Boxes.engine(List.of(r), Boxes.stats(true, 2), Optional.empty()), h.net(),
                Boxes.withSysctl(h, Sysctls.conf("eth1", "rp_filter"), "1").sysctls());
        assertEquals(List.of(), SysctlChecks.rpFilter(s));
    }
}
