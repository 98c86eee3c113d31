package dev.switchboard.control;

import dev.switchboard.config.BackendSpec;
import dev.switchboard.config.ServerSpec;
import dev.switchboard.engine.Engine;
import dev.switchboard.proxy.Stats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The commands of HAProxy's runtime API that tools send (hatop, socat runbooks), answered in
 * HAProxy's words: its "show stat", "show info", "show servers state", and the server changes,
 * which go through the engine (audited, published as events) and are runtime state only.
 */
final class HaproxyCommands {
    /** HAProxy's whole answer to a change from a peer who may only look. */
    static final String PERMISSION_DENIED = "Permission denied";

    private final Engine engine;

    HaproxyCommands(Engine engine) {
        this.engine = engine;
    }

    /** show stat [{IID|PROXY} TYPE SID] */
    String stat(String[] w) {
        HaproxyCsv.Filter filter;
        try {
            filter = HaproxyCsv.Filter.of(Arrays.asList(w).subList(2, w.length));
        } catch (IllegalArgumentException e) {
            return "Usage: show stat [{<iid>|<proxy>} <type> <sid>]\n";
        }
        return HaproxyCsv.stat(engine.stats(), engine.running(), Instant.now().getEpochSecond(), filter);
    }

    /** show servers state [BACKEND] */
    String serversState(String[] w) {
        if (w.length < 3 || !w[2].equalsIgnoreCase("state")) {
            return Protocol.error("show servers state [BACKEND]");
        }
        return HaproxyInfo.serversState(engine.stats(), engine.running(), Instant.now().getEpochSecond(),
                w.length > 3 ? Optional.of(w[3]) : Optional.empty());
    }

    String info() {
        var runtime = ManagementFactory.getRuntimeMXBean();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cpus = Runtime.getRuntime().availableProcessors();
        int idle = load < 0 ? 100 : (int) Math.max(0, Math.min(100, Math.round(100 - load * 100 / cpus)));
        String version = Optional.ofNullable(Protocol.class.getPackage().getImplementationVersion()).orElse("dev");
        Stats.Snapshot stats = engine.stats();
        HaproxyInfo.Process p = new HaproxyInfo.Process(version, releaseDate(), ProcessHandle.current().pid(), runtime.getUptime() / 1000,
                stats.budget(), Thread.activeCount(), idle, node());
        return HaproxyInfo.info(p, stats);
    }

    /** set timeout cli N: accepted (hatop sends it on connect); the socket's own idle limit stays. */
    String setTimeout(String[] w) {
        if (w.length != 4 || !w[2].equalsIgnoreCase("cli") || !w[3].matches("\\d+")) {
            return "'set timeout' only supports 'cli'.\n";
        }
        return "";
    }

    /** get weight BK/S: "current (initial initial)", as HAProxy. */
    String get(String[] w) {
        if (w.length != 3 || !w[1].equalsIgnoreCase("weight")) {
            return Protocol.error("get weight BACKEND/SERVER");
        }
        Found f = find(w[2]);
        return f.missing() != null ? f.missing() : f.now().weight() + " (initial " + f.spec().weight() + ")\n";
    }

    /**
     * set server BK/S state ready|drain|maint, set server BK/S weight N[%], set weight BK/S N[%]:
     * for admins; HAProxy's answers (nothing when done).
     */
    String set(String[] w, String who) {
        String what = w.length > 1 ? w[1].toLowerCase(Locale.ROOT) : "";
        if (what.equals("weight")) {
            return w.length == 4 ? weight(w[2], w[3], who) : "Require <backend>/<server> and <weight> or <weight%>.\n";
        }
        if (!what.equals("server") || w.length < 4) {
            return Protocol.error("set server BACKEND/SERVER state ready|drain|maint, set weight BACKEND/SERVER N, set timeout cli N");
        }
        String field = w[3].toLowerCase(Locale.ROOT);
        if (field.equals("weight")) {
            return w.length == 5 ? weight(w[2], w[4], who) : "Require <backend>/<server> and <weight> or <weight%>.\n";
        }
        if (!field.equals("state") || w.length != 5) {
            return "'set server <srv>' only supports 'state' (ready, drain, maint) and 'weight' here.\n";
        }
        Found f = find(w[2]);
        if (f.missing() != null) {
            return f.missing();
        }
        return switch (w[4].toLowerCase(Locale.ROOT)) {
            case "ready" -> quiet(engine.setServerState(f.backend(), f.server(), Stats.Admin.READY, who));
            case "drain" -> quiet(engine.setServerState(f.backend(), f.server(), Stats.Admin.DRAIN, who));
            case "maint" -> quiet(engine.setServerState(f.backend(), f.server(), Stats.Admin.MAINT, who));
            default -> "'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n";
        };
    }

    /** disable server BK/S, enable server BK/S: for admins; HAProxy's answers (nothing when done). */
    String toggle(String[] w, boolean enable, String who) {
        Found f = find(w.length == 3 ? w[2] : "");
        return f.missing() != null ? f.missing() : quiet(engine.setServerEnabled(f.backend(), f.server(), enable, who));
    }

    /** A weight of 0..256, or a percentage of the initial one, as HAProxy's "set weight". */
    private String weight(String name, String value, String who) {
        Found f = find(name);
        if (f.missing() != null) {
            return f.missing();
        }
        boolean percent = value.endsWith("%");
        String digits = percent ? value.substring(0, value.length() - 1) : value;
        if (!digits.matches("\\d{1,6}")) {
            return "Require <weight> or <weight%>.\n";
        }
        int n = Integer.parseInt(digits);
        int weight = percent ? (int) ((long) f.spec().weight() * n / 100) : n;
        if (weight > 256) {
            return "Absolute weight can only be between 0 and 256 inclusive.\n";
        }
        return quiet(engine.setServerWeight(f.backend(), f.server(), weight, who));
    }

    /** A server named BK/S: its config and its counters now, or HAProxy's words for what is missing. */
    private record Found(String backend, String server, ServerSpec spec, Stats.ServerStats now, String missing) {
        static Found none(String why) {
            return new Found(null, null, null, null, why);
        }
    }

    private Found find(String name) {
        String[] bs = name.split("/", -1);
        if (bs.length != 2) {
            return Found.none("Require 'backend/server'.\n");
        }
        BackendSpec backend = engine.running().backends().get(bs[0]);
        if (backend == null) {
            return Found.none("No such backend.\n");
        }
        Optional<ServerSpec> spec = backend.servers().stream().filter(s -> s.name().equals(bs[1])).findFirst();
        Optional<Stats.ServerStats> now = engine.stats().servers().stream()
                .filter(s -> s.backend().equals(bs[0]) && s.name().equals(bs[1])).findFirst();
        return spec.isEmpty() || now.isEmpty() ? Found.none("No such server.\n") : new Found(bs[0], bs[1], spec.get(), now.get(), null);
    }

    /** HAProxy says nothing when a change is done. */
    private static String quiet(Engine.Outcome o) {
        return o.ok() ? "" : Protocol.text(o);
    }

    private static String releaseDate() {
        try {
            var source = HaproxyCommands.class.getProtectionDomain().getCodeSource();
            Path where = Path.of(source.getLocation().toURI());
            return DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC).format(Files.getLastModifiedTime(where).toInstant());
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            return "unknown";
        }
    }

    /** The host's name, as the kernel has it: no DNS. */
    private static String node() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "switchboard";
        }
    }
}
