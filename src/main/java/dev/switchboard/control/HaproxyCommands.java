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
        HaproxyInfo.Process p = new HaproxyInfo.Process(version, releaseDate(), ProcessHandle.current().pid(), runtime.getUptime() / 1000,
                engine.running().appliance().maxconn().orElse(0), Thread.activeCount(), idle, node());
        return HaproxyInfo.info(p, engine.stats());
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
        String[] bs = w[2].split("/", -1);
        BackendSpec backend = bs.length == 2 ? engine.running().backends().get(bs[0]) : null;
        if (backend == null) {
            return "No such backend.\n";
        }
        return backend.servers().stream().filter(s -> s.name().equals(bs[1])).findFirst().map(ServerSpec::weight)
                .map(weight -> weight + " (initial " + weight + ")\n").orElse("No such server.\n");
    }

    /** set server BK/S state ready|drain|maint, set server BK/S weight N, set weight BK/S N: for admins. */
    String set(String[] w, String who) {
        String what = w.length > 1 ? w[1].toLowerCase(Locale.ROOT) : "";
        if (what.equals("weight")) {
            return weightNotYet();
        }
        if (!what.equals("server") || w.length < 4) {
            return Protocol.error("set server BACKEND/SERVER state ready|drain|maint, set weight BACKEND/SERVER N, set timeout cli N");
        }
        String[] bs = w[2].split("/", -1);
        if (bs.length != 2) {
            return "Require 'backend/server'.\n";
        }
        String field = w[3].toLowerCase(Locale.ROOT);
        if (field.equals("weight")) {
            return weightNotYet();
        }
        if (!field.equals("state") || w.length != 5) {
            return "'set server <srv>' only supports 'state' (ready, drain, maint) here.\n";
        }
        Optional<Stats.ServerStats> server = engine.stats().servers().stream()
                .filter(s -> s.backend().equals(bs[0]) && s.name().equals(bs[1])).findFirst();
        if (server.isEmpty()) {
            return engine.stats().backend(bs[0]).isEmpty() ? "No such backend.\n" : "No such server.\n";
        }
        return switch (w[4].toLowerCase(Locale.ROOT)) {
            case "ready" -> quiet(engine.setServerEnabled(bs[0], bs[1], true, who));
            case "maint" -> quiet(engine.setServerEnabled(bs[0], bs[1], false, who));
            case "drain" -> "Switchboard cannot drain a single server yet: 'set server " + w[2]
                    + " state maint' takes it out at once (its connections finish).\n";
            default -> "'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n";
        };
    }

    /** HAProxy says nothing when a change is done. */
    private static String quiet(Engine.Outcome o) {
        return o.ok() ? "" : Protocol.text(o);
    }

    private static String weightNotYet() {
        return "Switchboard cannot change a weight at runtime yet: set it in the config (weight = N) and apply.\n";
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
