package dev.switchboard.plan;

import static dev.switchboard.plan.PlannerTest.config;
import static dev.switchboard.plan.PlannerTest.planned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.Config;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Policy routing's plans: make before break, inverses, convergence; on the model of the kernel. */
class PolicyPlanTest {
    static final String BASE = """
            [interfaces.eth0]
            addresses = ["203.0.113.10/24"]
            gateway = "203.0.113.1"
            metric = 0
            [interfaces.eth2]
            addresses = ["10.2.0.10/24", "2001:db8:2::10/64"]
            gateway = "10.2.0.1"
            metric = 2
            """;

    static Config withTable(String table) {
        return config(BASE.replace("metric = 2\n", "metric = 2\n" + table + "\n"));
    }

    /** The model of the kernel after applying {@code config}'s plan to {@code start}, each step checked. */
    static Observed apply(Observed start, Config config) {
        Model model = new Model(start);
        planned(start, config, Ownership.none()).changes().forEach(model::apply);
        return model.observed();
    }

    static List<String> lines(Observed start, Config config) {
        return planned(start, config, Ownership.none()).changes().stream().map(Change::toString).toList();
    }

    static final Observed PLAIN = apply(PlannerTest.bareBox(), config(BASE));

    @Test
    void aTableFillsItsRoutesBeforeTheRulesSendTrafficThere() {
        assertEquals(List.of(
                "+ route 10.2.0.0/24 dev eth2 table 102",
                "+ route -6 2001:db8:2::/64 dev eth2 table 102",
                "+ route default via 10.2.0.1 dev eth2 table 102",
                "+ rule 1000: from 10.2.0.10 lookup 102",
                "+ rule -6 1000: from 2001:db8:2::10 lookup 102"), lines(PLAIN, withTable("table = 102")));
        Observed after = apply(PLAIN, withTable("table = 102"));
        assertEquals("no changes\n", planned(after, withTable("table = 102"), Ownership.none()).diff());
    }

    @Test
    void removingTheTableTakesTheRulesAwayBeforeEmptyingIt() {
        Observed with = apply(PLAIN, withTable("table = 102"));
        assertEquals(List.of(
                "- rule 1000: from 10.2.0.10 lookup 102",
                "- rule -6 1000: from 2001:db8:2::10 lookup 102",
                "- route default via 10.2.0.1 dev eth2 table 102",
                "- route 10.2.0.0/24 dev eth2 table 102",
                "- route -6 2001:db8:2::/64 dev eth2 table 102"), lines(with, config(BASE)));
        assertTrue(apply(with, config(BASE)).sameAs(PLAIN));
    }

    @Test
    void aDeadGatewaysRouteMovesInItsOwnTableAsInTheMainOneAndBack() {
        Config table = withTable("table = 102");
        Observed with = apply(PLAIN, table);
        Plan failover = FailoverTest.planned(with, table, Ownership.none(), java.util.Set.of("eth2"));
        assertEquals(List.of(
                "+ route default via 10.2.0.1 dev eth2 metric 3",
                "+ route default via 10.2.0.1 dev eth2 table 102 metric 3",
                "- route default via 10.2.0.1 dev eth2 table 102",
                "- route default via 10.2.0.1 dev eth2 metric 2"), failover.changes().stream().map(Change::toString).toList(),
                "made before broken, in both tables");
        Model model = new Model(with);
        failover.changes().forEach(model::apply);
        Observed moved = model.observed();
        assertEquals("no changes\n", FailoverTest.planned(moved, table, Ownership.none(), java.util.Set.of("eth2")).diff(), "not drift");
        Plan back = FailoverTest.planned(moved, table, Ownership.none(), java.util.Set.of());
        Model again = new Model(moved);
        back.changes().forEach(again::apply);
        assertTrue(again.observed().sameAs(with), back.diff());
    }

    @Test
    void aNewTableNumberIsFilledAndRuledBeforeTheOldOneGoes() {
        Observed with = apply(PLAIN, withTable("table = 102"));
        List<String> moved = lines(with, withTable("table = 100000"));
        assertEquals("+ route 10.2.0.0/24 dev eth2 table 100000", moved.get(0));
        assertEquals("+ rule 1000: from 10.2.0.10 lookup 100000", moved.get(3));
        assertEquals("- rule 1000: from 10.2.0.10 lookup 102", moved.get(5));
        assertEquals("- route default via 10.2.0.1 dev eth2 table 102", moved.get(7));
        Observed after = apply(with, withTable("table = 100000"));
        assertEquals("no changes\n", planned(after, withTable("table = 100000"), Ownership.none()).diff());
    }

    @Test
    void aNewGatewayIsReplacedInTheTableInOneStep() {
        Observed with = apply(PLAIN, withTable("table = 102"));
        Config moved = config(BASE.replace("10.2.0.1\"", "10.2.0.254\"").replace("metric = 2\n", "metric = 2\ntable = 102\n"));
        List<String> changes = lines(with, moved);
        assertTrue(changes.contains("~ route default via 10.2.0.254 dev eth2 table 102 (was via 10.2.0.1 dev eth2)"), changes.toString());
        assertTrue(changes.stream().noneMatch(l -> l.contains("rule")), changes.toString());
        apply(with, moved);
    }

    @Test
    void aNewRulePriorityIsAddedBeforeTheOldRuleGoes() {
        Observed with = apply(PLAIN, withTable("table = 102"));
        Config later = config("[appliance]\nrule_priority = 900\n" + BASE.replace("metric = 2\n", "metric = 2\ntable = 102\n"));
        assertEquals(List.of(
                "+ rule 900: from 10.2.0.10 lookup 102",
                "+ rule -6 900: from 2001:db8:2::10 lookup 102",
                "- rule 1000: from 10.2.0.10 lookup 102",
                "- rule -6 1000: from 2001:db8:2::10 lookup 102"), lines(with, later));
    }

    @Test
    void aDownInterfaceHasNoTableAndNoRules() {
        Observed with = apply(PLAIN, withTable("table = 102"));
        List<String> down = lines(with, withTable("table = 102\nstate = \"down\""));
        assertTrue(down.indexOf("- rule 1000: from 10.2.0.10 lookup 102") < down.indexOf("~ link eth2 down (was up)"), down.toString());
    }

    @Test
    void everyPlanUndoesInReverseToWhereItStarted() {
        Observed with = apply(PLAIN, withTable("table = 102"));
        List<Observed> starts = List.of(PLAIN, with, apply(with, withTable("table = 7")));
        List<Config> targets = List.of(config(BASE), withTable("table = 102"), withTable("table = 7"), withTable("table = 100000"),
                config("[appliance]\nrule_priority = 5\n" + BASE.replace("metric = 2\n", "metric = 2\ntable = 102\n")));
        for (Observed start : starts) {
            for (Config target : targets) {
                List<Change> changes = planned(start, target, Ownership.none()).changes();
                Model model = new Model(start);
                changes.forEach(model::apply);
                List<Change> back = new ArrayList<>(changes);
                Collections.reverse(back);
                back.forEach(c -> model.apply(c.inverse()));
                assertTrue(model.observed().sameAs(start), start.difference(model.observed()));
            }
        }
    }
}
