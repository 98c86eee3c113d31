package dev.switchboard.engine;

import dev.switchboard.config.AtomicFile;
import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.net.Kernel;
import dev.switchboard.plan.PlanResult;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A try whose engine is gone (killed outright, out of memory): its journal is still in the state
 * directory and nobody holds the engine lock. The next switchboard that may change anything
 * (apply, rollback, console, run) puts the kernel and the file back to the confirmed config
 * first, verified against a fresh dump, and says so.
 */
public final class Orphans {
    private Orphans() {}

    /** Who made the orphaned try and when, if there is one. Meaningful only to a holder of the {@link EngineLock}, or with none held. */
    public static Optional<String> pendingTry(Path stateDir) throws IOException {
        return new Journal(stateDir).read().map(Journal.Entry::who);
    }

    /** What a rollback of an orphaned try did: the lines to show (none: there was nothing to do), and whether it is verified. */
    public record Outcome(List<String> lines, boolean verified) {
        static final Outcome NOTHING = new Outcome(List.of(), true);
    }

    /**
     * Rolls the orphaned try back, if there is one; the caller holds the {@link EngineLock}. The
     * file restored is the one the try was made on, as the journal names it ({@code configPath}
     * only for a journal that does not).
     */
    public static Outcome rollBack(Path configPath, Path stateDir, Kernel kernel, String who) throws IOException, SysException {
        Journal journal = new Journal(stateDir);
        Optional<Journal.Entry> orphan = journal.read();
        if (orphan.isEmpty()) {
            return Outcome.NOTHING;
        }
        if (!orphan.get().configFile().isEmpty()) {
            configPath = Path.of(orphan.get().configFile());
        }
        List<String> lines = new ArrayList<>();
        String what = "the try by " + orphan.get().who() + " was pending when its switchboard died";
        String confirmedText = orphan.get().confirmedText();
        if (!(ConfigLoader.parse(confirmedText, configPath.toString()) instanceof ConfigLoader.Loaded loaded)) {
            // a journal that does not hold a valid config cannot be rolled back to: say so, keep it for a human
            lines.add("ROLLBACK IMPOSSIBLE: " + what + ", and its journal " + stateDir.resolve("pending-try")
                    + " holds no valid config; the kernel is left as it is");
            return new Outcome(lines, false);
        }
        Config confirmed = loaded.config();
        restoreFile(configPath, confirmedText);
        Converger converger = new Converger(kernel, stateDir);
        Converger.Result r = converger.apply(confirmed, who);
        boolean verified = r instanceof Converger.Result.Applied
                && converger.plan(confirmed) instanceof PlanResult.Planned p && p.plan().isEmpty();
        lines.add("ROLLED BACK: " + what);
        if (r instanceof Converger.Result.Applied applied) {
            applied.plan().changes().forEach(c -> lines.add("  " + c));
        } else {
            lines.add("  " + Converger.describe(r));
        }
        lines.add(verified ? "the kernel matches the confirmed config (verified by a fresh dump); the tried config is kept as "
                + Engine.rejectedPath(configPath) : "THE KERNEL DOES NOT MATCH THE CONFIRMED CONFIG: run \"switchboard plan\"");
        if (verified) {
            journal.clear();
        }
        new Audit(stateDir).record(who, "rollback of an orphaned try", verified ? "done" : "FAILED", lines);
        return new Outcome(lines, verified);
    }

    /** Puts {@code confirmedText} back in the file, keeping what was there as .rejected: nobody's edits are lost. */
    static void restoreFile(Path configPath, String confirmedText) throws IOException {
        if (Files.exists(configPath)) {
            String now = Files.readString(configPath, StandardCharsets.UTF_8);
            if (now.equals(confirmedText)) {
                return;
            }
            AtomicFile.write(Engine.rejectedPath(configPath), now);
        }
        AtomicFile.write(configPath, confirmedText);
    }
}
