package dev.switchboard.console;

import dev.switchboard.console.Frame.Style;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.proxy.Stats;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard: gateways by metric (the one the kernel uses marked), frontend binds with where
 * their replies go (flagged when that is another interface than the one their traffic arrives
 * on), backends' servers. Fits 80x24 and uses more room when there is more; the focused panel
 * scrolls, sorts and filters. Pure: a {@link View} and the {@link Ui}'s state in, a {@link Frame} out.
 */
final class Dashboard {
    private Dashboard() {}

    enum Panel { GATEWAYS, FRONTENDS, BACKENDS }

    /** A table's rows: cells, a style per row, and a line of detail under a row (a flag's reason). */
    record Rows(List<String[]> cells, List<Style> styles, List<String> details) {
        Rows() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        void add(Style style, String detail, String... row) {
            cells.add(row);
            styles.add(style);
            details.add(detail);
        }

        int size() {
            return cells.size();
        }
    }

    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    static final String[] GATEWAY_HEADER = {"", "METRIC", "IFACE", "GATEWAY", "LINK", "NEIGHBOUR", "RX/s", "TX/s", "OWNER"};
    static final String[] FRONTEND_HEADER = {"FRONTEND", "BIND", "PIN", "REPLIES VIA", "STATE", "CUR", "TOTAL", "CONN/s"};
    static final String[] BACKEND_HEADER = {"SERVER", "ADDRESS", "STATE", "SINCE", "CUR", "TOTAL"};

    static Rows gateways(View v, Glyphs g) {
        Rows rows = new Rows();
        for (GatewayRow r : v.gateways()) {
            double[] t = v.traffic().getOrDefault(r.device(), new double[2]);
            Style style = !r.link().equals("up") || r.neighbour().equals("failed") ? Style.BAD : r.winner() ? Style.GOOD : Style.NORMAL;
            rows.add(style, "", r.winner() ? g.winner() : "", Long.toString(r.metric()), r.device(), r.gateway(), r.link(), r.neighbour(),
                    View.human(t[0]), View.human(t[1]), r.managed() ? "managed" : "external");
        }
        return rows;
    }

    static Rows frontends(View v, Glyphs g) {
        Rows rows = new Rows();
        for (Stats.FrontendStats f : v.stats().frontends()) {
            for (Stats.BindStats b : f.binds()) {
                ReplyRoute route = v.replies().stream().filter(r -> r.frontend().equals(f.name()) && r.bind().equals(b.bind()))
                        .findFirst().orElse(null);
                String via = route == null ? "?" : (route.flagged() ? g.warn() + " " : "") + route.describe();
                boolean drained = b.error().filter(DRAINED::equals).isPresent();
                String state = drained ? "DRAINED" : b.error().isPresent() ? "ERROR" : "listen";
                Style style = drained ? Style.WARN : b.error().isPresent() || (route != null && route.flagged()) ? Style.BAD : Style.NORMAL;
                String detail = drained ? "drained by an operator: e opens it again" : b.error().map(e -> "not listening: " + e)
                        .orElse(route != null && route.flagged() ? route.problem().get() : "");
                rows.add(style, detail, f.name(), b.bind().address().toString(), b.bind().interfaceName().orElse("-"), via, state,
                        Integer.toString(b.current()), Long.toString(b.total()), View.human(v.connectionRates().getOrDefault(key(f.name(), b), 0.0)));
            }
        }
        return rows;
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
            rows.add(style, "", s.backend() + "/" + s.name(), s.address(), s.state(),
                    CLOCK.format(LocalTime.ofInstant(s.lastChange(), ZoneId.systemDefault())),
                    Integer.toString(s.current()), Long.toString(s.total()));
        }
        return rows;
    }

    /** How {@link View#connectionRates} names a bind. */
    static String key(String frontend, Stats.BindStats b) {
        return frontend + " " + b.bind();
    }

    /** Keeps the rows whose text contains {@code filter} (any case). */
    static Rows filter(Rows rows, String filter) {
        if (filter.isEmpty()) {
            return rows;
        }
        String f = filter.toLowerCase(Locale.ROOT);
        Rows out = new Rows();
        for (int i = 0; i < rows.size(); i++) {
            if (String.join(" ", rows.cells().get(i)).toLowerCase(Locale.ROOT).contains(f)) {
                out.add(rows.styles().get(i), rows.details().get(i), rows.cells().get(i));
            }
        }
        return out;
    }

    /** Draws the three panels between {@code top} and {@code bottom} (exclusive). */
    static void draw(Frame frame, int top, int bottom, View v, Ui ui, Glyphs g) {
        Rows[] rows = {gateways(v, g), frontends(v, g), backends(v, ui.sort)};
        Panel focus = ui.focus;
        rows[focus.ordinal()] = filter(rows[focus.ordinal()], ui.filter);
        String[] titles = {"GATEWAYS (by metric; " + g.winner() + " the one the kernel uses)", "FRONTENDS (where replies go)",
            "BACKENDS" + (ui.sort == 1 ? " (by state)" : ui.sort == 2 ? " (by connections)" : "")};
        String[][] headers = {GATEWAY_HEADER, FRONTEND_HEADER, BACKEND_HEADER};
        int available = bottom - top;
        int[] want = new int[3];
        for (int p = 0; p < 3; p++) {
            want[p] = 2 + Math.max(1, rows[p].size() + (int) rows[p].details().stream().filter(d -> !d.isEmpty()).count());
        }
        int[] height = share(want, available);
        int row = top;
        for (int p = 0; p < 3; p++) {
            boolean focused = focus.ordinal() == p;
            String title = titles[p] + (focused && !ui.filter.isEmpty() ? "  filter: " + ui.filter : "");
            frame.line(row, (focused ? "> " : "  ") + title, focused ? Style.TITLE : Style.HEADER);
            table(frame, row + 1, height[p] - 1, headers[p], rows[p], focused ? ui.selected[p] : -1, ui, p);
            row += height[p];
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

    /** A header and as many rows as fit, scrolled so that the selected one shows. */
    static void table(Frame frame, int top, int height, String[] header, Rows rows, int selected, Ui ui, int panel) {
        if (height <= 0) {
            return;
        }
        Columns width = widths(header, rows, frame.width - 2);
        frame.line(top, "  " + cells(header, width), Style.DIM);
        int room = height - 1;
        if (rows.size() == 0) {
            if (room > 0) {
                frame.line(top + 1, ui.focus.ordinal() == panel && !ui.filter.isEmpty() ? "  (nothing matches)" : "  (none)", Style.DIM);
            }
            return;
        }
        int first = Math.max(0, Math.min(ui.scroll[panel], rows.size() - 1));
        if (selected >= 0) {
            int sel = Math.min(selected, rows.size() - 1);
            ui.selected[panel] = sel;
            if (sel < first) {
                first = sel;
            } else if (sel >= first + Math.max(1, room)) {
                first = sel - Math.max(1, room) + 1;
            }
            ui.scroll[panel] = first;
        }
        int r = top + 1;
        for (int i = first; i < rows.size() && r < top + height; i++) {
            Style style = i == selected ? Style.SELECTED : rows.styles().get(i);
            frame.line(r++, "  " + cells(rows.cells().get(i), width), style);
            String detail = rows.details().get(i);
            if (!detail.isEmpty() && r < top + height) {
                frame.line(r++, "      " + detail, Style.WARN);
            }
        }
        if (first + (r - top - 1) < rows.size() && height > 1) {
            frame.put(top, frame.width - 12, " " + (first + 1) + "-" + Math.min(rows.size(), first + room) + "/" + rows.size(), Style.DIM);
        }
    }

    /** Column widths and the gap between columns. */
    record Columns(int[] width, int gap) {}

    /**
     * Column widths from the content; the widest columns give way first when the row is too long.
     * The gap between columns is two spaces, or one when that makes the row fit.
     */
    static Columns widths(String[] header, Rows rows, int total) {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
        }
        for (String[] row : rows.cells()) {
            for (int i = 0; i < row.length; i++) {
                w[i] = Math.max(w[i], row[i].length());
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

    static String cells(String[] row, Columns columns) {
        int[] width = columns.width();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            String c = row[i].length() > width[i] ? row[i].substring(0, Math.max(0, width[i] - 1)) + "~" : row[i];
            b.append(c);
            if (i < row.length - 1) {
                b.append(" ".repeat(width[i] - c.length() + columns.gap()));
            }
        }
        return b.toString();
    }
}
