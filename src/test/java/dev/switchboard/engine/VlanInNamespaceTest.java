package dev.switchboard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.Config;
import dev.switchboard.net.Kernel;
import dev.switchboard.net.Link;
import dev.switchboard.net.Monitor;
import dev.switchboard.net.NetState;
import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.Observe;
import dev.switchboard.plan.Observed;
import dev.switchboard.plan.Ownership;
import dev.switchboard.plan.Plan;
import dev.switchboard.plan.PlanResult;
import dev.switchboard.plan.Planner;
import dev.switchboard.plan.PlannerTest;
import dev.switchboard.sys.SysException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * VLAN sub-interfaces on a real kernel: created, addressed, routed and removed by the planner and
 * the transaction, a failure at each step undone, the monitor seeing them. A kernel without the
 * vlan link type (these build machines') skips them; GuestKernelIT runs them on Debian's kernel.
 */
class VlanInNamespaceTest {
    static final String VLAN = "\n[interfaces.\"eth1.100\"]\nvlan = { parent = \"eth1\", id = 100 }\n"
            + "addresses = [\"10.100.0.10/24\"]\ngateway = \"10.100.0.1\"\nmetric = 5\n";

    static Plan plan(Observed basis, Config config, Ownership owned) {
        return assertInstanceOf(PlanResult.Planned.class, Planner.plan(basis, config, owned)).plan();
    }

    @Test
    void aVlanIsCreatedAddressedRoutedThenRemovedByThePlanner() throws Exception {
        try (Netns ns = SeedBox.createWithVlans("vlan-plan")) {
            Kernel k = ns.kernel();
            String seed = PlannerTest.seedText();
            Ownership owned = ApplyInNamespaceTest.apply(k, PlannerTest.config(seed + VLAN), Ownership.none());

            NetState s = k.dump();
            Link vlan = s.link("eth1.100").orElseThrow();
            assertTrue(vlan.isVlan(), vlan.toString());
            assertEquals(100, vlan.vlanId());
            assertEquals(s.link("eth1").orElseThrow().index(), vlan.parentIndex());
            assertTrue(vlan.up(), "the planner brings it up");
            assertEquals(List.of("10.100.0.10/24"), s.addresses(vlan.index()).stream().filter(a -> a.isIpv4()).map(Object::toString).toList());
            assertTrue(ApplyInNamespaceTest.defaults(k).contains("default via 10.100.0.1 dev eth1.100 metric 5 proto switchboard"),
                    ApplyInNamespaceTest.defaults(k).toString());
            assertTrue(owned.ownsLink("eth1.100"));
            assertEquals("no changes\n", ApplyInNamespaceTest.diff(k, PlannerTest.config(seed + VLAN), owned));

            owned = ApplyInNamespaceTest.apply(k, PlannerTest.config(seed), owned);
            assertFalse(k.exists("eth1.100"), "removed with its table");
            assertFalse(ApplyInNamespaceTest.defaults(k).stream().anyMatch(r -> r.contains("eth1.100")));
            assertFalse(owned.ownsLink("eth1.100"));
            assertTrue(k.exists("eth1"), "its parent stays");
        }
    }

    /** One transaction creates it and one removes it; a failure injected at each step of either is undone. */
    @Test
    void aFailureAtEveryStepOfCreatingOrRemovingAVlanLeavesTheKernelAsBefore() throws Exception {
        try (Netns ns = SeedBox.createWithVlans("vlan-inject")) {
            Kernel k = ns.kernel();
            Config seed = PlannerTest.config(PlannerTest.seedText());
            Config withVlan = PlannerTest.config(PlannerTest.seedText() + VLAN);
            Ownership owned = ApplyInNamespaceTest.apply(k, seed, Ownership.none());
            injectAtEveryStep(k, withVlan, owned, "+ link eth1.100 vlan 100 on eth1");

            owned = ApplyInNamespaceTest.apply(k, withVlan, owned);
            injectAtEveryStep(k, seed, owned, "- link eth1.100 vlan 100 on eth1");
        }
    }

    static void injectAtEveryStep(Kernel k, Config config, Ownership owned, String mustHaveStep) throws SysException {
        Observed basis = Observe.from(k.dump());
        Plan plan = plan(basis, config, owned);
        assertTrue(plan.changes().stream().anyMatch(c -> c.toString().equals(mustHaveStep)), plan.diff());
        NetState before = k.dump();
        for (int failAt = 0; failAt < plan.changes().size(); failAt++) {
            var outcome = assertInstanceOf(Transaction.Outcome.RolledBack.class,
                    Transaction.apply(plan, basis, new ApplyInNamespaceTest.Failing(new KernelRunner(k), failAt, new int[1])));
            assertTrue(outcome.verified(), outcome.describe());
            NetState after = k.dump();
            String step = "after a failure at step " + (failAt + 1) + " (" + plan.changes().get(failAt) + ")";
            assertEquals(ApplyInNamespaceTest.routes(before), ApplyInNamespaceTest.routes(after), "routes " + step);
            assertTrue(Observe.from(after).sameAs(Observe.from(before)), "links and addresses " + step);
            assertEquals(before.link("eth1.100").isPresent(), k.exists("eth1.100"), "the VLAN " + step);
        }
    }

    @Test
    void theMonitorSeesAVlanComeUpAndGo() throws Exception {
        try (Netns ns = SeedBox.createWithVlans("vlan-monitor")) {
            Kernel k = ns.kernel();
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            try (Monitor monitor = ns.call(() -> Monitor.start((state, lines) -> events.addAll(lines)))) {
                Ownership owned = ApplyInNamespaceTest.apply(k, PlannerTest.config(PlannerTest.seedText() + VLAN), Ownership.none());
                await(events, "link eth1.100 up");
                await(events, "+ address 10.100.0.10/24 dev eth1.100");
                await(events, "+ route default via 10.100.0.1 dev eth1.100 metric 5 proto switchboard");
                ApplyInNamespaceTest.apply(k, PlannerTest.config(PlannerTest.seedText()), owned);
                await(events, "link eth1.100 deleted");
            }
        }
    }

    static void await(BlockingQueue<String> events, String line) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            String e = events.poll(left, TimeUnit.NANOSECONDS);
            if (line.equals(e)) {
                return;
            }
        }
        throw new AssertionError("the monitor did not say: " + line);
    }
}
