package dev.switchboard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.config.Config;
import dev.switchboard.plan.PlannerTest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where replies go, from the gateway table: the seed's binds, and the mistake the product exists for. */
class ReplyRouteTest {
    static GatewayRow row(String device, String gateway, long metric, boolean winner) {
        return new GatewayRow("inet", device, List.of(), gateway, metric, "up", "reachable", true, winner);
    }

    static final List<GatewayRow> SEED = List.of(row("eth0", "203.0.113.1", 0, true), row("eth1", "198.51.100.1", 1, false),
            row("eth2", "10.2.0.1", 2, false), row("eth3", "10.3.0.1", 3, false), row("eth4", "10.4.0.1", 4, false));

    static List<String> describe(Config config, List<GatewayRow> rows) {
        return ReplyRoute.of(config, rows).stream()
                .map(r -> r.frontend() + " " + r.bind() + " -> " + r.describe() + r.problem().map(p -> " ! " + p).orElse("")).toList();
    }

    @Test
    void theSeedsBindsReplyThroughTheirOwnGateways() throws Exception {
        assertEquals(List.of(
                "ft_www 203.0.113.10:80 -> eth0 via 203.0.113.1",
                "ft_exchange 203.0.113.10:443 -> eth0 via 203.0.113.1",
                "ft_exchange 10.2.0.10:443 interface eth2 -> eth2 via 10.2.0.1"), describe(PlannerTest.config(PlannerTest.seedText()), SEED));
    }

    @Test
    void anUnpinnedLanBindIsFlaggedWithTheFix() throws Exception {
        Config unpinned = PlannerTest.config(PlannerTest.seedText().replace(", interface = \"eth2\" }", " }"));
        ReplyRoute lan = ReplyRoute.of(unpinned, SEED).get(2);
        assertEquals(Optional.of("eth2"), lan.arrives());
        assertEquals("eth0 via 203.0.113.1", lan.describe());
        assertEquals(Optional.of("traffic arrives on eth2 but replies leave by eth0 via 203.0.113.1: pin the bind with interface = \"eth2\", or give eth2 a table"),
                lan.problem());
    }

    /** eth0's gateway dead and its route failed over: its binds are not told to pin (replies would go to the dead gateway). */
    @Test
    void duringAFailoverABindOnTheDeadGatewaysInterfaceIsNotToldToPin() throws Exception {
        List<GatewayRow> failedOver = List.of(row("eth1", "198.51.100.1", 1, true), row("eth2", "10.2.0.1", 2, false),
                row("eth3", "10.3.0.1", 3, false), row("eth4", "10.4.0.1", 4, false), row("eth0", "203.0.113.1", 5, false));
        var dead = java.util.Set.of("eth0");
        List<ReplyRoute> routes = ReplyRoute.failedOver(ReplyRoute.of(PlannerTest.config(PlannerTest.seedText()), failedOver), dead);
        assertEquals(Optional.of("eth0's gateway is dead: clients beyond it cannot reach this bind until it answers again"
                + " (replies leave by eth1 via 198.51.100.1 meanwhile)"), routes.get(0).problem());
        assertEquals(Optional.empty(), routes.get(2).problem(), "the bind pinned to eth2 is fine");
        assertEquals(ReplyRoute.of(PlannerTest.config(PlannerTest.seedText()), failedOver).get(0).problem().orElseThrow().contains("pin the bind"),
                true, "without health, the mismatch and its usual fix");
    }

    @Test
    void aPinnedInterfaceWithoutADefaultRouteIsFlagged() throws Exception {
        List<GatewayRow> noLan = SEED.stream().filter(r -> !r.device().equals("eth2")).toList();
        ReplyRoute lan = ReplyRoute.of(PlannerTest.config(PlannerTest.seedText()), noLan).get(2);
        assertEquals("no default route", lan.describe());
        assertEquals(Optional.of("eth2 has no default route: replies to clients beyond its subnet have no way out"), lan.problem());
    }

    @Test
    void eachBindSaysWhichMechanismDecidesItsReplies() throws Exception {
        String text = PlannerTest.seedText().replace(", interface = \"eth2\" }", " }").replace("metric    = 2", "metric    = 2\ntable = 102");
        Config policy = PlannerTest.config(text);
        ReplyRoute lan = ReplyRoute.of(policy, SEED).get(2);
        assertEquals("eth2 via 10.2.0.1", lan.describe());
        assertEquals(Optional.empty(), lan.problem(), "the table's rule sends replies from 10.2.0.10 through eth2's gateway");
        assertEquals("policy: from 10.2.0.10 table 102", ReplyRoute.decidedBy(policy, lan.bind(), SEED));
        Config seed = PlannerTest.config(PlannerTest.seedText());
        List<ReplyRoute> routes = ReplyRoute.of(seed, SEED);
        assertEquals("main table: lowest metric eth0", ReplyRoute.decidedBy(seed, routes.get(0).bind(), SEED));
        assertEquals("pinned to eth2", ReplyRoute.decidedBy(seed, routes.get(2).bind(), SEED));
    }
}
