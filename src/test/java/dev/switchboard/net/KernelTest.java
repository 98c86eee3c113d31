package dev.switchboard.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.IpLiteral;
import dev.switchboard.net.Requests.RouteOp;
import dev.switchboard.sys.SysException;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The kernel layer against the real kernel, in namespaces the tests make. */
class KernelTest {
    static InetAddress ip(String text) {
        return IpLiteral.parse(text).orElseThrow();
    }

    /** eth0..eth(n-1), each a veth whose peer pN is up, so the link has carrier. */
    static void veths(Kernel k, int n) throws SysException {
        for (int i = 0; i < n; i++) {
            k.addVeth("eth" + i, "p" + i, -1);
            k.setUp("p" + i, true);
        }
    }

    @Test
    void dumpSeesLinksAddressesAndRoutesWeMake() throws Exception {
        try (Netns ns = Netns.create("dump")) {
            Kernel k = ns.kernel();
            veths(k, 2);
            k.setUp("eth0", true);
            k.setMtu("eth1", 1400);
            k.addAddress("eth0", ip("10.0.0.10"), 24);
            k.addAddress("eth0", ip("2001:db8::10"), 64);
            k.changeDefaultRoute(RouteOp.ADD, ip("10.0.0.1"), "eth0", 7, Route.PROTO_SWITCHBOARD);
            NetState s = k.dump();
            Link eth0 = s.link("eth0").orElseThrow();
            assertEquals("veth", eth0.kind());
            assertTrue(eth0.up());
            assertTrue(eth0.carrier(), "peer is up, so carrier");
            assertEquals("up", eth0.linkWord());
            assertEquals(1400, s.link("eth1").orElseThrow().mtu());
            assertEquals("down", s.link("eth1").orElseThrow().linkWord());
            assertTrue(s.addresses(eth0.index()).stream().anyMatch(a -> a.toString().equals("10.0.0.10/24")));
            assertTrue(s.addresses(eth0.index()).stream().anyMatch(a -> a.toString().equals("2001:db8::10/64")));
            List<Route> defaults = s.defaultRoutes();
            assertEquals(1, defaults.size());
            assertEquals("default via 10.0.0.1 dev eth0 metric 7 proto switchboard", defaults.get(0).describe("eth0"));
        }
    }

    @Test
    void replaceAndDeleteRoutes() throws Exception {
        try (Netns ns = Netns.create("routes")) {
            Kernel k = ns.kernel();
            veths(k, 1);
            k.setUp("eth0", true);
            k.addAddress("eth0", ip("10.0.0.10"), 24);
            k.changeDefaultRoute(RouteOp.ADD, ip("10.0.0.1"), "eth0", 2, Route.PROTO_SWITCHBOARD);
            SysException dup = assertThrows(SysException.class,
                    () -> k.changeDefaultRoute(RouteOp.ADD, ip("10.0.0.2"), "eth0", 2, Route.PROTO_SWITCHBOARD));
            assertEquals("EEXIST", dup.errnoName());
            assertTrue(dup.getMessage().startsWith("add route default via 10.0.0.2 dev eth0 metric 2 proto switchboard: EEXIST (File exists)"),
                    dup.getMessage());
            k.changeDefaultRoute(RouteOp.REPLACE, ip("10.0.0.2"), "eth0", 2, Route.PROTO_SWITCHBOARD);
            assertEquals(Optional.of(ip("10.0.0.2")), k.dump().defaultRoutes().get(0).gateway());
            k.changeDefaultRoute(RouteOp.DELETE, ip("10.0.0.2"), "eth0", 2, Route.PROTO_SWITCHBOARD);
            assertEquals(List.of(), k.dump().defaultRoutes());
        }
    }

    @Test
    void kernelErrorsNameTheRequestAndTheReason() throws Exception {
        try (Netns ns = Netns.create("errors")) {
            Kernel k = ns.kernel();
            veths(k, 1);
            SysException noSuch = assertThrows(SysException.class, () -> k.setUp("eth9", true));
            assertEquals("ENODEV", noSuch.errnoName());
            assertTrue(noSuch.getMessage().startsWith("find link eth9: ENODEV (No such device)"), noSuch.getMessage());
            // eth0 is down and has no address: the gateway is unreachable, the kernel says so
            SysException unreachable = assertThrows(SysException.class,
                    () -> k.changeDefaultRoute(RouteOp.ADD, ip("10.0.0.1"), "eth0", 0, Route.PROTO_SWITCHBOARD));
            assertTrue(unreachable.getMessage().startsWith("add route default via 10.0.0.1 dev eth0 metric 0 proto switchboard: "),
                    unreachable.getMessage());
            assertFalse(k.exists("eth9"));
            assertTrue(k.exists("eth0"));
        }
    }

    @Test
    void routeGetFollowsThePinnedInterface() throws Exception {
        try (Netns ns = Netns.create("oracle")) {
            Kernel k = ns.kernel();
            veths(k, 3);
            for (int i = 0; i < 3; i++) {
                k.setUp("eth" + i, true);
                k.addAddress("eth" + i, ip("10." + i + ".0.10"), 24);
                k.changeDefaultRoute(RouteOp.ADD, ip("10." + i + ".0.1"), "eth" + i, i, Route.PROTO_SWITCHBOARD);
            }
            InetAddress lanClient = ip("192.0.2.77");
            Kernel.RouteAnswer unpinned = k.routeGet(lanClient, null, Optional.empty());
            assertEquals(k.index("eth0"), unpinned.oif(), "lowest metric wins");
            assertEquals(Optional.of(ip("10.0.0.1")), unpinned.gateway());
            Kernel.RouteAnswer pinned = k.routeGet(lanClient, null, Optional.of("eth2"));
            assertEquals(k.index("eth2"), pinned.oif());
            assertEquals(Optional.of(ip("10.2.0.1")), pinned.gateway(), "pinned to eth2, replies go through eth2's gateway");
        }
    }

    @Test
    void vlanIsCreatedAndRemovedWhereTheKernelHasVlans() throws Exception {
        try (Netns ns = Netns.create("vlan")) {
            Kernel k = ns.kernel();
            veths(k, 2);
            try {
                k.addVlan("eth1.100", "eth1", 100);
            } catch (SysException e) {
                org.junit.jupiter.api.Assumptions.assumeFalse(e.errnoName().equals("EOPNOTSUPP"),
                        "this kernel has no vlan link type (" + e.getMessage() + "); the request bytes are checked by FixtureTest,"
                        + " and GuestKernelIT runs this on Debian's kernel");
                throw e;
            }
            Link vlan = k.dump().link("eth1.100").orElseThrow();
            assertTrue(vlan.isVlan());
            assertEquals(100, vlan.vlanId());
            assertEquals(k.index("eth1"), vlan.parentIndex());
            k.deleteLink("eth1.100");
            assertFalse(k.exists("eth1.100"));
        }
    }

    @Test
    void rulesAndTableRoutesAreAddedDumpedAndDeleted() throws Exception {
        try (Netns ns = Netns.create("rules")) {
            Kernel k = ns.kernel();
            veths(k, 1);
            k.setUp("eth0", true);
            k.addAddress("eth0", ip("10.2.0.10"), 24);
            k.addAddress("eth0", ip("2001:db8:2::10"), 64);
            int eth0 = k.index("eth0");
            Route connected = new Route(Route.AF_INET, 102, ip("10.2.0.0"), 24, Optional.empty(), eth0, 0, Route.PROTO_SWITCHBOARD,
                    dev.switchboard.net.netlink.Nl.RT_SCOPE_LINK, 1);
            Route def = new Route(Route.AF_INET, 102, ip("0.0.0.0"), 0, Optional.of(ip("10.2.0.1")), eth0, 0, Route.PROTO_SWITCHBOARD, 0, 1);
            Route big = new Route(Route.AF_INET, 100000, ip("0.0.0.0"), 0, Optional.of(ip("10.2.0.1")), eth0, 0, Route.PROTO_SWITCHBOARD, 0, 1);
            k.changeRoute(RouteOp.ADD, connected, "eth0");
            k.changeRoute(RouteOp.ADD, def, "eth0");
            k.changeRoute(RouteOp.ADD, big, "eth0");
            Rule v4 = Rule.fromAddress(ip("10.2.0.10"), 102, 1000);
            Rule v6 = Rule.fromAddress(ip("2001:db8:2::10"), 100000, 1000);
            k.changeRule(true, v4);
            k.changeRule(true, v6);
            NetState s = k.dump();
            assertTrue(s.rules().contains(v4), s.rules().toString());
            assertTrue(s.rules().contains(v6), s.rules().toString());
            assertTrue(s.rules().stream().anyMatch(r -> r.table() == Route.TABLE_MAIN && !r.owned()), "the kernel's own main rule");
            assertTrue(s.routes(102).stream().anyMatch(r -> r.dstLength() == 24 && r.oif() == eth0 && r.protocol() == Route.PROTO_SWITCHBOARD));
            assertTrue(s.routes(102).stream().anyMatch(r -> r.isDefault() && r.gateway().equals(Optional.of(ip("10.2.0.1")))));
            assertEquals(1, s.routes(100000).size());
            SysException dup = assertThrows(SysException.class, () -> k.changeRule(true, v4));
            assertEquals("EEXIST", dup.errnoName());
            Kernel.RouteAnswer from = k.routeGet(ip("192.0.2.77"), ip("10.2.0.10"), Optional.empty());
            assertEquals(Optional.of(ip("10.2.0.1")), from.gateway(), "the rule sends replies from 10.2.0.10 to table 102");
            k.changeRule(false, v4);
            k.changeRule(false, v6);
            k.changeRoute(RouteOp.DELETE, def, "eth0");
            k.changeRoute(RouteOp.DELETE, connected, "eth0");
            k.changeRoute(RouteOp.DELETE, big, "eth0");
            NetState after = k.dump();
            assertTrue(after.rules().stream().noneMatch(Rule::owned), after.rules().toString());
            assertEquals(List.of(), after.routes(102));
            assertEquals(List.of(), after.routes(100000));
        }
    }
}
