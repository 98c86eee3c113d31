package dev.switchboard.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.config.Cidr;
import dev.switchboard.config.IpLiteral;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The warnings a plan earns before it is applied: an operator told before the branch he sits on is cut. */
class CutOffTest {
    static InetAddress ip(String s) {
        return IpLiteral.parse(s).orElseThrow();
    }

    static final DefaultRoute ETH0 = new DefaultRoute(ip("203.0.113.1"), "eth0", 0);
    static final DefaultRoute ETH2 = new DefaultRoute(ip("10.2.0.1"), "eth2", 2);

    /** eth0 (internet) and eth2 (LAN, where the operator's SSH arrives), each with its default route. */
    static final Observed BOX = new Observed(Map.of(
            "eth0", new Observed.ObservedLink("eth0", Optional.empty(), 1500, true, List.of(Cidr.parse("203.0.113.10/24").orElseThrow())),
            "eth2", new Observed.ObservedLink("eth2", Optional.empty(), 1500, true, List.of(Cidr.parse("10.2.0.10/24").orElseThrow()))),
            List.of(Observed.ObservedRoute.owned(ETH0), Observed.ObservedRoute.owned(ETH2)));

    static final Optional<CutOff.Session> SSH = CutOff.Session.of("10.2.0.7 51234 10.2.0.10 22");

    static Plan plan(Change... changes) {
        return new Plan(List.of(changes), List.of());
    }

    @Test
    void aPlanThatRemovesEveryDefaultRouteIsMarked() {
        assertEquals(List.of("! this plan removes every default route: the box will reach nothing beyond its own networks"),
                CutOff.warnings(BOX, plan(new Change.DeleteRoute(ETH0), new Change.DeleteRoute(ETH2)), Optional.empty()));
        assertEquals(List.of(), CutOff.warnings(BOX, plan(new Change.DeleteRoute(ETH0)), Optional.empty()), "one is left");
        assertEquals(List.of(), CutOff.warnings(BOX, plan(new Change.DeleteRoute(ETH0), new Change.DeleteRoute(ETH2),
                new Change.AddRoute(ETH0.withMetric(5))), Optional.empty()), "one comes back");
    }

    @Test
    void aPlanThatChangesTheInterfaceTheSessionArrivesOnIsMarked() {
        String warning = "! this plan changes eth2, the interface your SSH session from 10.2.0.7 arrives on:"
                + " apply it with --try, so that it rolls itself back if it cuts you off";
        assertEquals(List.of(warning), CutOff.warnings(BOX, plan(new Change.SetMtu("eth2", 1400, 1500)), SSH));
        assertEquals(List.of(warning), CutOff.warnings(BOX,
                plan(new Change.ReplaceRoute(new DefaultRoute(ip("10.2.0.254"), "eth2", 2), ETH2)), SSH));
        assertEquals(List.of(warning), CutOff.warnings(BOX,
                plan(new Change.DeleteAddress("eth2", Cidr.parse("10.2.0.10/24").orElseThrow())), SSH));
        assertEquals(List.of(), CutOff.warnings(BOX, plan(new Change.SetMtu("eth0", 1400, 1500)), SSH), "another interface");
        assertEquals(List.of(), CutOff.warnings(BOX, plan(new Change.AddAddress("eth2", Cidr.parse("10.2.0.11/24").orElseThrow())), SSH),
                "an address added beside the session's");
        assertEquals(List.of(), CutOff.warnings(BOX, plan(new Change.SetMtu("eth2", 1400, 1500)), Optional.empty()), "no SSH session");
    }

    @Test
    void aMalformedSshConnectionIsNoSession() {
        for (String bad : new String[] {"", "garbage", "10.2.0.7 51234 10.2.0.10", "host.example 1 10.2.0.10 22", "a b c d e"}) {
            assertEquals(Optional.empty(), CutOff.Session.of(bad), bad);
        }
        assertEquals(Optional.empty(), CutOff.Session.of(null));
    }
}
