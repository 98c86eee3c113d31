package dev.switchboard.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.EngineLock;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.engine.KeptConverged;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.health.HealthState;
import dev.switchboard.proxy.Stats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The engine's state as text tables for people and JSON for scripts, for the CLI and the control socket. Pure. */
public final class Tables {
    private Tables() {}

    public static String gateways(List<GatewayRow> rows) {
        return gateways(rows, Instant.now());
    }

    /**
     * The gateway table; HEALTH is the engine's judgement of the gateway ({@code alive 12ms},
     * {@code dead 04:31:02} for how long at {@code now}, {@code checking}, {@code unchecked}), "-"
     * where no engine judges it.
     */
    public static String gateways(List<GatewayRow> rows, Instant now) {
        if (rows.isEmpty()) {
            return "no default routes\n";
        }
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"", "METRIC", "INTERFACE", "GATEWAY", "LINK", "NEIGHBOUR", "HEALTH", "OWNER", "ADDRESSES"});
        for (GatewayRow r : rows) {
            cells.add(new String[] {r.winner() ? "*" : "", Long.toString(r.metric()), r.device(), r.gateway(), r.link(),
                    r.neighbour(), r.health().map(h -> h.word(now)).orElse("-"), r.managed() ? "switchboard" : "external",
                    String.join(",", r.addresses())});
        }
        return columns(cells) + "* the default route the kernel uses now (lowest metric)\n";
    }

    /** One row per bind: where it listens, its pin, whether it listens, its connections; the frontend's requests and errors. */
    public static String frontends(Stats.Snapshot stats) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"FRONTEND", "MODE", "BIND", "INTERFACE", "STATE", "CUR", "TOTAL", "REQUESTS", "ERRORS"});
        for (Stats.FrontendStats f : stats.frontends()) {
            for (Stats.BindStats b : f.binds()) {
                cells.add(new String[] {f.name(), f.mode(), b.bind().address().toString(), b.bind().interfaceName().orElse("-"),
                        b.error().map(e -> "NOT LISTENING: " + e).orElse("listening"), Integer.toString(b.current()),
                        Long.toString(b.total()), Long.toString(f.requests()), Long.toString(f.errors())});
            }
        }
        return columns(cells);
    }


    /**
     * Where each bind's replies leave (the interface; its gateway is in the gateway table) and
     * which mechanism decides it: {@code pinned to eth2}, {@code policy: from 10.2.0.10 table
     * 102}, {@code main table: lowest metric eth0}. A "!" marks a bind whose replies leave by
     * another interface than its traffic arrives on, or that has no way out; "dead" one whose
     * replies leave by a gateway the engine judges dead ({@code gateways}' health).
     */
    public static String replies(List<ReplyRoute> replies, List<GatewayRow> gateways) {
        if (replies.isEmpty()) {
            return "";
        }
        List<String> dead = deadInterfaces(gateways);
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"FRONTEND", "BIND", "REPLIES", "DECIDED BY"});
        for (ReplyRoute r : replies) {
            cells.add(new String[] {r.frontend(), r.bind().address().toString(), r.device().orElse("none") + (r.flagged() ? " !" : "")
                    + (r.device().filter(dead::contains).isPresent() ? " dead" : ""), r.decidedBy().isEmpty() ? "-" : r.decidedBy()});
        }
        StringBuilder notes = new StringBuilder();
        if (replies.stream().anyMatch(ReplyRoute::flagged)) {
            notes.append("! replies astray or without a way out: switchboard doctor says why and the fix\n");
        }
        if (replies.stream().anyMatch(r -> r.device().filter(dead::contains).isPresent())) {
            notes.append("dead: replies leave by a gateway judged dead (pinned, or its table's)\n");
        }
        return columns(cells) + notes;
    }

    /** The interfaces whose gateways the engine judges dead. */
    private static List<String> deadInterfaces(List<GatewayRow> gateways) {
        return gateways.stream().filter(g -> g.health().filter(h -> h.state() == HealthState.DEAD).isPresent()).map(GatewayRow::device).toList();
    }

    /** One row per server, with its backend's balance. */
    public static String backends(Stats.Snapshot stats) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"BACKEND", "SERVER", "ADDRESS", "STATE", "SINCE", "CUR", "TOTAL", "FAILED-CONNECTS"});
        for (Stats.ServerStats s : stats.servers()) {
            cells.add(new String[] {s.backend(), s.name(), s.address(), s.state(), s.lastChange().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                    Integer.toString(s.current()), Long.toString(s.total()), Long.toString(s.failedConnects())});
        }
        return columns(cells);
    }

    /** Every counter, as CSV in the spirit of HAProxy's "show stat": a row per frontend, server and backend. */
    public static String statCsv(Stats.Snapshot stats) {
        StringBuilder out = new StringBuilder("# pxname,svname,scur,stot,req_tot,bin,bout,ereq,econ,status,lastchg\n");
        for (Stats.FrontendStats f : stats.frontends()) {
            boolean listening = f.binds().stream().anyMatch(Stats.BindStats::listening);
            out.append(f.name()).append(",FRONTEND,").append(f.current()).append(',').append(f.total()).append(',').append(f.requests())
                    .append(',').append(f.bytesIn()).append(',').append(f.bytesOut()).append(',').append(f.errors()).append(",,")
                    .append(listening ? "OPEN" : "STOP").append(",\n");
        }
        for (Stats.ServerStats s : stats.servers()) {
            out.append(s.backend()).append(',').append(s.name()).append(',').append(s.current()).append(',').append(s.total())
                    .append(",,").append(s.bytesIn()).append(',').append(s.bytesOut()).append(",,").append(s.failedConnects())
                    .append(',').append(s.state()).append(',').append(s.lastChange().getEpochSecond()).append('\n');
        }
        for (Stats.BackendStats b : stats.backends()) {
            out.append(b.name()).append(",BACKEND,").append(b.current()).append(',').append(b.total()).append(",,")
                    .append(b.bytesIn()).append(',').append(b.bytesOut()).append(",,").append(b.failedConnects()).append(',')
                    .append(b.state()).append(",\n");
        }
        return out.toString();
    }

    /** The widest a column is padded to; a longer cell wraps under itself, so that one long error does not widen every row. */
    static final int CAP = 32;

    /**
     * Left-aligned columns two spaces apart, each as wide as its content up to {@link #CAP}; a
     * longer cell goes on under itself (broken at a space where it can be); the last column is
     * not padded, nor wrapped.
     */
    static String columns(List<String[]> cells) {
        int last = cells.get(0).length - 1;
        int[] width = new int[last + 1];
        for (String[] row : cells) {
            for (int i = 0; i < last; i++) {
                width[i] = Math.max(width[i], Math.min(CAP, row[i].length()));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : cells) {
            List<List<String>> parts = new ArrayList<>();
            int lines = 1;
            for (int i = 0; i <= last; i++) {
                List<String> wrapped = i == last ? List.of(row[i]) : wrap(row[i], width[i]);
                parts.add(wrapped);
                lines = Math.max(lines, wrapped.size());
            }
            for (int l = 0; l < lines; l++) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i <= last; i++) {
                    String c = l < parts.get(i).size() ? parts.get(i).get(l) : "";
                    line.append(i == last ? c : pad(c, width[i]) + "  ");
                }
                out.append(line.toString().stripTrailing()).append('\n');
            }
        }
        return out.toString();
    }

    /** {@code text} in pieces of at most {@code width}, broken after a space where there is one. */
    static List<String> wrap(String text, int width) {
        return wrap(text, width, "");
    }

    /**
     * {@code text} in lines of at most {@code width}, broken at spaces (a word longer than a line
     * is cut); a line after the first starts with the text's own indentation and {@code indent}. Pure.
     */
    public static List<String> wrap(String text, int width, String indent) {
        String lead = text.substring(0, text.length() - text.stripLeading().length());
        String more = lead + indent;
        if (more.length() > width / 2) {
            more = indent.length() < width / 2 ? indent : "";
        }
        List<String> out = new ArrayList<>();
        String rest = text;
        String prefix = "";
        while (true) {
            int room = Math.max(1, width - prefix.length());
            if (rest.length() <= room) {
                out.add(prefix + rest);
                return out;
            }
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= (prefix.isEmpty() ? lead.length() : 0)) {
                cut = room; // no space to break at: the word is cut
            }
            out.add(prefix + rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
            if (rest.isEmpty()) {
                return out;
            }
            prefix = more;
        }
    }

    /**
     * {@code {"gateways":[...]}}: each row with family, interface, addresses, gateway, metric, link,
     * neighbour, managed, winner, then health (null where no engine judges the gateway).
     */
    public static String gatewaysJson(List<GatewayRow> rows) {
        return json(gatewaysNode(rows));
    }

    private static ObjectNode gatewaysNode(List<GatewayRow> rows) {
        ObjectNode out = StateJson.MAPPER.createObjectNode();
        out.set("gateways", StateJson.MAPPER.valueToTree(rows));
        return out;
    }

    /**
     * Who runs the box and whether a change waits for its confirm, as {@code status} shows it under
     * the gateways: the engine holding the state directory (or none), a try pending on it (in the
     * engine's words), or a try whose switchboard died.
     */
    public record EngineStatus(Optional<EngineLock.Holder> engine, Optional<String> pendingTry, Optional<String> orphanedTryBy,
            Optional<KeptConverged> converged) {
        /** Without the engine's word on what it put back. */
        public EngineStatus(Optional<EngineLock.Holder> engine, Optional<String> pendingTry, Optional<String> orphanedTryBy) {
            this(engine, pendingTry, orphanedTryBy, Optional.empty());
        }
    }

    public static String engineStatus(EngineStatus s) {
        StringBuilder out = new StringBuilder();
        out.append("engine: ").append(s.engine().map(h -> "running (" + h.describe() + ")"
                + (h.socket().isEmpty() ? "" : ", control socket " + h.socket())).orElse("none")).append('\n');
        if (s.orphanedTryBy().isPresent()) {
            out.append("try: ORPHANED, by ").append(s.orphanedTryBy().get()).append(": its switchboard died and nothing counts down;")
                    .append(" the next apply, rollback, console or run rolls it back\n");
        } else {
            out.append("try: ").append(s.pendingTry().orElse("none")).append('\n');
        }
        s.converged().ifPresent(c -> c.lines().forEach(l -> out.append(l).append('\n')));
        return out.toString();
    }

    /**
     * {@code status --json}: the gateways, then "engine" and "try" (null when there is none), then
     * "kept_converged" (put_back, failed, given_up; null without an engine's word), then
     * "replies": each bind's frontend, bind, the interface its replies leave by and its gateway,
     * the mechanism that decides it, whether that gateway is judged dead, and what is wrong with
     * it (null if nothing).
     */
    public static String statusJson(List<GatewayRow> rows, EngineStatus s, List<ReplyRoute> replies) {
        ObjectNode out = gatewaysNode(rows);
        out.set("engine", s.engine().<JsonNode>map(h -> {
            ObjectNode e = out.objectNode();
            e.put("pid", h.pid());
            e.put("who", h.who());
            e.put("since", h.since());
            e.put("socket", h.socket());
            return e;
        }).orElse(NullNode.getInstance()));
        ObjectNode pending = out.objectNode();
        if (s.orphanedTryBy().isPresent()) {
            pending.put("state", "orphaned").put("by", s.orphanedTryBy().get());
        } else if (s.pendingTry().isPresent()) {
            pending.put("state", "pending").put("text", s.pendingTry().get());
        }
        out.set("try", pending.isEmpty() ? NullNode.getInstance() : pending);
        out.set("kept_converged", s.converged().<JsonNode>map(c -> {
            ObjectNode k = out.objectNode().put("put_back", c.putBack()).put("failed", c.failed());
            var given = k.putArray("given_up");
            c.givenUp().forEach(given::add);
            return k;
        }).orElse(NullNode.getInstance()));
        var binds = out.putArray("replies");
        for (ReplyRoute r : replies) {
            ObjectNode b = binds.addObject();
            b.put("frontend", r.frontend()).put("bind", r.bind().address().toString()).put("interface", r.bind().interfaceName().orElse(null));
            b.put("leaves_by", r.device().orElse(null)).put("gateway", r.gateway().orElse(null)).put("decided_by", r.decidedBy());
            b.put("gateway_dead", r.device().filter(deadInterfaces(rows)::contains).isPresent()).put("problem", r.problem().orElse(null));
        }
        return json(out);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    /** One line of JSON, and the line's end. */
    private static String json(JsonNode node) {
        try {
            return StateJson.MAPPER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
