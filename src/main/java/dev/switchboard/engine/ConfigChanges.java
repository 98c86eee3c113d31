package dev.switchboard.engine;

import dev.switchboard.config.AtomicFile;
import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ConfigText;
import dev.switchboard.config.Problem;
import dev.switchboard.engine.Engine.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The config in force and its changes: apply, try with its countdown, confirm, rollback, plan.
 * Kernel and proxy change as one {@link ConfigTransaction}; a try is journalled before it starts
 * and the confirmed config is kept in the history. Used by the engine's loop thread alone, so
 * nothing here is locked: one change at a time is the loop's doing.
 */
final class ConfigChanges {
    private final Path configPath;
    private final List<Participant> participants;
    private final Participant kernel;
    private final History history;
    private final Journal journal;
    private final TryClock clock;
    private final Consumer<String> log;
    private final Consumer<EngineEvent> events;
    private final LongConsumer expireLater; // posts the countdown's end of try N to the loop
    private Config running;
    private String runningText;
    private Config confirmed;
    private String confirmedText;
    private Engine.PendingTry pending;
    private boolean pendingFromFile; // a try of the file restores the file; the console's is written only when kept
    private long tryId;
    private TryClock.Cancel expiry;

    ConfigChanges(Path configPath, Path stateDir, List<Participant> participants, TryClock clock, Consumer<String> log,
            Consumer<EngineEvent> events, LongConsumer expireLater, Config config, String text) {
        this.configPath = configPath;
        this.participants = participants;
        this.kernel = participants.get(0);
        this.history = new History(stateDir);
        this.journal = new Journal(stateDir);
        this.clock = clock;
        this.log = log;
        this.events = events;
        this.expireLater = expireLater;
        this.running = this.confirmed = config;
        this.runningText = this.confirmedText = text;
    }

    Config running() {
        return running;
    }

    String confirmedText() {
        return confirmedText;
    }

    Optional<Engine.PendingTry> pending() {
        return Optional.ofNullable(pending);
    }

    /** The config file, or {@code text} (written to the file once applied), as the new confirmed config. */
    Outcome apply(String text, String who, boolean allowEmpty) throws IOException {
        Candidate c = allowed(text, allowEmpty);
        if (c.problems != null) {
            return Outcome.failed(c.problems);
        }
        Outcome o = change(c.config, who);
        if (o.ok()) {
            if (text != null) {
                AtomicFile.write(configPath, text);
            }
            runningText = c.text;
            confirm();
        }
        return o;
    }

    /** As {@link #apply}, for {@code seconds}: unless confirmed in time, everything goes back. */
    Outcome tryApply(String text, int seconds, String who, boolean allowEmpty) throws IOException {
        Candidate c = allowed(text, allowEmpty);
        if (c.problems != null) {
            return Outcome.failed(c.problems);
        }
        return startTry(c, text == null, seconds, who);
    }

    /** History entry {@code back} as a try of {@code seconds}. */
    Outcome rollbackTo(int back, int seconds, String who) throws IOException {
        if (pending != null) {
            return refusedWhilePending();
        }
        Optional<String> text = history.get(back);
        if (text.isEmpty()) {
            return Outcome.failed("no config " + back + " back in the history (" + history.size() + " kept)");
        }
        Candidate c = candidate(text.get());
        if (c.problems != null) {
            return Outcome.failed("history entry " + back + " no longer passes check: " + String.join("; ", c.problems));
        }
        return startTry(c, false, seconds, who);
    }

    /** Journalled first, then applied, then the countdown. */
    private Outcome startTry(Candidate c, boolean fromFile, int seconds, String who) throws IOException {
        if (nothingToChange(c.config)) {
            return Outcome.ok(List.of("no changes: no try started"));
        }
        pendingFromFile = fromFile;
        journal.write(new Journal.Entry(who + " at " + clock.now().truncatedTo(ChronoUnit.SECONDS), configPath.toAbsolutePath().toString(),
                confirmedText));
        Outcome o = change(c.config, who);
        if (!o.ok()) {
            journal.clear();
            return o;
        }
        runningText = c.text;
        pending = new Engine.PendingTry(who, clock.now(), clock.now().plusSeconds(seconds));
        long id = ++tryId;
        expiry = clock.schedule(Duration.ofSeconds(seconds), () -> expireLater.accept(id));
        say(new EngineEvent.TryStarted(who, seconds, pending.deadline()));
        List<String> lines = new ArrayList<>(o.lines());
        lines.add("applied for " + seconds + " s: run \"switchboard confirm\" to keep it");
        return Outcome.ok(lines);
    }

    private boolean nothingToChange(Config next) throws IOException {
        return ConfigTransaction.prepare(participants, running, next).stream().allMatch(Participant.Prepared::empty);
    }

    /** Keeps the pending try: it becomes the confirmed config. */
    Outcome confirm(String who) throws IOException {
        if (pending == null) {
            return Outcome.failed("nothing to confirm: no try is pending");
        }
        expiry.cancel();
        if (!pendingFromFile) {
            AtomicFile.write(configPath, runningText);
        }
        confirm();
        say(new EngineEvent.TryConfirmed(who));
        return Outcome.ok(List.of("confirmed"));
    }

    /** Ends the pending try now, back to the confirmed config; empty if none is pending. */
    Optional<Outcome> endTry(String who) throws IOException {
        if (pending == null) {
            return Optional.empty();
        }
        expiry.cancel();
        return Optional.of(revert("rolled back by " + who));
    }

    /** Try {@code id}'s countdown ran out: back to the confirmed config, unless it ended already. */
    Optional<Outcome> expire(long id) throws IOException {
        if (pending == null || id != tryId) {
            return Optional.empty();
        }
        events.accept(new EngineEvent.TryExpired(pending.who())); // logged as the rollback's first line
        return Optional.of(revert("the try by " + pending.who() + " was not confirmed in time"));
    }

    /** The engine stops: no countdown outlives it (its try stays journalled, for the next start to roll back). */
    void stopCountdown() {
        if (expiry != null) {
            expiry.cancel();
        }
    }

    /** What applying {@code text} (null: the config file) would change now: in the kernel, then in the proxy. */
    Outcome plan(String text) throws IOException {
        Candidate c = candidate(text);
        if (c.problems != null) {
            return Outcome.failed(c.problems);
        }
        List<Participant.Prepared> prepared = ConfigTransaction.prepare(participants, running, c.config);
        List<String> lines = new ArrayList<>();
        for (Participant.Prepared p : prepared) {
            if (!p.refusals().isEmpty()) {
                return new Outcome(false, p.refusals());
            }
            lines.addAll(p.warnings());
        }
        prepared.forEach(p -> lines.addAll(p.changes()));
        return Outcome.ok(lines.isEmpty() ? List.of("no changes") : lines);
    }

    /** Kernel, then proxy, as one transaction: if the proxy refuses, the kernel goes back to the config in force. */
    private Outcome change(Config next, String who) throws IOException {
        ConfigTransaction.Outcome t = ConfigTransaction.run(participants, running, next, who, (name, done) -> {
            if (name.equals(kernel.name())) {
                done.changes().forEach(l -> {
                    log.accept("applying: " + l);
                    events.accept(new EngineEvent.StepApplied(l));
                });
            }
        });
        if (t instanceof ConfigTransaction.Aborted aborted) {
            return new Outcome(false, aborted.lines(": nothing changed"));
        }
        List<String> lines = new ArrayList<>(((ConfigTransaction.Committed) t).changes(kernel.name()));
        running = next;
        lines.add(lines.isEmpty() ? "kernel: no changes; proxy: reconfigured" : "proxy: reconfigured");
        return Outcome.ok(lines);
    }

    private void confirm() throws IOException {
        confirmed = running;
        confirmedText = runningText;
        history.record(confirmedText);
        journal.clear();
        pending = null;
        expiry = null;
    }

    /**
     * Back to the confirmed config, verified against a fresh dump of the kernel, and the file too
     * when it holds the candidate (which is kept as .rejected).
     */
    private Outcome revert(String why) throws IOException {
        Outcome o = change(confirmed, "rollback");
        boolean verified = kernel.prepare(running, confirmed).empty();
        if (pendingFromFile) {
            Orphans.restoreFile(configPath, confirmedText);
        }
        runningText = confirmedText;
        if (o.ok() && verified) {
            journal.clear(); // else it stays: the next start rolls back again, from what is on disk
        }
        pending = null;
        expiry = null;
        List<String> lines = new ArrayList<>(o.lines());
        lines.add(0, "ROLLED BACK: " + why);
        lines.add(verified ? "the kernel matches the confirmed config (verified by a fresh dump)"
                : "THE KERNEL DOES NOT MATCH THE CONFIRMED CONFIG: run \"switchboard plan\"");
        lines.forEach(log);
        events.accept(new EngineEvent.TryRolledBack(why, o.ok() && verified));
        return new Outcome(o.ok() && verified, lines);
    }

    /** Logs the event's line and tells it. */
    private void say(EngineEvent e) {
        log.accept(e.text());
        events.accept(e);
    }

    private static Outcome refusedWhilePending() {
        return Outcome.failed("a try is pending: \"switchboard confirm\" keeps it, \"switchboard rollback\" ends it");
    }

    private record Candidate(Config config, String text, String[] problems) {}

    /**
     * The config file, or {@code text}, as a change to make now: with {@code problems} that say
     * why not if a try is pending, it is not a valid config, or (unless {@code allowEmpty}) it
     * would leave switchboard nothing to manage.
     */
    private Candidate allowed(String text, boolean allowEmpty) throws IOException {
        if (pending != null) {
            return new Candidate(null, text, refusedWhilePending().lines().toArray(String[]::new));
        }
        Candidate c = candidate(text);
        if (c.problems == null && !allowEmpty && Engine.leavesNothing(running, c.config)) {
            return new Candidate(c.config, c.text, new String[] {Engine.LEAVES_NOTHING});
        }
        return c;
    }

    private Candidate candidate(String edited) throws IOException {
        String text = edited != null ? edited : ConfigText.read(configPath); // a file that cannot be a config: ConfigText.Refused
        Optional<Config> config = parse(text, configPath);
        return config.map(c -> new Candidate(c, text, null))
                .orElseGet(() -> new Candidate(null, text, problems(text, configPath).split("\n")));
    }

    static Optional<Config> parse(String text, Path source) {
        return ConfigLoader.parse(text, source.toString()) instanceof ConfigLoader.Loaded l ? Optional.of(l.config()) : Optional.empty();
    }

    static String problems(String text, Path source) {
        ConfigLoader.Result r = ConfigLoader.parse(text, source.toString());
        return r instanceof ConfigLoader.Rejected rejected
                ? String.join("\n", rejected.problems().stream().map(Problem::format).toList()) : "";
    }
}
