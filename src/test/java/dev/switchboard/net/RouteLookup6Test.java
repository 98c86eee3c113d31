package dev.switchboard.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.config.IpLiteral;
import dev.switchboard.net.netlink.Nl;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * IPv6 answers of the pure lookup on a box by hand, as a snapshot gives it, for a reader with no
 * namespace to run {@link RouteLookup6PropertyTest} in. Each is what `ip -6 route get` answered on
 * the same box in a namespace (Linux 6.18): eth0 with 2001:db8:1::10/64 and then ::11/64, eth1 with
 * fd00:2::10/64; 2001:db8:5::/48 via ::1 (metric 1024) and via ::2 (2000), 2001:db8::/32 via ::3.
 */
class RouteLookup6Test {
    static final int LO = 1;
    static final int ETH0 = 3;
    static final int ETH1 = 5;

    @Test
    void ofEqualSourcesTheNewestOnTheLinkIsTaken() {
        RouteLookup.Answer a = RouteLookup.lookup(box(List.of()), query("2001:db8:1::5", null, 0));
        assertEquals("dev 3 src 2001:db8:1::11", brief(a)); // the kernel lists a link's newest address first
    }

    @Test
    void aPinnedQueryWithoutSourceTakesNoRouteOfAnotherLinkAndHasNoFallback() {
        assertEquals("ENETUNREACH", brief(RouteLookup.lookup(box(List.of()), query("2001:db8:1::5", null, ETH1))));
        // with a source the pin is a preference only: the route on eth0 answers
        assertEquals("dev 3 src fd00:2::10", brief(RouteLookup.lookup(box(List.of()), query("2001:db8:1::5", "fd00:2::10", ETH1))));
    }

    @Test
    void aGatewayWhoseNeighbourFailedIsPassedOverDownToAShorterPrefix() {
        assertEquals("dev 3 via 2001:db8:1::1 src 2001:db8:1::11", brief(RouteLookup.lookup(box(List.of()), query("2001:db8:5::1", null, 0))));
        assertEquals("dev 3 via 2001:db8:1::2 src 2001:db8:1::11",
                brief(RouteLookup.lookup(box(List.of("2001:db8:1::1")), query("2001:db8:5::1", null, 0))));
        assertEquals("dev 3 via 2001:db8:1::3 src 2001:db8:1::11",
                brief(RouteLookup.lookup(box(List.of("2001:db8:1::1", "2001:db8:1::2")), query("2001:db8:5::1", null, 0))));
        // every one FAILED: the kernel looks again as if none were, and the first route answers
        assertEquals("dev 3 via 2001:db8:1::1 src 2001:db8:1::11",
                brief(RouteLookup.lookup(box(List.of("2001:db8:1::1", "2001:db8:1::2", "2001:db8:1::3")), query("2001:db8:5::1", null, 0))));
    }

    @Test
    void thePinAloneDecidesThePathOnlyInTheStrictLookup() {
        assertEquals(List.of(true, false, true, false, true),
                List.of(query("2001:db8:1::5", null, ETH1).pinDecides(), query("2001:db8:1::5", "fd00:2::10", ETH1).pinDecides(),
                        query("fe80::1", "fd00:2::10", ETH1).pinDecides(), query("2001:db8:1::5", null, 0).pinDecides(),
                        new RouteLookup.Query(ip("192.0.2.1"), Optional.of(ip("10.0.0.1")), ETH1, 0).pinDecides()),
                "IPv6 pinned without a source or to a link-local address; IPv4's pin always");
    }

    @Test
    void aLocalAddressAnswersThroughTheLoopbackFromItself() {
        assertEquals("dev 1 src 2001:db8:1::10", brief(RouteLookup.lookup(box(List.of()), query("2001:db8:1::10", null, 0))));
    }

    /** The box, with neighbour entries FAILED for {@code failed}. */
    static NetState box(List<String> failed) {
        List<Link> links = List.of(link(LO, "lo"), link(2, "p0"), link(ETH0, "eth0"), link(4, "p1"), link(ETH1, "eth1"));
        List<Address> addresses = List.of(new Address(LO, ip("::1"), 128), new Address(ETH0, ip("2001:db8:1::11"), 64),
                new Address(ETH0, ip("2001:db8:1::10"), 64), new Address(ETH1, ip("fd00:2::10"), 64));
        List<Route> routes = new ArrayList<>(List.of(route(Route.TABLE_MAIN, "2001:db8:1::", 64, null, ETH0, 256, Nl.RTN_UNICAST),
                route(Route.TABLE_MAIN, "2001:db8:5::", 48, "2001:db8:1::1", ETH0, 1024, Nl.RTN_UNICAST),
                route(Route.TABLE_MAIN, "2001:db8:5::", 48, "2001:db8:1::2", ETH0, 2000, Nl.RTN_UNICAST),
                route(Route.TABLE_MAIN, "2001:db8::", 32, "2001:db8:1::3", ETH0, 1024, Nl.RTN_UNICAST),
                route(Route.TABLE_MAIN, "fd00:2::", 64, null, ETH1, 256, Nl.RTN_UNICAST)));
        for (Address a : addresses) {
            routes.add(route(Route.TABLE_LOCAL, IpLiteral.format(a.address()), 128, null, a.index(), 0, Nl.RTN_LOCAL));
        }
        List<Neighbour> neighbours = failed.stream().map(g -> new Neighbour(ETH0, ip(g), Neighbour.NUD_FAILED)).toList();
        return new NetState(links, addresses, routes, neighbours, RouteLookup.defaultRules(Route.AF_INET6));
    }

    static Link link(int index, String name) {
        return new Link(index, name, index == LO ? "" : "veth", 0, 0, true, true, "up", 1500, 0, 0);
    }

    static Route route(int table, String dst, int length, String gateway, int oif, long metric, int type) {
        return new Route(Route.AF_INET6, table, ip(dst), length, Optional.ofNullable(gateway).map(RouteLookup6Test::ip), oif, metric, 4, 0, type);
    }

    static RouteLookup.Query query(String dst, String src, int oif) {
        return new RouteLookup.Query(ip(dst), Optional.ofNullable(src).map(RouteLookup6Test::ip), oif, 0);
    }

    /** What `ip -6 route get` shows of an answer: its device, gateway and source, or its error. */
    static String brief(RouteLookup.Answer a) {
        return a.error().orElseGet(() -> "dev " + a.oif() + a.gateway().map(g -> " via " + IpLiteral.format(g)).orElse("")
                + a.source().map(s -> " src " + IpLiteral.format(s)).orElse(""));
    }

    static InetAddress ip(String s) {
        return IpLiteral.parse(s).orElseThrow();
    }
}
