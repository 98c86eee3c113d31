package dev.switchboard.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.BindSpec;
import dev.switchboard.config.HostPort;
import dev.switchboard.diagnose.Explain;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.engine.Gateways;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.net.netlink.Message;
import dev.switchboard.net.netlink.Nl;
import dev.switchboard.plan.Observe;
import dev.switchboard.plan.Observed;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A route of several next hops (ECMP), as another process adds it: read with its paths, never taken for switchboard's. */
class MultipathRouteTest {
    /** RTM_NEWROUTE of `default proto static metric 5 nexthop via 10.0.0.1 dev 3 nexthop via 10.1.0.1 dev 4 weight 2`. */
    static byte[] multipathMessage() {
        ByteBuffer b = ByteBuffer.allocate(80).order(ByteOrder.nativeOrder());
        b.putInt(80).putShort((short) Nl.RTM_NEWROUTE).putShort((short) 2).putInt(1).putInt(0); // nlmsghdr (NLM_F_MULTI)
        b.put((byte) Route.AF_INET).put((byte) 0).put((byte) 0).put((byte) 0) // family, dst_len, src_len, tos
                .put((byte) Route.TABLE_MAIN).put((byte) 4).put((byte) 0).put((byte) 1).putInt(0); // table, static, universe, unicast
        b.putShort((short) 8).putShort((short) Nl.RTA_TABLE).putInt(Route.TABLE_MAIN);
        b.putShort((short) 8).putShort((short) Nl.RTA_PRIORITY).putInt(5);
        b.putShort((short) 36).putShort((short) Nl.RTA_MULTIPATH);
        b.putShort((short) 16).put((byte) 0).put((byte) 0).putInt(3) // rtnexthop: len, flags, hops (weight - 1), ifindex
                .putShort((short) 8).putShort((short) Nl.RTA_GATEWAY).put(new byte[] {10, 0, 0, 1});
        b.putShort((short) 16).put((byte) 0).put((byte) 1).putInt(4)
                .putShort((short) 8).putShort((short) Nl.RTA_GATEWAY).put(new byte[] {10, 1, 0, 1});
        return b.array();
    }

    @Test
    void decodesEachNextHopAndTakesTheFirstAsTheRoutesPath() {
        byte[] bytes = multipathMessage();
        Route r = Decode.route(Message.parseAll(bytes, bytes.length).get(0));
        assertEquals(List.of(new Route.NextHop(3, Optional.of(KernelTest.ip("10.0.0.1")), 1), new Route.NextHop(4, Optional.of(KernelTest.ip("10.1.0.1")), 2)),
                r.nexthops());
        assertEquals(3, r.oif());
        assertEquals(Optional.of(KernelTest.ip("10.0.0.1")), r.gateway());
        assertTrue(r.multipath());
        assertEquals("default nexthop via 10.0.0.1 dev eth0 weight 1 nexthop via 10.1.0.1 dev eth1 weight 2 metric 5 proto static",
                r.describe(i -> "eth" + (i - 3)));
    }

    @Test
    void aRouteOfOnePathHasNoNextHops() {
        Route r = Route.defaultVia(KernelTest.ip("10.0.0.1"), 3, 5, Route.PROTO_SWITCHBOARD);
        assertEquals(List.of(), r.nexthops());
        assertEquals(List.of(new Route.NextHop(3, Optional.of(KernelTest.ip("10.0.0.1")), 1)), r.paths());
    }

    @Test
    void anotherProcesssEcmpRouteIsReadWithItsPathsAndNotOwned() throws Exception {
        try (Netns ns = Netns.create("ecmp")) {
            Kernel k = ns.kernel();
            KernelTest.veths(k, 2);
            k.setUp("eth0", true);
            k.setUp("eth1", true);
            k.addAddress("eth0", KernelTest.ip("10.0.0.10"), 24);
            k.addAddress("eth1", KernelTest.ip("10.1.0.10"), 24);
            // with switchboard's own protocol number: still not a route it made, nor one it may change
            MonitorTest.ip(ns, "route", "add", "default", "metric", "5", "proto", Integer.toString(Route.PROTO_SWITCHBOARD),
                    "nexthop", "via", "10.0.0.1", "dev", "eth0", "nexthop", "via", "10.1.0.1", "dev", "eth1", "weight", "2");
            NetState s = k.dump();
            List<Route> defaults = s.defaultRoutes();
            assertEquals(1, defaults.size());
            Route r = defaults.get(0);
            int eth0 = s.link("eth0").orElseThrow().index();
            int eth1 = s.link("eth1").orElseThrow().index();
            assertEquals(List.of(new Route.NextHop(eth0, Optional.of(KernelTest.ip("10.0.0.1")), 1),
                    new Route.NextHop(eth1, Optional.of(KernelTest.ip("10.1.0.1")), 2)), r.nexthops());
            assertEquals("default nexthop via 10.0.0.1 dev eth0 weight 1 nexthop via 10.1.0.1 dev eth1 weight 2 metric 5 proto switchboard",
                    r.describe(s::linkName));

            Observed seen = Observe.from(s);
            assertEquals(1, seen.defaultRoutes().size());
            assertTrue(seen.defaultRoutes().get(0).owned().isEmpty(), "an ECMP route is another process's: " + seen.defaultRoutes());

            List<GatewayRow> rows = Gateways.rows(s);
            assertEquals(List.of("eth0 10.0.0.1", "eth1 10.1.0.1"), rows.stream().map(g -> g.device() + " " + g.gateway()).toList());
            assertTrue(rows.stream().allMatch(g -> g.winner() && !g.managed() && g.metric() == 5), rows.toString());

            // pinned to eth1, the kernel takes that path of the route: so does the pure lookup
            RouteLookup.Query pinned = new RouteLookup.Query(KernelTest.ip("192.0.2.7"), Optional.empty(), eth1, 0);
            RouteLookup.Answer kernel = k.routeGet(pinned);
            RouteLookup.Answer pure = RouteLookup.lookup(s, pinned);
            assertEquals(List.of(eth1, Optional.of(KernelTest.ip("10.1.0.1")), Optional.of(KernelTest.ip("10.1.0.10"))),
                    List.of(kernel.oif(), kernel.gateway(), kernel.source()));
            assertEquals(List.of(kernel.oif(), kernel.gateway(), kernel.source()), List.of(pure.oif(), pure.gateway(), pure.source()));

            BindSpec any = new BindSpec(HostPort.parse("0.0.0.0:80").orElseThrow(), Optional.empty(), false, false);
            List<ReplyRoute> replies = List.of(new ReplyRoute("web", any, Optional.empty(), Optional.of("eth0"), Optional.of("10.0.0.1"),
                    Optional.empty(), "main table: lowest metric eth0"));
            List<String> lines = Explain.lines(Explain.paths(replies, s, KernelTest.ip("192.0.2.7"), Optional.empty()).get(0), s,
                    KernelTest.ip("192.0.2.7"), Set.of());
            assertTrue(lines.stream().anyMatch(l -> l.contains("nexthop via 10.0.0.1 dev eth0 weight 1 nexthop via 10.1.0.1 dev eth1")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains("eth0 via 10.0.0.1 or another of the route's 2 next hops (the kernel picks one per flow)")),
                    lines.toString());
        }
    }

    /**
     * The kernel keeps an IPv6 multipath route's next hops as routes of their own (siblings) and
     * scores each on its own link and gateway: pinned to the second path's link, the lookup takes
     * that path; with the first gateway's neighbour FAILED, it takes the second.
     */
    @Test
    void anIpv6EcmpRouteAnswersWithThePathItsLinkOrItsGatewayQualifies() throws Exception {
        try (Netns ns = Netns.create("ecmp6")) {
            Kernel k = ns.kernel();
            KernelTest.veths(k, 2);
            for (String link : List.of("eth0", "eth1")) {
                k.noLinkLocal(link);
                k.setUp(link, true);
            }
            k.addAddressNoDad("eth0", KernelTest.ip("2001:db8:1::10"), 64);
            k.addAddressNoDad("eth1", KernelTest.ip("2001:db8:2::10"), 64);
            MonitorTest.ip(ns, "-6", "route", "add", "default", "metric", "5", "nexthop", "via", "2001:db8:1::1", "dev", "eth0",
                    "nexthop", "via", "2001:db8:2::1", "dev", "eth1");
            NetState s = k.dump();
            int eth0 = s.link("eth0").orElseThrow().index();
            int eth1 = s.link("eth1").orElseThrow().index();
            Route r = s.defaultRoutes().stream().filter(d -> !d.isIpv4()).findFirst().orElseThrow();
            assertEquals(List.of(eth0, eth1), r.nexthops().stream().map(Route.NextHop::oif).toList(), r.toString());

            // pinned without a source (the kernel's strict lookup): each link's own path
            for (int link : List.of(eth0, eth1)) {
                RouteLookup.Query pinned = new RouteLookup.Query(KernelTest.ip("2001:db8:77::7"), Optional.empty(), link, 0);
                assertEquals(List.of(link, Optional.of(KernelTest.ip(link == eth0 ? "2001:db8:1::1" : "2001:db8:2::1"))), brief(k.routeGet(pinned)));
                assertEquals(brief(k.routeGet(pinned)), brief(RouteLookup.lookup(s, pinned)));
            }

            // not pinned, the first gateway FAILED: the second path qualifies, the first does not
            k.putNeighbour(eth0, KernelTest.ip("2001:db8:1::1"), Neighbour.NUD_FAILED, null);
            NetState failed = k.dump();
            RouteLookup.Query any = new RouteLookup.Query(KernelTest.ip("2001:db8:77::7"), Optional.empty(), 0, 0);
            assertEquals(List.of(eth1, Optional.of(KernelTest.ip("2001:db8:2::1"))), brief(k.routeGet(any)));
            assertEquals(brief(k.routeGet(any)), brief(RouteLookup.lookup(failed, any)));
            BindSpec bind = new BindSpec(HostPort.parse("[::]:80").orElseThrow(), Optional.empty(), false, false);
            assertEquals("main table: lowest metric eth1", ReplyRoute.decidedBy(bind, RouteLookup.lookup(failed, any), failed),
                    "the words name the path the reply takes, not the route's first");
        }
    }

    private static List<Object> brief(RouteLookup.Answer a) {
        return a.ok() ? List.of(a.oif(), a.gateway()) : List.of(a.error().orElseThrow());
    }
}
