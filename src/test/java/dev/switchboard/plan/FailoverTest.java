package dev.switchboard.plan;

import static dev.switchboard.plan.PlannerTest.apply;
import static dev.switchboard.plan.PlannerTest.bareBox;
import static dev.switchboard.plan.PlannerTest.config;
import static dev.switchboard.plan.PlannerTest.seedText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.Config;
import dev.switchboard.config.Family;
import dev.switchboard.plan.Observed.ObservedRoute;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Dead gateways' routes move behind the live ones and come back; a failover is not drift. */
class FailoverTest {

    static Plan planned(Observed observed, Config config, Ownership ownership, Set<String> dead) {
        return assertInstanceOf(PlanResult.Planned.class, Planner.plan(observed, config, ownership, dead)).plan();
    }

    @Test
    void nothingDeadKeepsTheConfiguredMetrics() throws IOException {
        assertEquals(Map.of("eth0", 0L, "eth1", 1L, "eth2", 2L, "eth3", 3L, "eth4", 4L), Failover.metrics(config(seedText()), Set.of()));
    }

    @Test
    void deadGatewaysGoAboveEveryMetricInTheirConfiguredOrder() throws IOException {
        Map<String, Long> m = Failover.metrics(config(seedText()), Set.of("eth2", "eth0"));
        assertEquals(Map.of("eth0", 5L, "eth1", 1L, "eth2", 6L, "eth3", 3L, "eth4", 4L), m);
    }

    @Test
    void externalMetricsAreSteppedOver() throws IOException {
        Map<String, Long> m = Failover.metrics(config(seedText()), Set.of("eth0"), Map.of(Family.IPV4, Set.of(5L, 6L)));
        assertEquals(7L, m.get("eth0"));
    }

    @Test
    void eachFamilyHasItsOwnOrder() throws IOException {
        String text = seedText() + "\n[interfaces.eth5]\naddresses = [\"2001:db8:5::10/64\"]\ngateway = \"2001:db8:5::1\"\nmetric = 1\n"
                + "[interfaces.eth6]\naddresses = [\"2001:db8:6::10/64\"]\ngateway = \"2001:db8:6::1\"\nmetric = 2\n";
        Map<String, Long> m = Failover.metrics(config(text), Set.of("eth5", "eth0"));
        assertEquals(5L, m.get("eth0"));
        assertEquals(3L, m.get("eth5"), "above eth6's 2, the highest IPv6 metric");
        assertEquals(2L, m.get("eth6"));
    }

    @Test
    void withNoRoomAboveTheRouteStaysAndThePlanSaysWhy() throws IOException {
        Config top = config(seedText().replace("metric    = 4", "metric    = 4294967295"));
        assertEquals(0L, Failover.metrics(top, Set.of("eth0")).get("eth0"));
        Plan plan = planned(bareBox(), top, Ownership.none(), Set.of("eth0"));
        assertTrue(plan.notes().contains("eth0's gateway 203.0.113.1 is dead, but no metric above the others is free:"
                + " its default route stays at 0"), plan.notes().toString());
    }

    @Test
    void aDeadGatewayMovesBehindTheLiveOnesAndComesBackWithoutEverLosingItsRoute() throws IOException {
        Config seed = config(seedText());
        PlannerTest.Applied applied = apply(bareBox(), seed, Ownership.none());

        Plan failover = planned(applied.observed(), seed, applied.ownership(), Set.of("eth0"));
        assertEquals("+ route default via 203.0.113.1 dev eth0 metric 5\n- route default via 203.0.113.1 dev eth0 metric 0\n",
                failover.diff());
        assertEquals(List.of("eth0's gateway 203.0.113.1 is dead: its default route stands behind the live ones at metric 5 (configured 0)"),
                failover.notes());
        Observed moved = applyAll(applied.observed(), failover);
        assertEquals(1L, lowest(moved).metric(), "eth1's gateway wins now");

        // in sync while eth0 stays dead: the failover is not drift from the config
        assertEquals("no changes\n", planned(moved, seed, applied.ownership(), Set.of("eth0")).diff());

        Plan back = planned(moved, seed, applied.ownership(), Set.of());
        assertEquals("+ route default via 203.0.113.1 dev eth0 metric 0\n- route default via 203.0.113.1 dev eth0 metric 5\n", back.diff());
        assertTrue(applyAll(moved, back).sameAs(applied.observed()));
    }

    @Test
    void aPlanMadeDuringAFailoverSaysWhichStepsAreTheFailovers() throws IOException {
        Config seed = config(seedText());
        PlannerTest.Applied applied = apply(bareBox(), seed, Ownership.none());
        Observed moved = applyAll(applied.observed(), planned(applied.observed(), seed, applied.ownership(), Set.of("eth0")));
        // the operator gives eth4 metric 9: eth0, dead, must stand behind it, so it moves too
        Plan edit = planned(moved, config(seedText().replace("metric    = 4", "metric    = 9")), applied.ownership(), Set.of("eth0"));
        List<String> lines = Failover.lines(edit, Set.of("eth0"));
        assertEquals("failover: eth0's gateway 203.0.113.1 is dead: its default route stands behind the live ones at metric 10 (configured 0)",
                lines.get(0));
        assertTrue(lines.contains("+ route default via 203.0.113.1 dev eth0 metric 10  (failover: eth0's gateway is dead)"), lines.toString());
        assertTrue(lines.contains("- route default via 203.0.113.1 dev eth0 metric 5  (failover: eth0's gateway is dead)"), lines.toString());
        assertTrue(lines.contains("+ route default via 10.4.0.1 dev eth4 metric 9"), "the operator's own step is not the failover's: " + lines);
        assertEquals(5, lines.size(), lines.toString());
        // no step of a dead gateway's route: the plan as it is, without a word of the failover
        Plan other = planned(moved, config(seedText().replace("mtu       = 1500", "mtu       = 1400")), applied.ownership(), Set.of("eth0"));
        assertEquals(other.diff().lines().filter(l -> !l.equals("no changes")).toList(), Failover.lines(other, Set.of("eth0")));
    }

    @Test
    void randomDeathsAndReturnsAlwaysLeaveEveryInterfaceARouteAndConverge() throws IOException {
        Config seed = config(seedText());
        PlannerTest.Applied applied = apply(bareBox(), seed, Ownership.none());
        Observed now = applied.observed();
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            Set<String> dead = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                if (random.nextInt(3) == 0) {
                    dead.add("eth" + i);
                }
            }
            Plan plan = planned(now, seed, applied.ownership(), dead);
            Model model = new Model(now);
            for (Change c : plan.changes()) {
                model.apply(c);
                for (int i = 0; i < 5; i++) {
                    assertTrue(model.hasRoute("eth" + i, Family.IPV4), "eth" + i + " lost its route after " + c + " in round " + round);
                }
            }
            now = model.observed();
            assertEquals("no changes\n", planned(now, seed, applied.ownership(), dead).diff(), "round " + round);
            ObservedRoute winner = lowest(now);
            Set<String> alive = new HashSet<>(Set.of("eth0", "eth1", "eth2", "eth3", "eth4"));
            alive.removeAll(dead);
            if (!alive.isEmpty()) {
                assertTrue(alive.contains(winner.owned().orElseThrow().device()), "a live gateway wins in round " + round + ": " + winner);
            }
        }
    }

    private static Observed applyAll(Observed start, Plan plan) {
        Model model = new Model(start);
        plan.changes().forEach(model::apply);
        return model.observed();
    }

    private static ObservedRoute lowest(Observed o) {
        List<ObservedRoute> routes = new ArrayList<>(o.defaultRoutes());
        routes.sort((a, b) -> Long.compare(a.metric(), b.metric()));
        return routes.get(0);
    }
}
