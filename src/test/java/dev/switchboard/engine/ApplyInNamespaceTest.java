package dev.switchboard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.Config;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.net.Kernel;
import dev.switchboard.net.NetState;
import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import dev.switchboard.net.Requests.RouteOp;
import dev.switchboard.net.Route;
import dev.switchboard.plan.Change;
import dev.switchboard.plan.Observe;
import dev.switchboard.plan.Observed;
import dev.switchboard.plan.Ownership;
import dev.switchboard.plan.Plan;
import dev.switchboard.plan.PlanResult;
import dev.switchboard.plan.Planner;
import dev.switchboard.plan.PlannerTest;
import dev.switchboard.sys.SysException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Plans applied to the real kernel in a fresh namespace: the seed's appliance and changes to it. */
class ApplyInNamespaceTest {

    static Netns seedBox(String name) throws Exception {
        return SeedBox.create(name);
    }

    /** Plans from a fresh dump and applies; returns the ownership after. */
    static Ownership apply(Kernel kernel, Config config, Ownership owned) throws SysException {
        Observed basis = Observe.from(kernel.dump());
        Plan plan = assertInstanceOf(PlanResult.Planned.class, Planner.plan(basis, config, owned)).plan();
        assertInstanceOf(Transaction.Outcome.Applied.class, Transaction.apply(plan, basis, new KernelRunner(kernel)));
        return owned.after(plan.changes(), config);
    }

    static String diff(Kernel kernel, Config config, Ownership owned) throws SysException {
        return assertInstanceOf(PlanResult.Planned.class, Planner.plan(Observe.from(kernel.dump()), config, owned)).plan().diff();
    }

    /**
     * The main table's routes as `ip route` lines, sorted: what "the kernel is as before" compares.
     * IPv6 link-local routes are left out: the kernel adds them on its own when a link comes up.
     */
    static TreeSet<String> routes(NetState s) {
        TreeSet<String> out = new TreeSet<>();
        s.routes().stream().filter(r -> r.table() == Route.TABLE_MAIN)
                .filter(r -> !(r.dst() instanceof java.net.Inet6Address && r.dst().isLinkLocalAddress()))
                .forEach(r -> out.add(r.describe(s.linkName(r.oif())) + " scope " + r.scope()));
        return out;
    }

    static List<String> defaults(Kernel k) throws SysException {
        NetState s = k.dump();
        return s.defaultRoutes().stream().map(r -> r.describe(s.linkName(r.oif()))).toList();
    }

    @Test
    void seedFromAnEmptyNamespaceThenNoChanges() throws Exception {
        try (Netns ns = seedBox("seed")) {
            Config seed = PlannerTest.config(PlannerTest.seedText());
            Ownership owned = apply(ns.kernel(), seed, Ownership.none());
            assertEquals(List.of(
                    "default via 203.0.113.1 dev eth0 metric 0 proto switchboard",
                    "default via 198.51.100.1 dev eth1 metric 1 proto switchboard",
                    "default via 10.2.0.1 dev eth2 metric 2 proto switchboard",
                    "default via 10.3.0.1 dev eth3 metric 3 proto switchboard",
                    "default via 10.4.0.1 dev eth4 metric 4 proto switchboard"), defaults(ns.kernel()));
            assertEquals("no changes\n", diff(ns.kernel(), seed, owned));
        }
    }

    @Test
    void metricSwapGatewayChangeAndAddressMove() throws Exception {
        try (Netns ns = seedBox("changes")) {
            String text = PlannerTest.seedText();
            Ownership owned = apply(ns.kernel(), PlannerTest.config(text), Ownership.none());

            String swapped = text.replace("metric    = 3", "metric    = X").replace("metric    = 4", "metric    = 3").replace("metric    = X", "metric    = 4");
            owned = apply(ns.kernel(), PlannerTest.config(swapped), owned);
            assertEquals(List.of("default via 10.4.0.1 dev eth4 metric 3 proto switchboard", "default via 10.3.0.1 dev eth3 metric 4 proto switchboard"),
                    defaults(ns.kernel()).subList(3, 5));

            String newGateway = swapped.replace("gateway   = \"10.2.0.1\"", "gateway   = \"10.2.0.254\"");
            owned = apply(ns.kernel(), PlannerTest.config(newGateway), owned);
            assertEquals("default via 10.2.0.254 dev eth2 metric 2 proto switchboard", defaults(ns.kernel()).get(2));

            String moved = newGateway.replace("addresses = [\"10.4.0.10/24\"]", "addresses = [\"10.4.0.11/24\"]");
            owned = apply(ns.kernel(), PlannerTest.config(moved), owned);
            NetState s = ns.kernel().dump();
            int eth4 = s.link("eth4").orElseThrow().index();
            assertEquals(List.of("10.4.0.11/24"), s.addresses(eth4).stream().filter(a -> a.isIpv4()).map(Object::toString).toList());
            assertEquals("no changes\n", diff(ns.kernel(), PlannerTest.config(moved), owned));
        }
    }

    @Test
    void ipv6DefaultRoutesLiveBesideIpv4OnesWithTheirOwnMetrics() throws Exception {
        try (Netns ns = seedBox("ipv6")) {
            String text = PlannerTest.seedText()
                    .replace("[interfaces.eth4]", "[interfaces.eth5]\naddresses = [\"2001:db8:5::10/64\"]\ngateway = \"2001:db8:5::1\"\nmetric = 2\n"
                            + "[interfaces.eth6]\naddresses = [\"2001:db8:6::10/64\"]\ngateway = \"fe80::1\"\nmetric = 1\n[interfaces.eth4]");
            for (int i = 5; i < 7; i++) {
                ns.kernel().addVeth("eth" + i, "peer" + i, -1);
                ns.kernel().setUp("peer" + i, true);
            }
            Config config = PlannerTest.config(text);
            Ownership owned = apply(ns.kernel(), config, Ownership.none());
            List<String> defaults = defaults(ns.kernel());
            assertTrue(defaults.contains("-6 default via 2001:db8:5::1 dev eth5 metric 2 proto switchboard"), defaults.toString());
            assertTrue(defaults.contains("-6 default via fe80::1 dev eth6 metric 1 proto switchboard"), defaults.toString());
            assertTrue(defaults.contains("default via 203.0.113.1 dev eth0 metric 0 proto switchboard"), defaults.toString());
            assertEquals("no changes\n", diff(ns.kernel(), config, owned));
        }
    }

    @Test
    void externalRoutesAndAddressesSurviveEveryApply() throws Exception {
        try (Netns ns = seedBox("external")) {
            Kernel k = ns.kernel();
            k.setUp("eth1", true);
            k.addAddress("eth1", IpLiteral.parse("192.0.2.7").orElseThrow(), 24);
            k.changeDefaultRoute(RouteOp.ADD, IpLiteral.parse("192.0.2.1").orElseThrow(), "eth1", 100, 4 /* static */);
            String text = PlannerTest.seedText();
            Ownership owned = apply(k, PlannerTest.config(text), Ownership.none());
            owned = apply(k, PlannerTest.config(text.replace("metric    = 1", "metric    = 5")), owned);
            apply(k, PlannerTest.config(text.replace("addresses = [\"198.51.100.10/24\"]", "addresses = [\"198.51.100.11/24\"]")), owned);
            NetState s = k.dump();
            assertTrue(defaults(k).contains("default via 192.0.2.1 dev eth1 metric 100 proto static"), defaults(k).toString());
            assertTrue(s.addresses(s.link("eth1").orElseThrow().index()).stream().anyMatch(a -> a.toString().equals("192.0.2.7/24")));
        }
    }

    /** A failing runner: refuses step {@code failAt} as if the kernel had, then behaves. */
    record Failing(KernelRunner real, int failAt, int[] count) implements ChangeRunner {
        public void run(Change change) throws StepFailedException {
            if (count[0]++ == failAt) {
                throw new StepFailedException("EIO (injected)");
            }
            real.run(change);
        }

        public Observed observe() {
            return real.observe();
        }
    }

    @Test
    void aFailureAtEveryStepOfATwentyStepPlanLeavesTheKernelAsBefore() throws Exception {
        try (Netns ns = seedBox("inject")) {
            Kernel k = ns.kernel();
            Config config = PlannerTest.config(PlannerTest.seedText().replace("mtu       = 1500", "")
                    .replace("metric    = 0", "metric    = 0\nmtu = 1400").replace("metric    = 1", "metric    = 1\nmtu = 1400")
                    .replace("metric    = 2", "metric    = 2\nmtu = 1400").replace("metric    = 3", "metric    = 3\nmtu = 1400")
                    .replace("metric    = 4", "metric    = 4\nmtu = 1400"));
            Observed basis = Observe.from(k.dump());
            Plan plan = assertInstanceOf(PlanResult.Planned.class, Planner.plan(basis, config, Ownership.none())).plan();
            assertEquals(20, plan.changes().size(), plan.diff());
            NetState before = k.dump();
            for (int failAt = 0; failAt < 20; failAt++) {
                var outcome = assertInstanceOf(Transaction.Outcome.RolledBack.class,
                        Transaction.apply(plan, basis, new Failing(new KernelRunner(k), failAt, new int[1])));
                assertTrue(outcome.verified(), outcome.describe());
                NetState after = k.dump();
                assertEquals(routes(before), routes(after), "routes after a failure at step " + (failAt + 1));
                assertTrue(Observe.from(after).sameAs(Observe.from(before)), "links and addresses after a failure at step " + (failAt + 1));
            }
        }
    }

    @Test
    void aFailureOnlyTheKernelDetectsIsRolledBack() throws Exception {
        try (Netns ns = seedBox("kernel-refuses")) {
            Kernel k = ns.kernel();
            // IPv6 off on eth3 (per-namespace sysctl, written from inside the test's own namespace)
            ns.call(() -> Files.writeString(Path.of("/proc/sys/net/ipv6/conf/eth3/disable_ipv6"), "1"));
            String text = PlannerTest.seedText().replace("addresses = [\"10.3.0.10/24\"]", "addresses = [\"10.3.0.10/24\", \"2001:db8:3::10/64\"]");
            Config config = PlannerTest.config(text);
            Observed basis = Observe.from(k.dump());
            NetState before = k.dump();
            Plan plan = assertInstanceOf(PlanResult.Planned.class, Planner.plan(basis, config, Ownership.none())).plan();
            var outcome = assertInstanceOf(Transaction.Outcome.RolledBack.class, Transaction.apply(plan, basis, new KernelRunner(k)));
            assertEquals("+ address 2001:db8:3::10/64 dev eth3", outcome.failed().toString());
            assertTrue(outcome.verified(), outcome.describe());
            assertEquals("step 10 failed: + address 2001:db8:3::10/64 dev eth3: EACCES (Permission denied):"
                    + " ipv6: IPv6 is disabled on this device; rolled back, the kernel is as it was", outcome.describe());
            assertEquals(routes(before), routes(k.dump()));
            assertTrue(Observe.from(k.dump()).sameAs(Observe.from(before)));
        }
    }
}
