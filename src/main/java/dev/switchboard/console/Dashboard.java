package dev.switchboard.console;

import dev.switchboard.console.Frame.Style;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.health.GatewayStatus;
import dev.switchboard.health.HealthState;
import dev.switchboard.proxy.Stats;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The dashboard: gateways by metric (the one the kernel uses marked), frontend binds with where
 * their replies go and what decides it (a pin, a policy table, the main table; flagged when that
 * is another interface than the one their traffic arrives on), backends' servers. Fits 80x24 and uses more room when there is more; the focused panel
 * scrolls, sorts and filters. Each row carries the id of what it shows ({@link RowId}). Pure: a
 * {@link View} and the dashboard's state ({@link Panels}) in, a {@link Frame} out.
 */
final class Dashboard {
    private Dashboard() {}

    enum Panel { GATEWAYS, FRONTENDS, BACKENDS }


    /** HEALTH: the engine's judgement of a managed gateway ("dead 00:04:31"), "external" for a route not switchboard's. */
    static final String[] GATEWAY_HEADER = {"", "METRIC", "IFACE", "GATEWAY", "LINK", "NEIGHBOUR", "RX/s", "TX/s", "HEALTH"};
    static final String[] FRONTEND_HEADER = {"FRONTEND", "BIND", "PIN", "REPLIES VIA", "STATE", "CUR", "TOTAL", "CONN/s"};
    static final String[] BACKEND_HEADER = {"SERVER", "ADDRESS", "STATE", "SINCE", "CUR", "TOTAL"};

    static Rows gateways(View v, Glyphs g) {
        Rows rows = new Rows();
        for (GatewayRow r : v.gateways()) {
            double[] t = v.traffic().getOrDefault(r.device(), new double[2]);
            HealthState health = r.health().map(GatewayStatus::state).orElse(HealthState.UNCHECKED);
            Style style = !r.link().equals("up") || r.neighbour().equals("failed") || health == HealthState.DEAD ? Style.BAD
                    : health == HealthState.CHECKING ? Style.WARN : r.winner() ? Style.GOOD : Style.NORMAL;
            String detail = r.health().filter(h -> h.state() == HealthState.DEAD).map(h -> r.device() + "'s gateway " + h.state().word() + " since "
                    + Ui.CLOCK.format(LocalTime.ofInstant(h.since(), ZoneId.systemDefault())) + (h.detail().isEmpty() ? "" : ": " + h.detail())).orElse("");
            rows.add(new RowId.Gateway(r.device(), r.family(), r.gateway()), style, detail, r.winner() ? g.winner() : "", Long.toString(r.metric()), r.device(), r.gateway(), r.link(), r.neighbour(),
                    View.human(t[0]), View.human(t[1]), !r.managed() ? "external" : r.health().map(h -> h.word(Instant.now())).orElse("managed"));
        }
        for (String what : v.givenUp()) { // removed and not put back: no row of the kernel's shows it
            String device = what.replaceAll("'s .*", "");
            rows.add(new RowId.Gateway(device, "gone", "-"), Style.BAD, what + ": removed too often, NOT PUT BACK; an apply does",
                    g.warn(), "-", device, "-", "-", "-", "", "", "NOT PUT BACK");
        }
        return rows;
    }

    static Rows frontends(View v, Glyphs g) {
        Rows rows = new Rows();
        for (Stats.FrontendStats f : v.stats().frontends()) {
            for (Stats.BindStats b : f.binds()) {
                ReplyRoute route = v.replies().stream().filter(r -> r.frontend().equals(f.name()) && r.bind().equals(b.bind()))
                        .findFirst().orElse(null);
                String via = route == null ? "?" : (route.flagged() ? g.warn() + " " : "") + route.device().orElse("none")
                        + (route.decidedBy().isEmpty() ? "" : " (" + by(route.decidedBy()) + ")");
                Optional<String> deadPin = b.bind().interfaceName().filter(pin -> deadGateway(v, pin));
                // pinned, or by its interface's table: replies that leave by a dead gateway
                Optional<String> deadWay = Optional.ofNullable(route).flatMap(ReplyRoute::device).filter(d -> deadGateway(v, d));
                boolean drained = b.error().filter(DRAINED::equals).isPresent();
                String state = drained ? "DRAINED" : b.error().isPresent() ? "ERROR" : "listen";
                Style style = drained ? Style.WARN : b.error().isPresent() || (route != null && route.flagged()) || deadPin.isPresent()
                        || deadWay.isPresent() ? Style.BAD : Style.NORMAL;
                String detail = drained ? "drained by an operator: e opens it again" : b.error().map(e -> "not listening: " + e)
                        .orElse(deadPin.map(pin -> "pinned to " + pin + ", whose gateway is dead: its replies leave by a dead gateway")
                        .orElse(route != null && route.flagged() ? route.problem().get()
                                : deadWay.map(d -> "its replies leave by " + d + ", whose gateway is dead (" + by(route.decidedBy()) + ")").orElse("")));
                String pin = b.bind().interfaceName().map(p -> deadPin.isPresent() ? g.warn() + p : p).orElse("-");
                rows.add(new RowId.Bind(f.name(), b.bind().address()), style, detail, f.name(), b.bind().address().toString(), pin, via, state,
                        Integer.toString(b.current()), Long.toString(b.total()), View.human(v.connectionRates().getOrDefault(key(f.name(), b), 0.0)));
            }
        }
        return rows;
    }

    /**
     * What decides a bind's replies, in a word or two for the column: {@code pinned}, {@code table
     * 102}, {@code main table}; the engine's own words if they are none of these.
     */
    static String by(String decidedBy) {
        if (decidedBy.startsWith("pinned to ")) {
            return "pinned";
        }
        int table = decidedBy.lastIndexOf(" table ");
        if (decidedBy.startsWith("policy: ") && table > 0) {
            return decidedBy.substring(table + 1);
        }
        return decidedBy.startsWith("main table") ? "main table" : decidedBy;
    }

    /** Whether {@code iface}'s gateway is judged dead. */
    static boolean deadGateway(View v, String iface) {
        return v.gateways().stream().anyMatch(r -> r.device().equals(iface) && r.health().filter(h -> h.state() == HealthState.DEAD).isPresent());
    }

    /** What the proxy says of a bind that an operator drained (Proxy.drain). */
    static final String DRAINED = "drained by an operator";

    /** Whether the frontend's binds were drained by an operator. */
    static boolean drained(View v, String frontend) {
        return v.stats().frontend(frontend).map(f -> f.binds().stream().anyMatch(b -> b.error().filter(DRAINED::equals).isPresent()))
                .orElse(false);
    }

    static Rows backends(View v, int sort) {
        List<Stats.ServerStats> servers = new ArrayList<>(v.stats().servers());
        if (sort == 1) {
            servers.sort(Comparator.comparing(Stats.ServerStats::state).thenComparing(s -> s.backend() + "/" + s.name()));
        } else if (sort == 2) {
            servers.sort(Comparator.comparingInt(Stats.ServerStats::current).reversed());
        }
        Rows rows = new Rows();
        for (Stats.ServerStats s : servers) {
            // checking: no result yet, so neither well nor ill
            Style style = s.state().equals("UP") ? Style.NORMAL : s.state().equals("MAINT") || s.checking() ? Style.WARN : Style.BAD;
            rows.add(new RowId.Server(s.backend(), s.name()), style, "", s.backend() + "/" + s.name(), s.address(), s.state(),
                    Ui.CLOCK.format(LocalTime.ofInstant(s.lastChange(), ZoneId.systemDefault())),
                    Integer.toString(s.current()), Long.toString(s.total()));
        }
        return rows;
    }

    /** How {@link View#connectionRates} names a bind. */
    static String key(String frontend, Stats.BindStats b) {
        return frontend + " " + b.bind();
    }

    /** The gateways' last change of health and when, for the panel's title: {@code "  eth0 alive 10:42:07"}; empty if none is judged. */
    static String lastChange(View v) {
        return v.gateways().stream().filter(r -> r.health().filter(h -> h.state() != HealthState.UNCHECKED).isPresent())
                .max(Comparator.comparing(r -> r.health().get().since()))
                .map(r -> "  " + r.device() + " " + r.health().get().state().word() + " "
                        + Ui.CLOCK.format(LocalTime.ofInstant(r.health().get().since(), ZoneId.systemDefault())))
                .orElse("");
    }

    /** Draws the three panels between {@code top} and {@code bottom} (exclusive). */
    static void draw(Frame frame, int top, int bottom, View v, Panels state, Glyphs g) {
        Rows[] rows = {state.rows(Panel.GATEWAYS, v, g), state.rows(Panel.FRONTENDS, v, g), state.rows(Panel.BACKENDS, v, g)};
        Panel focus = state.focus;
        String[] titles = {"GATEWAYS (by metric; " + g.winner() + " the one the kernel uses)" + lastChange(v), "FRONTENDS (where replies go, and what decides it)",
            "BACKENDS" + (state.sort == 1 ? " (by state)" : state.sort == 2 ? " (by connections)" : "")};
        String[][] headers = {GATEWAY_HEADER, FRONTEND_HEADER, BACKEND_HEADER};
        int available = bottom - top;
        int[] want = new int[3];
        for (int p = 0; p < 3; p++) {
            Columns columns = widths(headers[p], rows[p], frame.width - 2);
            want[p] = 2 + Math.max(1, rows[p].list().stream().mapToInt(r -> cells(r.cells(), columns).size() + (r.detail().isEmpty() ? 0 : 1)).sum());
        }
        int[] height = share(want, available);
        int row = top;
        for (Panel p : Panel.values()) {
            int i = p.ordinal();
            boolean focused = focus == p;
            boolean filtered = focused && !state.filter.isEmpty();
            String title = titles[i] + (filtered ? "  filter: " + state.filter : "");
            frame.line(row, (focused ? "> " : "  ") + title, focused ? Style.TITLE : Style.HEADER);
            table(frame, row + 1, height[i] - 1, headers[i], rows[i], state.selection(p), focused, filtered ? "  (nothing matches)" : "  (none)");
            row += height[i];
        }
    }

    /** Heights that add up to {@code available}: each panel what it wants, the last ones cut first, none under 3. */
    static int[] share(int[] want, int available) {
        int[] h = want.clone();
        int total = h[0] + h[1] + h[2];
        for (int p = 2; p >= 0 && total > available; p--) {
            int cut = Math.min(total - available, h[p] - 3);
            if (cut > 0) {
                h[p] -= cut;
                total -= cut;
            }
        }
        h[2] += Math.max(0, available - total); // room to spare goes to the long list
        return h;
    }

    /**
     * A header and as many rows as fit; in the focused table the selected row is highlighted and
     * scrolled into sight. {@code empty} says why there are no rows.
     */
    static void table(Frame frame, int top, int height, String[] header, Rows rows, Selection selection, boolean focused, String empty) {
        if (height <= 0) {
            return;
        }
        Columns width = widths(header, rows, frame.width - 2);
        frame.line(top, "  " + cells(header, width).get(0), Style.DIM);
        int room = height - 1;
        if (rows.size() == 0) {
            if (room > 0) {
                frame.line(top + 1, empty, Style.DIM);
            }
            return;
        }
        int first = selection.firstShown(rows, room, focused);
        int selected = focused ? selection.index(rows) : -1;
        int r = top + 1;
        for (int i = first; i < rows.size() && r < top + height; i++) {
            Rows.Row row = rows.get(i);
            for (String line : cells(row.cells(), width)) { // a cell too long for its column goes on under itself
                if (r < top + height) {
                    frame.line(r++, "  " + line, i == selected ? Style.SELECTED : row.style());
                }
            }
            if (!row.detail().isEmpty() && r < top + height) {
                frame.line(r++, "      " + row.detail(), Style.WARN);
            }
        }
        if (first + (r - top - 1) < rows.size() && height > 1) {
            frame.put(top, frame.width - 12, " " + (first + 1) + "-" + Math.min(rows.size(), first + room) + "/" + rows.size(), Style.DIM);
        }
    }

    /** Column widths and the gap between columns. */
    record Columns(int[] width, int gap) {}

    /** The widest a column is made (wider cells wrap under themselves), so that one long cell does not push the others away. */
    static final int CAP = 24;

    /**
     * Column widths from the content, each at most {@link #CAP}; the widest columns give way
     * first when the row is still too long. The gap between columns is two spaces, or one when
     * that makes the row fit.
     */
    static Columns widths(String[] header, Rows rows, int total) {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
        }
        for (Rows.Row row : rows.list()) {
            for (int i = 0; i < row.cells().length; i++) {
                w[i] = Math.max(w[i], Math.min(CAP, row.cells()[i].length()));
            }
        }
        int gap = sum(w) + 2 * (w.length - 1) <= total ? 2 : 1;
        while (sum(w) + gap * (w.length - 1) > total) {
            int widest = 0;
            for (int i = 1; i < w.length; i++) {
                widest = w[i] > w[widest] ? i : widest;
            }
            if (w[widest] <= 4) {
                break;
            }
            w[widest]--;
        }
        return new Columns(w, gap);
    }

    private static int sum(int[] w) {
        int s = 0;
        for (int x : w) {
            s += x;
        }
        return s;
    }

    /**
     * A row as the lines it takes: each cell in its column, one too long for it wrapped (at a
     * space where it can be) onto the lines below, under itself, so nothing is cut. Pure.
     */
    static List<String> cells(String[] row, Columns columns) {
        int[] width = columns.width();
        List<List<String>> parts = new ArrayList<>();
        int lines = 1;
        for (int i = 0; i < row.length; i++) {
            List<String> wrapped = Pages.wrap(row[i], Math.max(1, width[i]), "");
            parts.add(wrapped);
            lines = Math.max(lines, wrapped.size());
        }
        List<String> out = new ArrayList<>();
        for (int l = 0; l < lines; l++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String c = l < parts.get(i).size() ? parts.get(i).get(l) : "";
                b.append(c);
                if (i < row.length - 1) {
                    b.append(" ".repeat(Math.max(0, width[i] - c.length()) + columns.gap()));
                }
            }
            out.add(b.toString().stripTrailing());
        }
        return out;
    }
}
