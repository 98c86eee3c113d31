package dev.switchboard.cli;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.control.ControlClient;
import dev.switchboard.control.StateJson;
import dev.switchboard.control.Tables;
import dev.switchboard.diagnose.Snapshot;
import dev.switchboard.engine.EngineLock;
import dev.switchboard.engine.EngineState;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.engine.Gateways;
import dev.switchboard.engine.Orphans;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.health.GatewayStatus;
import dev.switchboard.net.Kernel;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status",
        description = {"Show the gateways, the engine, a try and where replies leave.",
                "From a live dump: every default route, its link, the gateway's neighbour state, its health as the"
                        + " engine judges it, who owns it, and (*) the one the kernel uses now.",
                "Then the engine that holds the state directory, a pending try (who, since, seconds left) or one whose"
                        + " switchboard died, and what the engine put back that something else removed.",
                "Then each bind: the interface its replies leave by, and what decides it (pinned to an interface, a"
                        + " policy table, or the main table's lowest metric)."},
        exitCodeList = {"0:shown", "1:the kernel could not be read, or the snapshot file was refused", "2:usage error"})
final class StatusCommand extends KernelCommands.LiveOrSnapshot {
    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    int report(Snapshot s) {
        Tables.EngineStatus status = new Tables.EngineStatus(s.engine().engine(),
                s.engine().pending().map(p -> "pending, by " + p.who() + " since " + p.since() + ", rolled back at " + p.deadline()
                        + " unless confirmed (" + p.secondsLeft(s.at()) + " s left at the snapshot)"), s.orphanTry(),
                s.engine().engine().map(e -> s.engine().converged()));
        if (!json) {
            out().println("# snapshot of " + s.host() + " at " + s.at());
        }
        print(s.engine().gateways(), status, s.engine().replies());
        return 0;
    }

    @Override
    int run(Kernel kernel) throws SysException, IOException {
        List<GatewayRow> rows = Gateways.rows(kernel.dump());
        Tables.EngineStatus status = engineStatus();
        List<ReplyRoute> replies;
        if (status.engine().isPresent()) { // the gateways' health and the binds' replies are the engine's
            Optional<EngineState> state = engineState();
            rows = Gateways.withHealth(rows, health(state));
            replies = state.map(EngineState::replies).orElse(List.of());
            status = new Tables.EngineStatus(status.engine(), status.pendingTry(), status.orphanedTryBy(), state.map(EngineState::converged));
        } else {
            replies = fromConfigFile(rows);
        }
        print(rows, status, replies);
        return 0;
    }

    private void print(List<GatewayRow> rows, Tables.EngineStatus status, List<ReplyRoute> replies) {
        String binds = Tables.replies(replies, rows);
        out().print(json ? Tables.statusJson(rows, status, replies)
                : Tables.gateways(rows) + Tables.engineStatus(status) + (binds.isEmpty() ? "" : "\n" + binds));
    }

    /** The running engine's state; none if it cannot be asked (the kernel's table is shown all the same). */
    private Optional<EngineState> engineState() {
        try {
            Optional<String> text = ControlClient.ask(main.socket, "show state json").map(a -> a.text().strip());
            return text.isPresent() ? Optional.of(StateJson.decode(text.get())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Map<String, GatewayStatus> health(Optional<EngineState> state) {
        Map<String, GatewayStatus> out = new HashMap<>();
        state.ifPresent(s -> s.gateways().forEach(r -> r.health().ifPresent(h -> out.put(r.device(), h))));
        return out;
    }

    /** With no engine: the binds of the config file, if it reads as one (its mistakes are `check`'s to say). */
    private List<ReplyRoute> fromConfigFile(List<GatewayRow> rows) {
        Path file = main.configPath();
        try {
            if (Files.isRegularFile(file) && Files.size(file) <= 1 << 20
                    && ConfigLoader.parse(Files.readString(file), file.toString()) instanceof ConfigLoader.Loaded loaded) {
                return ReplyRoute.of(loaded.config(), rows);
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: the gateways are shown all the same
        }
        return List.of();
    }

    /** The state directory says whether an engine runs; the engine says how its try stands. */
    private Tables.EngineStatus engineStatus() throws IOException {
        Optional<EngineLock.Holder> holder = EngineLock.holder(main.stateDir);
        if (holder.isEmpty()) {
            return new Tables.EngineStatus(holder, Optional.empty(), Orphans.pendingTry(main.stateDir));
        }
        Optional<String> pending = ControlClient.ask(main.socket, "show status").flatMap(a -> a.text().lines()
                .filter(l -> l.startsWith("try: ") && !l.equals("try: none")).map(l -> l.substring(5)).findFirst());
        return new Tables.EngineStatus(holder, pending, Optional.empty());
    }
}
