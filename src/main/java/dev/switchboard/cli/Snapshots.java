package dev.switchboard.cli;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ConfigText;
import dev.switchboard.config.Problem;
import dev.switchboard.control.ControlClient;
import dev.switchboard.control.StateJson;
import dev.switchboard.diagnose.Snapshot;
import dev.switchboard.diagnose.Sysctls;
import dev.switchboard.engine.Converger;
import dev.switchboard.engine.EngineLock;
import dev.switchboard.engine.EngineState;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.engine.Gateways;
import dev.switchboard.engine.Orphans;
import dev.switchboard.engine.Recorded;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.net.Kernel;
import dev.switchboard.net.Link;
import dev.switchboard.net.NetState;
import dev.switchboard.plan.PlanResult;
import dev.switchboard.proxy.Stats;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A snapshot of this box, taken now: the kernel from one dump, the sysctls from /proc/sys (never by
 * running sysctl), the config's text, and the engine's state from its socket or, with no engine
 * answering, built here from the kernel and the config (gateways and reply routes; no proxy).
 */
final class Snapshots {
    static final Path PROC_SYS = Path.of("/proc/sys");

    private Snapshots() {}

    static Snapshot take(Main main, Kernel kernel) throws SysException, IOException {
        NetState net = kernel.dump();
        Instant at = Instant.now();
        Path configPath = main.configPath();
        Optional<String> text;
        String unread = "";
        try {
            text = Optional.of(ConfigText.read(configPath));
        } catch (ConfigText.Refused e) {
            text = Optional.empty();
            unread = "; the config could not be read (" + e.getMessage() + ")";
        }
        Optional<EngineState> fromEngine = Optional.empty();
        String why = "";
        if (ControlClient.answers(main.socket)) {
            Optional<ControlClient.Answer> answer = ControlClient.ask(main.socket, "show state json");
            if (answer.isPresent() && answer.get().ok()) {
                try {
                    fromEngine = Optional.of(StateJson.decode(answer.get().text()));
                } catch (IOException | RuntimeException e) {
                    why = " (the engine at " + main.socket + " answered, but not with its state)";
                }
            }
        }
        Snapshot.Versions versions = new Snapshot.Versions(new Main.Version().getVersion()[0], proc("kernel/osrelease").orElse("unknown"),
                Runtime.version().toString());
        String host = proc("kernel/hostname").orElse("unknown");
        Map<String, String> sysctls = sysctls(net.links());
        Optional<List<String>> drift = drift(kernel, main.stateDir, configPath, text);
        if (fromEngine.isPresent()) {
            return Snapshot.of(at, host, versions, true, "the engine at " + main.socket + " (show state json)" + unread, fromEngine.get(),
                    Optional.empty(), net, sysctls, configPath.toString(), text, drift, Recorded.history(main.stateDir),
                    Recorded.audit(main.stateDir, Snapshot.AUDIT_LINES));
        }
        List<GatewayRow> gateways = Gateways.rows(net);
        List<ReplyRoute> replies = text.map(t -> ConfigLoader.parse(t, configPath.toString()))
                .filter(r -> r instanceof ConfigLoader.Loaded).map(r -> ReplyRoute.of(((ConfigLoader.Loaded) r).config(), net))
                .orElse(List.of());
        String from = "built here from the kernel and " + Problem.escaped(configPath.toString()) + ": no engine answered at " + main.socket + why
                + ", so no proxy counters, binds, backends or events" + unread;
        Map<String, EngineState.LinkBytes> bytes = net.links().stream()
                .collect(Collectors.toMap(Link::name, l -> new EngineState.LinkBytes(l.rxBytes(), l.txBytes()), (a, b) -> a));
        EngineState built = new EngineState("no engine running", configPath.toString(), at, gateways, System.nanoTime(), bytes,
                new Stats.Snapshot(0, List.of(), List.of(), List.of()), replies, Optional.empty(), Optional.empty(),
                EngineLock.holder(main.stateDir), List.of());
        return Snapshot.of(at, host, versions, false, from, built, Orphans.pendingTry(main.stateDir), net, sysctls,
                configPath.toString(), text, drift, Recorded.history(main.stateDir), Recorded.audit(main.stateDir, Snapshot.AUDIT_LINES));
    }

    /** What `switchboard plan` says now, one line a change; empty if it cannot say (no config, or one it refuses). */
    static Optional<List<String>> drift(Kernel kernel, Path stateDir, Path configPath, Optional<String> text) {
        Optional<dev.switchboard.config.Config> config = text.map(t -> ConfigLoader.parse(t, configPath.toString()))
                .filter(r -> r instanceof ConfigLoader.Loaded).map(r -> ((ConfigLoader.Loaded) r).config());
        if (config.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (new Converger(kernel, stateDir).plan(config.get()) instanceof PlanResult.Planned planned) {
                return Optional.of(planned.plan().changes().stream().map(Object::toString).toList());
            }
        } catch (IOException e) {
            // an unreadable ownership record: the drift is not known, which doctor then does not claim
        }
        return Optional.empty();
    }

    /** The sysctls doctor reads, each from its file; one that is not there (no IPv6, say) is left out. */
    static Map<String, String> sysctls(List<Link> links) {
        Map<String, String> out = new TreeMap<>();
        for (String name : Sysctls.wanted(links)) {
            proc(Sysctls.path(name)).ifPresent(v -> out.put(name, v));
        }
        return out;
    }

    private static Optional<String> proc(String relative) {
        try {
            return Optional.of(Files.readString(PROC_SYS.resolve(relative)).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
