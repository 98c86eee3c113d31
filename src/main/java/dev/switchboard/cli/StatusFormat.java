package dev.switchboard.cli;

import dev.switchboard.engine.GatewayRow;
import java.util.List;

/** The gateway table as text for people and as JSON for scripts. Pure. */
final class StatusFormat {
    private StatusFormat() {}

    static String table(List<GatewayRow> rows) {
        if (rows.isEmpty()) {
            return "no default routes\n";
        }
        String[] header = {"", "METRIC", "INTERFACE", "GATEWAY", "LINK", "NEIGHBOUR", "OWNER", "ADDRESSES"};
        List<String[]> cells = new java.util.ArrayList<>();
        cells.add(header);
        for (GatewayRow r : rows) {
            cells.add(new String[] {r.winner() ? "*" : "", Long.toString(r.metric()), r.device(), r.gateway(), r.link(),
                    r.neighbour(), r.managed() ? "switchboard" : "external", String.join(",", r.addresses())});
        }
        int[] width = new int[header.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : pad(row[i], width[i])).append(i == row.length - 1 ? "" : "  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append("* the default route the kernel uses now (lowest metric)\n");
        return out.toString();
    }

    static String json(List<GatewayRow> rows) {
        StringBuilder out = new StringBuilder("{\"gateways\":[");
        for (int i = 0; i < rows.size(); i++) {
            GatewayRow r = rows.get(i);
            out.append(i == 0 ? "" : ",").append('{')
                    .append(field("family", r.family())).append(',')
                    .append(field("interface", r.device())).append(',')
                    .append("\"addresses\":[");
            for (int a = 0; a < r.addresses().size(); a++) {
                out.append(a == 0 ? "" : ",").append(quote(r.addresses().get(a)));
            }
            out.append("],").append(field("gateway", r.gateway())).append(',')
                    .append("\"metric\":").append(r.metric()).append(',')
                    .append(field("link", r.link())).append(',')
                    .append(field("neighbour", r.neighbour())).append(',')
                    .append("\"managed\":").append(r.managed()).append(',')
                    .append("\"winner\":").append(r.winner()).append('}');
        }
        return out.append("]}\n").toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String field(String name, String value) {
        return quote(name) + ":" + quote(value);
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
