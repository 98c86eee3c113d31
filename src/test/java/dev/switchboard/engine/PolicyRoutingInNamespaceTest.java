package dev.switchboard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.Config;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.net.Kernel;
import dev.switchboard.net.NetState;
import dev.switchboard.net.Netns;
import dev.switchboard.net.Requests.RouteOp;
import dev.switchboard.net.Route;
import dev.switchboard.net.Rule;
import dev.switchboard.plan.Observe;
import dev.switchboard.plan.Observed;
import dev.switchboard.plan.Ownership;
import dev.switchboard.plan.Plan;
import dev.switchboard.plan.PlanResult;
import dev.switchboard.plan.Planner;
import dev.switchboard.plan.PlannerTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's trap fixed by policy routing, in namespaces: the appliance (eth0 internet, eth2 LAN),
 * a gateway behind each, a LAN client behind eth2's gateway, a service bound to 0.0.0.0 and
 * pinned to nothing. eth0's gateway has no way to the LAN, so the LAN client's answers only
 * arrive when a rule sends replies from 10.2.0.10 to eth2's table.
 */
class PolicyRoutingInNamespaceTest {
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    static final String CONFIG = """
            [interfaces.eth0]
            addresses = ["203.0.113.10/24"]
            gateway = "203.0.113.1"
            metric = 0
            [interfaces.eth2]
            addresses = ["10.2.0.10/24"]
            gateway = "10.2.0.1"
            metric = 2
            """;
    static final Config PLAIN = PlannerTest.config(CONFIG);
    static final Config TABLE = PlannerTest.config(CONFIG + "table = 102\n");
    static final Config RENUMBERED = PlannerTest.config(CONFIG + "table = 103\n");
    static final Config REPRIORITIZED = PlannerTest.config("[appliance]\nrule_priority = 2000\n" + CONFIG + "table = 102\n");

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    Netns ns(String name) throws Exception {
        Netns ns = Netns.create(name);
        cleanup.add(ns);
        return ns;
    }

    static InetAddress ip(String text) {
        return IpLiteral.parse(text).orElseThrow();
    }

    static void wire(Netns a, String aName, String aAddress, Netns b, String bName, String bAddress) throws Exception {
        a.kernel().addVeth(aName, bName, b.fd());
        a.kernel().setUp(aName, true);
        b.kernel().setUp(bName, true);
        a.kernel().addAddress(aName, ip(aAddress), 24);
        b.kernel().addAddress(bName, ip(bAddress), 24);
    }

    static void apply(Kernel k, Config config) throws Exception {
        Observed basis = Observe.from(k.dump());
        Plan plan = assertInstanceOf(PlanResult.Planned.class, Planner.plan(basis, config, Ownership.none())).plan();
        assertInstanceOf(Transaction.Outcome.Applied.class, Transaction.apply(plan, basis, new KernelRunner(k)));
    }

    /** Every table's routes and every rule, as text: what "the kernel is as before" compares. */
    static TreeSet<String> routesAndRules(NetState s) {
        TreeSet<String> out = new TreeSet<>();
        s.routes().stream().filter(r -> !(r.dst() instanceof java.net.Inet6Address))
                .forEach(r -> out.add(r.describe(s.linkName(r.oif())) + " scope " + r.scope()));
        s.rules().forEach(r -> out.add(r.describe()));
        return out;
    }

    static String ask(String address, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1500);
            s.setSoTimeout(3000);
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aTableOnTheLanInterfaceAnswersTheLanClientOnAnUnpinnedBind() throws Exception {
        Netns box = ns("pr-appliance");
        Netns gw0 = ns("pr-gw-internet");
        Netns gw2 = ns("pr-gw-lan");
        Netns lan = ns("pr-lan-client");
        wire(box, "eth0", "203.0.113.10", gw0, "in0", "203.0.113.1");
        wire(box, "eth2", "10.2.0.10", gw2, "in2", "10.2.0.1");
        wire(gw2, "out2", "10.50.0.1", lan, "c2", "10.50.0.10");
        gw2.kernel().setIpv4Forwarding("in2", true);
        gw2.kernel().setIpv4Forwarding("out2", true);
        lan.kernel().changeDefaultRoute(RouteOp.ADD, ip("10.50.0.1"), "c2", 0, 4);
        Kernel k = box.kernel();
        // someone else's rule and table: never to be touched
        Rule externalRule = new Rule(Route.AF_INET, 200, 500, Optional.of(ip("192.0.2.0")), 24, 4, Rule.FR_ACT_TO_TBL);
        Route externalRoute = new Route(Route.AF_INET, 200, ip("198.51.100.0"), 24, Optional.of(ip("203.0.113.1")), k.index("eth0"),
                0, 4, 0, 1);
        k.changeRule(true, externalRule);
        k.changeRoute(RouteOp.ADD, externalRoute, "eth0");

        ServerSocket service = box.call(() -> new ServerSocket(8443, 50, ip("0.0.0.0")));
        cleanup.add(service);
        Thread serve = new Thread(() -> {
            while (!service.isClosed()) {
                try (Socket s = service.accept()) {
                    s.getOutputStream().write("exchange".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return;
                }
            }
        });
        serve.setDaemon(true);
        serve.start();

        apply(k, PLAIN);
        assertThrows(SocketTimeoutException.class, () -> lan.call(() -> ask("10.2.0.10", 8443)), "no table: replies take eth0's gateway");
        assertExternalSurvives(k.dump(), externalRule);

        // a failure at every step of the plan that adds the table and its rule, of the one that removes them,
        // of the one that renumbers the table (removes table 102's rule and routes, adds table 103's), and of
        // the one that moves the rule to another priority (removes it, adds it again)
        for (Config[] way : List.of(new Config[] {PLAIN, TABLE}, new Config[] {TABLE, PLAIN}, new Config[] {TABLE, RENUMBERED},
                new Config[] {TABLE, REPRIORITIZED})) {
            apply(k, way[0]);
            Observed basis = Observe.from(k.dump());
            Plan plan = assertInstanceOf(PlanResult.Planned.class, Planner.plan(basis, way[1], Ownership.none())).plan();
            // connected route, default route, rule (each way when renumbered); the rule alone, both ways, when moved
            assertEquals(way[1] == RENUMBERED ? 6 : way[1] == REPRIORITIZED ? 2 : 3, plan.changes().size(), plan.diff());
            NetState before = k.dump();
            for (int failAt = 0; failAt < plan.changes().size(); failAt++) {
                var outcome = assertInstanceOf(Transaction.Outcome.RolledBack.class,
                        Transaction.apply(plan, basis, new ApplyInNamespaceTest.Failing(new KernelRunner(k), failAt, new int[1])));
                assertTrue(outcome.verified(), outcome.describe());
                assertEquals(routesAndRules(before), routesAndRules(k.dump()), "after a failure at step " + (failAt + 1));
            }
        }

        apply(k, TABLE);
        NetState with = k.dump();
        assertTrue(with.rules().contains(Rule.fromAddress(ip("10.2.0.10"), 102, 1000)), with.rules().toString());
        assertEquals(2, with.routes(102).size(), with.routes(102).toString());
        assertExternalSurvives(with, externalRule);
        assertEquals("exchange", lan.call(() -> ask("10.2.0.10", 8443)), "table 102: replies from 10.2.0.10 take eth2's gateway");

        apply(k, PLAIN);
        NetState without = k.dump();
        assertTrue(without.rules().stream().noneMatch(Rule::owned), without.rules().toString());
        assertEquals(List.of(), without.routes(102));
        assertExternalSurvives(without, externalRule);
        assertThrows(SocketTimeoutException.class, () -> lan.call(() -> ask("10.2.0.10", 8443)), "table removed: the trap again");
    }

    static void assertExternalSurvives(NetState s, Rule externalRule) {
        assertTrue(s.rules().contains(externalRule), s.rules().toString());
        assertEquals(1, s.routes(200).size(), s.routes(200).toString());
    }
}
