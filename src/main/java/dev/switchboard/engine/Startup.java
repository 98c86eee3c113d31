package dev.switchboard.engine;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigText;
import dev.switchboard.net.Kernel;
import dev.switchboard.plan.CutOff;
import dev.switchboard.plan.PlanResult;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An engine's start, before its loop runs: a try left by a switchboard that died goes back
 * first; then the kernel and the proxy are brought to the config file as one transaction.
 */
final class Startup {
    private static final String NOT_STARTED = " as it was; the engine does not start";

    /** The session of whoever started this process: the operator, for a console hosting the engine. */
    private static final Optional<CutOff.Session> SESSION = CutOff.Session.of(System.getenv("SSH_CONNECTION"));

    private Startup() {}

    static Started bringUp(Path configPath, Path stateDir, int threads, Consumer<String> log, String who, Kernel kernel,
            Function<Kernel, ChangeRunner> runners) throws Engine.StartFailed, IOException {
        // a try left by a switchboard that died goes back first, whatever the file now says
        Orphans.rollBack(configPath, stateDir, kernel, who).lines().forEach(log);
        String text = ConfigText.read(configPath);
        Config config = ConfigChanges.parse(text, configPath)
                .orElseThrow(() -> new Engine.StartFailed(ConfigChanges.problems(text, configPath)));
        Converger converger = new Converger(kernel, stateDir, runners);
        if (Engine.managesNothing(config) && converger.plan(config) instanceof PlanResult.Planned p && !p.plan().isEmpty()) {
            throw new Engine.StartFailed("this config would remove every address and default route switchboard manages, and opens no bind;"
                    + " an engine does not start on it (remove them with `switchboard apply --allow-empty`, engine stopped)");
        }
        ProxyParticipant proxy = new ProxyParticipant(threads, log);
        List<Participant> participants = List.of(new KernelParticipant(converger, SESSION), proxy);
        ConfigTransaction.Outcome t = ConfigTransaction.run(participants, null, config, who, (name, done) -> { });
        if (t instanceof ConfigTransaction.Aborted aborted) { // a frontend that cannot listen puts the kernel back, as at an apply
            throw new Engine.StartFailed(String.join("\n", aborted.undone().isEmpty() ? aborted.why() : aborted.lines(NOT_STARTED)));
        }
        ConfigTransaction.Committed committed = (ConfigTransaction.Committed) t;
        committed.notes("kernel").forEach(n -> log.accept("kernel: " + n));
        committed.changes("kernel").forEach(c -> log.accept("kernel: " + c));
        try {
            return new Started(configPath, kernel, converger, participants, proxy.proxy(), config, text, kernel.dump(), committed);
        } catch (SysException | RuntimeException e) {
            throw undone(committed, e);
        }
    }

    /** A start that failed after its change: the proxy stops, the kernel goes back, and why is said. */
    static Engine.StartFailed undone(ConfigTransaction.Committed committed, Exception e) {
        List<String> lines = new ArrayList<>(List.of("cannot start: " + (e instanceof IOException io ? StateFile.describe(io) : e.toString())));
        // the proxy is closed as the kernel is put back: only the kernel is worth a word
        lines.addAll(ConfigTransaction.said(committed.undo().stream()
                .filter(u -> u.participant().equals("kernel") || u.failure().isPresent()).toList(), NOT_STARTED));
        return new Engine.StartFailed(String.join("\n", lines));
    }
}
