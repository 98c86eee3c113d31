package dev.switchboard.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.config.Config;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.net.Neighbour;
import dev.switchboard.net.NetState;
import dev.switchboard.net.Route;
import dev.switchboard.net.Rule;
import dev.switchboard.plan.PlannerTest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's reply routes (ReplyRoute, what the engine publishes), explain's paths and
 * doctor's reverse path come from one lookup: on the same kernel they name the same interface and
 * gateway, and the same mechanism, whatever decides (a pin, switchboard's policy rule, someone
 * else's rule, the main table).
 */
class ReplyPathsAgreeTest {
    static final Rule MAIN = new Rule(Route.AF_INET, Route.TABLE_MAIN, 32766, Optional.empty(), 0, 2, Rule.FR_ACT_TO_TBL);

    static Route defaultIn(int table, String gateway, int oif) {
        return new Route(Route.AF_INET, table, Boxes.ip("0.0.0.0"), 0, Optional.of(Boxes.ip(gateway)), oif, 0, 4, 0, 1);
    }

    static List<String> agreeing(Config config, NetState net) {
        List<ReplyRoute> replies = ReplyRoute.of(config, net);
        List<Explain.Path> paths = Explain.paths(replies, net, Boxes.ip("10.20.0.5"), Optional.empty());
        for (int i = 0; i < replies.size(); i++) {
            ReplyRoute r = replies.get(i);
            Explain.Path p = paths.get(i);
            assertEquals(r.device(), Optional.of(net.linkName(p.answer().oif())), r.toString());
            assertEquals(r.gateway(), p.answer().gateway().map(IpLiteral::format), r.toString());
            if (r.bind().interfaceName().isEmpty()) {
                assertEquals(r.device(), SysctlChecks.reversePath(net, r.bind()), "doctor's way back, unpinned: " + r);
            }
        }
        return replies.stream().map(r -> r.bind().address() + " " + r.describe() + " (" + r.decidedBy() + ")").toList();
    }

    @Test
    void theSameInterfaceGatewayAndMechanism() throws Exception {
        Config seed = PlannerTest.config(PlannerTest.seedText());
        assertEquals(List.of("203.0.113.10:80 eth0 via 203.0.113.1 (main table: lowest metric eth0)",
                "203.0.113.10:443 eth0 via 203.0.113.1 (main table: lowest metric eth0)",
                "10.2.0.10:443 eth2 via 10.2.0.1 (pinned to eth2)"),
                agreeing(seed, Boxes.net(Neighbour.NUD_REACHABLE, List.of(), List.of())));

        Config unpinned = PlannerTest.config(PlannerTest.seedText().replace(", interface = \"eth2\" }", " }"));
        assertEquals("10.2.0.10:443 eth0 via 203.0.113.1 (main table: lowest metric eth0)",
                agreeing(unpinned, Boxes.net(Neighbour.NUD_REACHABLE, List.of(), List.of())).get(2), "astray: the main table's winner");
        NetState policy = Boxes.net(Neighbour.NUD_REACHABLE, List.of(Rule.fromAddress(Boxes.ip("10.2.0.10"), 102, 1000), MAIN),
                List.of(defaultIn(102, "10.2.0.1", 4)));
        assertEquals("10.2.0.10:443 eth2 via 10.2.0.1 (policy: from 10.2.0.10 table 102)", agreeing(unpinned, policy).get(2));
        Rule theirs = new Rule(Route.AF_INET, 200, 500, Optional.of(Boxes.ip("10.2.0.0")), 24, 4, Rule.FR_ACT_TO_TBL);
        NetState external = Boxes.net(Neighbour.NUD_REACHABLE, List.of(theirs, MAIN), List.of(defaultIn(200, "10.2.0.1", 4)));
        assertEquals("10.2.0.10:443 eth2 via 10.2.0.1 (policy: from 10.2.0.0 table 200)", agreeing(unpinned, external).get(2),
                "someone else's rule decides, and all three say so");
    }
}
