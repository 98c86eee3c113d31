package dev.switchboard.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.Cidr;
import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.Family;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.plan.Observed.ObservedLink;
import dev.switchboard.plan.Observed.ObservedRoute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

public class PlannerTest {
    public static String seedText() throws IOException {
        return Files.readString(Path.of("conf/switchboard.toml"));
    }

    public static Config config(String text) {
        return assertInstanceOf(ConfigLoader.Loaded.class, ConfigLoader.parse(text, "test.toml")).config();
    }

    /** eth0..eth4 present, down, no addresses: a fresh box. */
    public static Observed bareBox() {
        Map<String, ObservedLink> links = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            links.put("eth" + i, new ObservedLink("eth" + i, Optional.empty(), 1500, false, List.of()));
        }
        return new Observed(links, List.of());
    }

    public static Plan planned(Observed observed, Config config, Ownership ownership) {
        return assertInstanceOf(PlanResult.Planned.class, Planner.plan(observed, config, ownership)).plan();
    }

    static List<String> refused(Observed observed, Config config) {
        return assertInstanceOf(PlanResult.Refused.class, Planner.plan(observed, config, Ownership.none())).reasons();
    }

    /** Applies a plan to the model and returns the state and ownership after it. */
    record Applied(Observed observed, Ownership ownership) {}

    static Applied apply(Observed start, Config config, Ownership ownership) {
        Plan plan = planned(start, config, ownership);
        Model model = new Model(start);
        plan.changes().forEach(model::apply);
        return new Applied(model.observed(), ownership.after(plan.changes(), config));
    }

    @Test
    void seedOnABareBoxBringsLinksUpThenAddressesThenRoutes() throws IOException {
        Plan plan = planned(bareBox(), config(seedText()), Ownership.none());
        List<String> lines = plan.changes().stream().map(Change::toString).toList();
        assertEquals(15, lines.size(), plan.diff());
        assertEquals("~ link eth0 up (was down)", lines.get(0));
        assertEquals("+ address 203.0.113.10/24 dev eth0", lines.get(5));
        assertEquals("+ route default via 10.2.0.1 dev eth2 metric 2", lines.get(12));
        assertEquals("+ route default via 10.4.0.1 dev eth4 metric 4", lines.get(14));
    }

    @Test
    void planAfterApplyIsEmpty() throws IOException {
        Config seed = config(seedText());
        Applied applied = apply(bareBox(), seed, Ownership.none());
        Plan again = planned(applied.observed(), seed, applied.ownership());
        assertEquals("no changes\n", again.diff());
    }

    @Test
    void gatewayChangeIsReplacedInPlace() throws IOException {
        Applied applied = apply(bareBox(), config(seedText()), Ownership.none());
        Config changed = config(seedText().replace("gateway   = \"10.2.0.1\"", "gateway   = \"10.2.0.254\""));
        Plan plan = planned(applied.observed(), changed, applied.ownership());
        assertEquals("~ route default via 10.2.0.254 dev eth2 metric 2 (was via 10.2.0.1 dev eth2)\n", plan.diff());
    }

    @Test
    void metricSwapGoesThroughTemporaryMetricsAndNeverLeavesAnInterfaceWithoutRoute() throws IOException {
        Applied applied = apply(bareBox(), config(seedText()), Ownership.none());
        Config swapped = config(seedText().replace("metric    = 3", "metric    = X").replace("metric    = 4", "metric    = 3")
                .replace("metric    = X", "metric    = 4"));
        Plan plan = planned(applied.observed(), swapped, applied.ownership());
        assertEquals("""
                + route default via 10.3.0.1 dev eth3 metric 5
                + route default via 10.4.0.1 dev eth4 metric 6
                - route default via 10.3.0.1 dev eth3 metric 3
                - route default via 10.4.0.1 dev eth4 metric 4
                + route default via 10.3.0.1 dev eth3 metric 4
                - route default via 10.3.0.1 dev eth3 metric 5
                + route default via 10.4.0.1 dev eth4 metric 3
                - route default via 10.4.0.1 dev eth4 metric 6
                """, plan.diff());
        Model model = new Model(applied.observed());
        for (Change c : plan.changes()) {
            model.apply(c);
            for (int i = 0; i < 5; i++) {
                assertTrue(model.hasRoute("eth" + i, Family.IPV4), "eth" + i + " lost its route after " + c);
            }
        }
        assertEquals("no changes\n", planned(model.observed(), swapped, applied.ownership()).diff());
    }

    @Test
    void movedAddressIsAddedBeforeTheOldOneGoes() throws IOException {
        Applied applied = apply(bareBox(), config(seedText()), Ownership.none());
        Config moved = config(seedText().replace("addresses = [\"10.4.0.10/24\"]", "addresses = [\"10.4.0.11/24\"]"));
        assertEquals("+ address 10.4.0.11/24 dev eth4\n- address 10.4.0.10/24 dev eth4\n",
                planned(applied.observed(), moved, applied.ownership()).diff());
    }

    @Test
    void externalAddressesAndRoutesAreLeftAlone() throws IOException {
        Applied applied = apply(bareBox(), config(seedText()), Ownership.none());
        Map<String, ObservedLink> links = new LinkedHashMap<>(applied.observed().links());
        ObservedLink eth1 = links.get("eth1");
        List<Cidr> withExternal = new ArrayList<>(eth1.addresses());
        withExternal.add(Cidr.parse("192.0.2.7/24").orElseThrow());
        links.put("eth1", new ObservedLink("eth1", Optional.empty(), 1500, true, withExternal));
        List<ObservedRoute> routes = new ArrayList<>(applied.observed().defaultRoutes());
        routes.add(ObservedRoute.external(Family.IPV4, 100, "default via 192.0.2.1 dev eth1 metric 100 proto dhcp"));
        Observed withExternals = new Observed(links, routes);
        assertEquals("no changes\n", planned(withExternals, config(seedText()), applied.ownership()).diff());
    }

    @Test
    void metricTakenByAnExternalRouteIsRefusedBeforeAnythingIsTouched() throws IOException {
        Observed box = bareBox();
        Observed withDhcp = new Observed(box.links(),
                List.of(ObservedRoute.external(Family.IPV4, 0, "default via 203.0.113.254 dev eth0 proto dhcp")));
        assertEquals(List.of("eth0: metric 0 (IPv4) is taken by an external route, default via 203.0.113.254 dev eth0 proto dhcp;"
                + " remove that route or give eth0 another metric"), refused(withDhcp, config(seedText())));
    }

    @Test
    void missingInterfaceIsRefused() throws IOException {
        Map<String, ObservedLink> links = new LinkedHashMap<>(bareBox().links());
        links.remove("eth3");
        assertEquals(List.of("eth3: no such interface on this machine (check the name, the cabling or the driver)"),
                refused(new Observed(links, List.of()), config(seedText())));
    }

    @Test
    void vlanIsCreatedUpAddressedAndLaterRemoved() throws IOException {
        String withVlan = seedText() + "\n[interfaces.\"eth1.100\"]\nvlan = { parent = \"eth1\", id = 100 }\n"
                + "addresses = [\"10.100.0.10/24\"]\ngateway = \"10.100.0.1\"\nmetric = 5\n";
        Applied applied = apply(bareBox(), config(withVlan), Ownership.none());
        assertTrue(applied.ownership().ownsLink("eth1.100"));
        assertTrue(new Model(applied.observed()).hasRoute("eth1.100", Family.IPV4));
        Plan removal = planned(applied.observed(), config(seedText()), applied.ownership());
        assertEquals("""
                - route default via 10.100.0.1 dev eth1.100 metric 5
                - address 10.100.0.10/24 dev eth1.100
                ~ link eth1.100 down (was up)
                - link eth1.100 vlan 100 on eth1
                """, removal.diff());
    }

    @Test
    void vlanWithoutItsParentIsRefused() throws IOException {
        String withVlan = seedText() + "\n[interfaces.\"eth9.100\"]\nvlan = { parent = \"eth9\", id = 100 }\n";
        String text = withVlan.replace("[interfaces.\"eth9.100\"]", "[interfaces.eth9]\n[interfaces.\"eth9.100\"]");
        List<String> reasons = refused(bareBox(), config(text));
        assertEquals(List.of("eth9: no such interface on this machine (check the name, the cabling or the driver)",
                "eth9.100: VLAN parent eth9 is not on this machine"), reasons);
    }

    @Test
    void aDownInterfaceHasItsRouteWithheldAndSaysSo() throws IOException {
        Applied applied = apply(bareBox(), config(seedText()), Ownership.none());
        Plan plan = planned(applied.observed(), config(seedText().replace("state     = \"up\"", "state     = \"down\"")), applied.ownership());
        assertEquals("- route default via 10.4.0.1 dev eth4 metric 4\n~ link eth4 down (was up)\n", plan.diff());
        assertEquals(List.of("eth4 is down: its default route via 10.4.0.1 is withheld until it is up"), plan.notes());
    }

    /** Random metric permutations, gateways and address moves: every plan applies and converges. */
    @Test
    void randomChangesApplyCleanlyConvergeAndUndoInReverse() throws IOException {
        Random random = new Random(7);
        Applied current = apply(bareBox(), config(seedText()), Ownership.none());
        for (int round = 0; round < 200; round++) {
            List<Integer> metrics = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
            java.util.Collections.shuffle(metrics, random);
            StringBuilder text = new StringBuilder("[appliance]\n");
            for (int i = 0; i < 5; i++) {
                int host = 10 + random.nextInt(2);
                text.append("[interfaces.eth").append(i).append("]\naddresses = [\"10.").append(i).append(".0.").append(host).append("/24\"]\n");
                if (random.nextInt(6) > 0) {
                    text.append("gateway = \"10.").append(i).append(".0.").append(1 + random.nextInt(2)).append("\"\nmetric = ")
                            .append(metrics.get(i)).append('\n');
                }
                if (random.nextInt(10) == 0) {
                    text.append("state = \"down\"\n");
                }
            }
            Config next = config(text.toString());
            Plan plan = planned(current.observed(), next, current.ownership());
            Model model = new Model(current.observed());
            plan.changes().forEach(model::apply);
            // and undone in reverse, the kernel is as it was
            Model undo = new Model(model.observed());
            for (int k = plan.changes().size() - 1; k >= 0; k--) {
                undo.apply(plan.changes().get(k).inverse());
            }
            assertTrue(undo.observed().sameAs(current.observed()), "undo of round " + round + ": "
                    + current.observed().difference(undo.observed()) + "\n" + plan.diff());
            Applied after = new Applied(model.observed(), current.ownership().after(plan.changes(), next));
            assertEquals("no changes\n", planned(after.observed(), next, after.ownership()).diff(), "round " + round);
            current = after;
        }
    }

    @Test
    void defaultRouteReadsAsIpRoutePrintsIt() {
        assertEquals("default via 10.2.0.1 dev eth2 metric 2",
                new DefaultRoute(IpLiteral.parse("10.2.0.1").orElseThrow(), "eth2", 2).toString());
    }
}
