package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.Config;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.health.GatewayStatus;
import dev.switchboard.health.HealthState;
import dev.switchboard.plan.PlannerTest;
import dev.switchboard.proxy.BindStatus;
import dev.switchboard.proxy.Stats;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dashboard as a person reads it, for given states of the appliance. */
class DashboardTest {
    static GatewayRow row(String device, String gateway, long metric, String link, String neighbour, boolean winner) {
        return new GatewayRow("inet", device, List.of(), gateway, metric, link, neighbour, true, winner);
    }

    static List<GatewayRow> seedRows(String eth0Link) {
        return List.of(row("eth0", "203.0.113.1", 0, eth0Link, "reachable", true), row("eth1", "198.51.100.1", 1, "up", "stale", false),
                row("eth2", "10.2.0.1", 2, "up", "reachable", false), row("eth3", "10.3.0.1", 3, "up", "reachable", false),
                row("eth4", "10.4.0.1", 4, "up", "failed", false));
    }

    static View view(Config config, List<GatewayRow> rows, Optional<String> bindError, Optional<Engine.PendingTry> pending, int servers) {
        List<Stats.FrontendStats> fs = new ArrayList<>();
        config.frontends().values().forEach(f -> fs.add(new Stats.FrontendStats(f.name(), f.mode().name().toLowerCase(), 3, 120, 0, 0, 0, 0, 0,
                f.binds().stream().map(b -> new Stats.BindStats(bindError.isPresent() && b.interfaceName().isPresent()
                        ? new BindStatus(f.name(), b, Optional.empty(), bindError)
                        : new BindStatus(f.name(), b, Optional.of(new InetSocketAddress(b.address().address(), b.address().port())), Optional.empty()),
                        b.interfaceName().isPresent() ? 1 : 3, b.interfaceName().isPresent() ? 40 : 120))
                        .toList())));
        List<Stats.ServerStats> ss = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            ss.add(new Stats.ServerStats("bk_www", "web" + i, "10.3.0." + (i % 250 + 1) + ":80", i != 1, true, false, Instant.EPOCH, i % 3, 10L * i, 0, 0, 0));
        }
        Stats.Snapshot stats = new Stats.Snapshot(0, fs, List.of(), ss);
        return new View(config.summary(), rows, Map.of("eth0", new double[] {1_500_000, 42_000}), stats, Map.of("ft_www 203.0.113.10:80", 12.0),
                ReplyRoute.of(config, rows), pending, Optional.empty(), List.of("kernel: link eth3 up"));
    }

    static Frame render(View view, int width, int height, Glyphs g) {
        Frame frame = new Frame(width, height);
        Ui ui = new Ui(false, g);
        ui.view(view);
        ui.draw(frame);
        return frame;
    }

    @Test
    void theSeedOnAnEightyByTwentyFourTerminal() throws Exception {
        Config seed = PlannerTest.config(PlannerTest.seedText());
        Frame f = render(view(seed, seedRows("up"), Optional.empty(), Optional.empty(), 4), 80, 24, Glyphs.ASCII);
        String screen = f.toString();
        assertEquals(" switchboard  5 interfaces, 2 frontends (3 binds), 2 backends (4 servers)", f.text(0));
        assertEquals("> GATEWAYS (by metric; * the one the kernel uses)", f.text(1));
        assertEquals("  *  0       eth0   203.0.113.1   up    reachable  1.5M  42K   managed", f.text(3));
        assertEquals("     4       eth4   10.4.0.1      up    failed     0     0     managed", f.text(7));
        assertEquals(Frame.Style.BAD, f.styleAt(7, 10), "a failed neighbour stands out");
        assertTrue(screen.contains("  ft_exchange 10.2.0.10:443    eth2 eth2 (pinned)     listen 1   40    0"), screen);
        assertTrue(screen.contains("  ft_www      203.0.113.10:80  -    eth0 (main table) listen 3   120   12"), screen);
        assertTrue(screen.contains("  bk_www/web1  10.3.0.2:80  DOWN"), screen);
        assertEquals(24, screen.split("\n", -1).length - 1);
        assertTrue(f.text(23).startsWith(" no try pending  |  last: kernel: link eth3 up"), f.text(23));
        assertTrue(screen.chars().allMatch(c -> c < 128), "ASCII only");
    }

    @Test
    void aLinkDownABindErrorAndAFlaggedBindShowWhy() throws Exception {
        Config unpinned = PlannerTest.config(PlannerTest.seedText().replace("{ address = \"203.0.113.10:443\" },",
                "{ address = \"10.2.0.10:8443\" },"));
        Frame f = render(view(unpinned, seedRows("down"), Optional.of("cannot pin to interface eth2: No such device"), Optional.empty(), 4),
                120, 30, Glyphs.ASCII);
        String screen = f.toString();
        assertTrue(screen.contains("*  0       eth0   203.0.113.1   down"), screen);
        assertTrue(screen.contains("  ft_exchange  10.2.0.10:8443   -     ! eth0 (main table)  listen  3    120    0"), screen);
        assertTrue(screen.contains("      traffic arrives on eth2 but replies leave by eth0 via 203.0.113.1: pin the bind with interface = \"eth2\""),
                screen);
        assertTrue(screen.contains("  ft_exchange  10.2.0.10:443    eth2  eth2 (pinned)        ERROR   1    40     0\n"
                + "      not listening: cannot pin to interface eth2: No such device"), screen);
    }

    @Test
    void aDeadGatewayFitsEightyColumnsAndFlagsTheBindsPinnedToIt() throws Exception {
        Config seed = PlannerTest.config(PlannerTest.seedText());
        Instant since = Instant.now().minusSeconds(4 * 3600 + 31 * 60 + 2);
        List<GatewayRow> rows = new ArrayList<>();
        for (GatewayRow r : seedRows("up")) {
            rows.add(r.withHealth(Optional.of(r.device().equals("eth2")
                    ? new GatewayStatus(HealthState.DEAD, Optional.empty(), 1.0, since, "no answer from 198.18.0.5")
                    : r.device().equals("eth4") ? GatewayStatus.unchecked(since)
                    : new GatewayStatus(HealthState.ALIVE, Optional.of(java.time.Duration.ofMillis(12)), 0, since, ""))));
        }
        Frame f = render(view(seed, rows, Optional.empty(), Optional.empty(), 4), 80, 24, Glyphs.ASCII);
        String screen = f.toString();
        assertTrue(f.text(1).matches("> GATEWAYS \\(by metric; \\* the one the kernel uses\\)  eth0 alive \\d\\d:\\d\\d:\\d\\d"), f.text(1));
        assertTrue(f.text(2).endsWith("HEALTH"), f.text(2));
        assertEquals("  *  0       eth0   203.0.113.1   up    reachable  1.5M  42K   alive 12ms", f.text(3));
        assertTrue(f.text(5).matches("     2       eth2   10.2.0.1      up    reachable  0     0     dead 04:31:0[23]"), f.text(5));
        assertEquals(Frame.Style.BAD, f.styleAt(5, 10), "a dead gateway stands out");
        assertTrue(f.text(6).startsWith("      eth2's gateway dead since "), f.text(6));
        assertTrue(screen.contains("unchecked"), screen);
        assertTrue(screen.contains("  ft_exchange 10.2.0.10:443    !eth2"), screen);
        assertTrue(screen.contains("pinned to eth2, whose gateway is dead"), screen);
        assertTrue(screen.lines().allMatch(l -> l.length() <= 80), screen);
    }

    @Test
    void eachBindSaysWhatDecidesItsRepliesInEightyColumns() throws Exception {
        Config table = PlannerTest.config(PlannerTest.seedText().replace(", interface = \"eth2\" }", " }")
                .replace("metric    = 2", "metric    = 2\ntable = 102"));
        Frame f = render(view(table, seedRows("up"), Optional.empty(), Optional.empty(), 4), 80, 24, Glyphs.ASCII);
        String screen = f.toString();
        assertTrue(screen.contains("FRONTENDS (where replies go, and what decides it)"), screen);
        assertTrue(screen.contains("  ft_www      203.0.113.10:80  -   eth0 (main table) listen 3   120   12"), screen);
        assertTrue(screen.contains("  ft_exchange 10.2.0.10:443    -   eth2 (table 102)  listen 3   120   0"), screen);
        assertTrue(screen.lines().allMatch(l -> l.length() <= 80), screen);
        List<GatewayRow> eth2Dead = seedRows("up").stream().map(r -> r.device().equals("eth2")
                ? r.withHealth(Optional.of(new GatewayStatus(HealthState.DEAD, Optional.empty(), 1.0, Instant.now(), "no carrier"))) : r).toList();
        String dead = render(view(table, eth2Dead, Optional.empty(), Optional.empty(), 4), 80, 24, Glyphs.ASCII).toString();
        assertTrue(dead.contains("  ft_exchange 10.2.0.10:443    -   eth2 (table 102)  listen 3   120   0\n"
                + "      its replies leave by eth2, whose gateway is dead (table 102)"), dead);
        assertEquals("pinned", Dashboard.by("pinned to eth2"));
        assertEquals("main table", Dashboard.by("main table: no default route"));
    }

    /** Two default routes on one interface (two next hops of one route, or two routes) are two rows a selection tells apart. */
    @Test
    void twoGatewaysOnOneInterfaceAreTwoRowsOfTheirOwn() throws Exception {
        Config seed = PlannerTest.config(PlannerTest.seedText());
        List<GatewayRow> rows = List.of(row("eth0", "203.0.113.1", 0, "up", "reachable", true), row("eth0", "203.0.113.2", 0, "up", "reachable", false),
                row("eth1", "198.51.100.1", 1, "up", "reachable", false));
        Rows shown = Dashboard.gateways(view(seed, rows, Optional.empty(), Optional.empty(), 1), Glyphs.ASCII);
        for (int i = 0; i < shown.size(); i++) {
            assertEquals(i, shown.indexOf(shown.get(i).id()), "row " + i + " is found by its own id: " + shown.get(i).id());
        }
    }

    @Test
    void aRouteNoLongerPutBackStandsOutWhereItsRowWas() throws Exception {
        Config seed = PlannerTest.config(PlannerTest.seedText());
        List<GatewayRow> rows = seedRows("up").stream().filter(r -> !r.device().equals("eth0")).toList();
        View v = view(seed, rows, Optional.empty(), Optional.empty(), 4);
        v = new View(v.summary(), v.gateways(), v.traffic(), v.stats(), v.connectionRates(), v.replies(), v.pending(), v.changer(), v.events(),
                List.of("eth0's default route"));
        Frame f = render(v, 80, 24, Glyphs.ASCII);
        String screen = f.toString();
        assertEquals("  !  -       eth0   -             -     -                      NOT PUT BACK", f.text(7), screen);
        assertEquals(Frame.Style.BAD, f.styleAt(7, 10));
        assertEquals("      eth0's default route: removed too often, NOT PUT BACK; an apply does", f.text(8), screen);
        assertTrue(screen.lines().allMatch(l -> l.length() <= 80), screen);
    }

    @Test
    void thePlanScreenSaysWhenAChangeIsAFailover() throws Exception {
        Config seed = PlannerTest.config(PlannerTest.seedText());
        Ui ui = new Ui(false, Glyphs.ASCII);
        ui.view(view(seed, seedRows("up"), Optional.empty(), Optional.empty(), 4));
        // as the engine's plan of an edit says it while eth0's gateway is dead (plan.Failover#lines)
        ui.changes.planLines = List.of(
                "failover: eth0's gateway 203.0.113.1 is dead: its default route stands behind the live ones at metric 10 (configured 0)",
                "+ route default via 10.4.0.1 dev eth4 metric 9",
                "+ route default via 203.0.113.1 dev eth0 metric 10  (failover: eth0's gateway is dead)",
                "- route default via 10.4.0.1 dev eth4 metric 4",
                "- route default via 203.0.113.1 dev eth0 metric 5  (failover: eth0's gateway is dead)");
        ui.changes.planOk = true;
        ui.screen = Ui.Screen.PLAN;
        Frame f = new Frame(80, 24);
        ui.draw(f);
        assertEquals("PLAN during a FAILOVER: your edits, and what applying them changes", f.text(1));
        assertEquals("  what applying them changes:", f.text(3));
        assertEquals("    failover: eth0's gateway 203.0.113.1 is dead: its default route stands", f.text(4));
        assertEquals(Frame.Style.WARN, f.styleAt(4, 6), "the failover's note stands out");
        assertEquals(Frame.Style.WARN, f.styleAt(5, 10), "all of it, wrapped");
        assertEquals("    + route default via 10.4.0.1 dev eth4 metric 9", f.text(6));
        assertEquals(Frame.Style.NORMAL, f.styleAt(6, 6), "the operator's own step does not");
        assertEquals("    + route default via 203.0.113.1 dev eth0 metric 10  (failover: eth0's", f.text(7));
        assertEquals(Frame.Style.WARN, f.styleAt(7, 6));
        assertTrue(f.toString().lines().allMatch(l -> l.length() <= 80), f.toString());
    }

    @Test
    void aPendingTryCountsDownOnTheStatusLine() throws Exception {
        Config seed = PlannerTest.config(PlannerTest.seedText());
        Frame f = render(view(seed, seedRows("up"), Optional.empty(),
                Optional.of(new Engine.PendingTry("alice on pts/3", Instant.now(), Instant.now().plusSeconds(42))), 4), 80, 24, Glyphs.UNICODE);
        assertTrue(f.text(23).matches(" TRY pending: 4[12] s left, by alice on pts/3 since \\d\\d:\\d\\d:\\d\\d  \\|  last: kernel: link.*"),
                f.text(23));
        assertTrue(f.toString().contains("\u25ba  0       eth0"), "the winner marked in Unicode");
    }

    @Test
    void aBigTerminalShowsEverythingAndHundredsOfServersScrollAndFilter() throws Exception {
        Config seed = PlannerTest.config(PlannerTest.seedText());
        View v = view(seed, seedRows("up"), Optional.empty(), Optional.empty(), 300);
        Frame big = render(v, 200, 60, Glyphs.ASCII);
        assertTrue(big.toString().contains("  ft_exchange  203.0.113.10:443  -     eth0 (main table)  listen  3    120    0"), big.toString());
        assertTrue(big.toString().contains("bk_www/web40"), "a 200x60 terminal shows more servers");
        assertTrue(big.text(14).endsWith("1-43/300"), big.text(14));

        Ui ui = new Ui(false, Glyphs.ASCII);
        ui.view(v);
        ui.dash.focus = Dashboard.Panel.BACKENDS;
        ui.dash.filter = "web29";
        Frame filtered = new Frame(80, 24);
        ui.draw(filtered);
        String screen = filtered.toString();
        assertTrue(screen.contains("> BACKENDS  filter: web29"), screen);
        assertTrue(screen.contains("bk_www/web29 ") && screen.contains("bk_www/web290") && !screen.contains("bk_www/web28 "), screen);
    }
}
