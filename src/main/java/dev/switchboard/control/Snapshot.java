package dev.switchboard.control;

import dev.switchboard.config.BindSpec;
import dev.switchboard.config.HostPort;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.proxy.BindStatus;
import dev.switchboard.proxy.Stats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a console shows, as one answer of the control socket ({@code show view}) and back:
 * a record per line, fields split by tabs, "-" for nothing. A console attached from another
 * process reads the engine this way once a second; between reads, events come by subscription.
 */
public record Snapshot(String summary, List<GatewayRow> gateways, Map<String, long[]> linkBytes, Stats.Snapshot stats,
        List<ReplyRoute> replies, Optional<Engine.PendingTry> pending, Optional<String> changer) {

    private static Map<String, long[]> linkBytes(Engine engine) {
        Map<String, long[]> out = new HashMap<>();
        engine.state().links().forEach((name, b) -> out.put(name, new long[] {b.rx(), b.tx()}));
        return out;
    }

    /** The engine's state now. */
    public static Snapshot of(Engine engine) throws java.io.IOException {
        return new Snapshot(engine.running().summary(), engine.gateways(), linkBytes(engine), engine.stats(), engine.state().replies(),
                engine.pending(), engine.changer());
    }

    public String encode() {
        StringBuilder b = new StringBuilder();
        line(b, "summary", summary);
        for (GatewayRow g : gateways) {
            line(b, "gateway", g.family(), g.device(), String.join(",", g.addresses()), g.gateway(), Long.toString(g.metric()), g.link(),
                    g.neighbour(), Boolean.toString(g.managed()), Boolean.toString(g.winner()));
        }
        linkBytes.forEach((name, rxTx) -> line(b, "link", name, Long.toString(rxTx[0]), Long.toString(rxTx[1])));
        for (Stats.FrontendStats f : stats.frontends()) {
            line(b, "frontend", f.name(), f.mode(), n(f.current()), n(f.total()), n(f.refused()), n(f.requests()), n(f.bytesIn()),
                    n(f.bytesOut()), n(f.errors()));
            for (Stats.BindStats s : f.binds()) {
                BindSpec bind = s.bind();
                line(b, "bind", f.name(), bind.address().toString(), bind.interfaceName().orElse("-"), Boolean.toString(bind.freebind()),
                        Boolean.toString(bind.acceptProxy()), s.error().orElse("-"), n(s.current()), n(s.total()));
            }
        }
        for (Stats.BackendStats s : stats.backends()) {
            line(b, "backend", s.name(), s.balance(), n(s.serversUp()), n(s.servers()), n(s.current()), n(s.total()), n(s.bytesIn()),
                    n(s.bytesOut()), n(s.failedConnects()));
        }
        for (Stats.ServerStats s : stats.servers()) {
            line(b, "server", s.backend(), s.name(), s.address(), Boolean.toString(s.healthy()), Boolean.toString(s.enabled()),
                    n(s.lastChange().toEpochMilli()), n(s.current()), n(s.total()), n(s.bytesIn()), n(s.bytesOut()), n(s.failedConnects()),
                    Boolean.toString(s.checking()));
        }
        for (ReplyRoute r : replies) {
            line(b, "route", r.frontend(), r.bind().address().toString(), r.bind().interfaceName().orElse("-"),
                    Boolean.toString(r.bind().freebind()), Boolean.toString(r.bind().acceptProxy()), r.arrives().orElse("-"),
                    r.device().orElse("-"), r.gateway().orElse("-"), r.problem().orElse("-"));
        }
        pending.ifPresent(p -> line(b, "pending", p.who(), n(p.deadline().toEpochMilli()), n(p.since().toEpochMilli())));
        changer.ifPresent(c -> line(b, "changer", c));
        return b.toString();
    }

    private static String n(long v) {
        return Long.toString(v);
    }

    private static void line(StringBuilder b, String kind, String... fields) {
        b.append(kind);
        for (String f : fields) {
            b.append('\t').append(f.isEmpty() ? "-" : f.replace('\t', ' ').replace('\n', ' '));
        }
        b.append('\n');
    }

    /** Reads what {@link #encode} wrote; lines it does not know are skipped (a newer engine may say more). */
    public static Snapshot decode(String text) {
        String summary = "";
        List<GatewayRow> gateways = new ArrayList<>();
        Map<String, long[]> links = new HashMap<>();
        List<Stats.FrontendStats> frontends = new ArrayList<>();
        Map<String, List<Stats.BindStats>> binds = new HashMap<>();
        List<String[]> frontendLines = new ArrayList<>();
        List<Stats.BackendStats> backends = new ArrayList<>();
        List<Stats.ServerStats> servers = new ArrayList<>();
        List<ReplyRoute> routes = new ArrayList<>();
        Optional<Engine.PendingTry> pending = Optional.empty();
        Optional<String> changer = Optional.empty();
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "summary" -> summary = f[1];
                case "gateway" -> gateways.add(new GatewayRow(f[1], f[2], f[3].equals("-") ? List.of() : Arrays.asList(f[3].split(",")), f[4],
                        Long.parseLong(f[5]), f[6], f[7], Boolean.parseBoolean(f[8]), Boolean.parseBoolean(f[9])));
                case "link" -> links.put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
                case "frontend" -> frontendLines.add(f);
                case "bind" -> binds.computeIfAbsent(f[1], k -> new ArrayList<>()).add(new Stats.BindStats(new BindStatus(f[1], bind(f[2], f[3], f[4], f[5]),
                        Optional.empty(), f[6].equals("-") ? Optional.empty() : Optional.of(f[6])), Integer.parseInt(f[7]), Long.parseLong(f[8])));
                case "backend" -> backends.add(new Stats.BackendStats(f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                        Integer.parseInt(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9])));
                // "checking" came later, at the end of the line: an older engine's line has none
                case "server" -> servers.add(new Stats.ServerStats(f[1], f[2], f[3], Boolean.parseBoolean(f[4]), Boolean.parseBoolean(f[5]),
                        f.length > 12 && Boolean.parseBoolean(f[12]), Instant.ofEpochMilli(Long.parseLong(f[6])), Integer.parseInt(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9]),
                        Long.parseLong(f[10]), Long.parseLong(f[11])));
                case "route" -> routes.add(new ReplyRoute(f[1], bind(f[2], f[3], f[4], f[5]), opt(f[6]), opt(f[7]), opt(f[8]), opt(f[9])));
                case "pending" -> {
                    Instant deadline = Instant.ofEpochMilli(Long.parseLong(f[2]));
                    // "since" came later, at the end of the line: an older engine's line has none
                    Instant since = f.length > 3 ? Instant.ofEpochMilli(Long.parseLong(f[3])) : deadline;
                    pending = Optional.of(new Engine.PendingTry(f[1], since, deadline));
                }
                case "changer" -> changer = Optional.of(f[1]);
                default -> { }
            }
        }
        for (String[] f : frontendLines) {
            frontends.add(new Stats.FrontendStats(f[1], f[2], Integer.parseInt(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]),
                    Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9]), binds.getOrDefault(f[1], List.of())));
        }
        return new Snapshot(summary, gateways, links, new Stats.Snapshot(System.nanoTime(), frontends, backends, servers), routes, pending, changer);
    }

    private static Optional<String> opt(String field) {
        return field.equals("-") ? Optional.empty() : Optional.of(field);
    }

    private static BindSpec bind(String address, String device, String freebind, String acceptProxy) {
        return new BindSpec(HostPort.parse(address).orElseThrow(), opt(device), Boolean.parseBoolean(freebind), Boolean.parseBoolean(acceptProxy));
    }
}
