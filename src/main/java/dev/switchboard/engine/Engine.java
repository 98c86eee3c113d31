package dev.switchboard.engine;

import dev.switchboard.config.AtomicFile;
import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ConfigText;
import dev.switchboard.config.Problem;
import dev.switchboard.net.Kernel;
import dev.switchboard.net.Monitor;
import dev.switchboard.plan.CutOff;
import dev.switchboard.plan.PlanResult;
import dev.switchboard.proxy.Proxy;
import dev.switchboard.proxy.Stats;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The appliance running: kernel and proxy brought to the config file as one transaction, and
 * the operations the CLI, the control socket and the console drive: apply, try with a countdown
 * that lives here (so a cut SSH session still gets its rollback), confirm, rollback to an earlier
 * confirmed config, server toggles and drains. One change at a time; whoever comes second is
 * told who holds it. A try is journalled before it starts, so an engine killed during one comes
 * back on the confirmed config.
 */
public final class Engine implements AutoCloseable {
    /** How an operation ended: ok or not, and the lines to show (the diff, or the reasons). */
    public record Outcome(boolean ok, List<String> lines) {
        static Outcome ok(List<String> lines) {
            return new Outcome(true, List.copyOf(lines));
        }

        static Outcome failed(String... lines) {
            return new Outcome(false, List.of(lines));
        }
    }

    /** A try waiting for its confirm: who started it, when, and when it rolls back unless confirmed. */
    public record PendingTry(String who, Instant since, Instant deadline) {
        public long secondsLeft() {
            return Math.max(0, Duration.between(Instant.now(), deadline).toSeconds());
        }

        /** {@code pending, by WHO since 10:42:07, rolled back in 41 s}: the same words on every surface. */
        public String describe() {
            return "pending, by " + who + " since " + LocalTime.ofInstant(since, ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS)
                    + ", rolled back in " + secondsLeft() + " s unless confirmed";
        }
    }

    /** A start that could not be made; the message says why, and nothing was left changed. */
    public static final class StartFailed extends Exception {
        StartFailed(String message) {
            super(message);
        }
    }

    private final Path configPath;
    private final Kernel kernel; // one netlink socket: used under its own monitor
    private final Converger converger;
    private final List<Participant> participants;
    private final Proxy proxy;
    private final Consumer<String> log;
    private final History history;
    private final Journal journal;
    private final Audit audit;
    private final ScheduledExecutorService timer;
    private final ReentrantLock changing = new ReentrantLock();
    private volatile String changer = "";
    private Config running;
    private String runningText;
    private Config confirmed;
    private String confirmedText;
    private PendingTry pending;
    private boolean pendingFromFile; // a try of the file restores the file; the console's is written only when kept
    private ScheduledFuture<?> expiry;
    private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();
    private volatile List<GatewayRow> gateways = List.of();
    private Monitor monitor;
    private EngineLock lock;

    private Engine(Path configPath, Kernel kernel, Converger converger, List<Participant> participants, Proxy proxy, Consumer<String> log,
            Path stateDir, Config config, String text) {
        this.configPath = configPath;
        this.kernel = kernel;
        this.converger = converger;
        this.participants = participants;
        this.proxy = proxy;
        this.log = log;
        this.history = new History(stateDir);
        this.journal = new Journal(stateDir);
        this.audit = new Audit(stateDir);
        this.running = this.confirmed = config;
        this.runningText = this.confirmedText = text;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-try-countdown");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts on the config file: first, if a try was pending when the last engine stopped, the
     * file goes back to the confirmed config (the candidate kept beside it as .rejected); then
     * the kernel is brought to the config and the proxy started.
     */
    public static Engine start(Path configPath, Path stateDir, int threads, Consumer<String> log, String who)
            throws StartFailed, SysException, IOException {
        EngineLock.Acquired acquired = EngineLock.acquire(stateDir, EngineLock.me(Path.of(""), configPath, who));
        if (acquired instanceof EngineLock.Acquired.Held held) {
            throw new StartFailed(anotherEngine(stateDir, held.by()));
        }
        return start(configPath, stateDir, threads, log, who, ((EngineLock.Acquired.Taken) acquired).lock());
    }

    /** What a second engine is told. */
    public static String anotherEngine(Path stateDir, EngineLock.Holder holder) {
        return "another switchboard holds " + stateDir + " (" + holder.describe()
                + (holder.socket().isEmpty() ? "" : ", control socket " + holder.socket()) + ")";
    }

    /**
     * As {@link #start(Path, Path, int, Consumer, String)}, with the state directory's
     * {@link EngineLock} already taken (before anything else was looked at); the engine holds it
     * until it stops, and releases it if it cannot start.
     */
    public static Engine start(Path configPath, Path stateDir, int threads, Consumer<String> log, String who, EngineLock lock)
            throws StartFailed, SysException, IOException {
        boolean started = false;
        try {
            Engine engine = startLocked(configPath, stateDir, threads, log, who, lock);
            started = true;
            return engine;
        } finally {
            if (!started) {
                lock.close();
            }
        }
    }

    private static Engine startLocked(Path configPath, Path stateDir, int threads, Consumer<String> log, String who, EngineLock lock)
            throws StartFailed, SysException, IOException {
        Kernel kernel = Kernel.open();
        boolean started = false;
        try {
            // a try left by a switchboard that died goes back first, whatever the file now says
            Orphans.rollBack(configPath, stateDir, kernel, who).lines().forEach(log);
            String text = read(configPath);
            Config config = parse(text, configPath).orElseThrow(() -> new StartFailed(problems(text, configPath)));
            Engine engine = startOn(configPath, stateDir, threads, log, who, kernel, config, text);
            engine.lock = lock;
            started = true;
            return engine;
        } finally {
            if (!started) {
                kernel.close();
            }
        }
    }

    private static Engine startOn(Path configPath, Path stateDir, int threads, Consumer<String> log, String who, Kernel kernel,
            Config config, String text) throws StartFailed, SysException, IOException {
        Converger converger = new Converger(kernel, stateDir);
        if (managesNothing(config) && converger.plan(config) instanceof PlanResult.Planned p && !p.plan().isEmpty()) {
            throw new StartFailed("this config would remove every address and default route switchboard manages, and opens no bind;"
                    + " an engine does not start on it (remove them with `switchboard apply --allow-empty`, engine stopped)");
        }
        ProxyParticipant proxy = new ProxyParticipant(threads, log);
        List<Participant> participants = List.of(new KernelParticipant(converger, SESSION), proxy);
        ConfigTransaction.Outcome t = ConfigTransaction.run(participants, null, config, who, (name, done) -> { });
        if (t instanceof ConfigTransaction.Aborted aborted) {
            if (aborted.undone().isEmpty()) {
                throw new StartFailed(String.join("\n", aborted.why()));
            }
            throw new StartFailed(String.join("\n", aborted.lines(NOT_STARTED)));
        }
        ConfigTransaction.Committed committed = (ConfigTransaction.Committed) t;
        committed.notes("kernel").forEach(n -> log.accept("kernel: " + n));
        committed.changes("kernel").forEach(c -> log.accept("kernel: " + c));
        try {
            new History(stateDir).record(text);
            Engine engine = new Engine(configPath, kernel, converger, participants, proxy.proxy(), log, stateDir, config, text);
            engine.gateways = Gateways.rows(kernel.dump());
            engine.monitor = Monitor.start((state, happened) -> {
                if (state != null) {
                    engine.gateways = Gateways.rows(state);
                }
                happened.forEach(e -> engine.publish("kernel: " + e));
            });
            return engine;
        } catch (IOException | RuntimeException e) { // a full state directory, a netlink socket refused: all or nothing
            List<String> lines = new ArrayList<>(List.of("cannot start: " + (e instanceof IOException io ? StateFile.describe(io) : e.toString())));
            // the proxy is closed as the kernel is put back: only the kernel is worth a word
            lines.addAll(ConfigTransaction.said(committed.undo().stream()
                    .filter(u -> u.participant().equals("kernel") || u.failure().isPresent()).toList(), NOT_STARTED));
            throw new StartFailed(String.join("\n", lines));
        }
    }

    private static final String NOT_STARTED = " as it was; the engine does not start";

    /** The session of whoever started this process: the operator, for a console hosting the engine. */
    private static final Optional<CutOff.Session> SESSION = CutOff.Session.of(System.getenv("SSH_CONNECTION"));

    /**
     * Streams what happens (kernel events from netlink, changes and their outcomes, rollbacks)
     * to {@code listener} until the returned handle is closed. The listener must not block.
     */
    public AutoCloseable subscribe(Consumer<String> listener) {
        subscribers.add(listener);
        return () -> subscribers.remove(listener);
    }

    /** Logs a line and tells the subscribers. */
    private void emit(String line) {
        log.accept(line);
        publish(line);
    }

    private void publish(String event) {
        for (Consumer<String> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                subscribers.remove(s); // a broken listener must not stop the others
            }
        }
    }

    // ---- operations that change things ----

    /** Applies the config file as the new confirmed config. */
    public Outcome apply(String who) {
        return apply(null, who, false);
    }

    public Outcome apply(String text, String who) {
        return apply(text, who, false);
    }

    /**
     * Applies {@code text} (a config edited in the console or sent by the CLI; null for the
     * config file) as the new confirmed config; such text is written to the file only once it is
     * applied. A config that would leave nothing managed is refused unless {@code allowEmpty}.
     */
    public Outcome apply(String text, String who, boolean allowEmpty) {
        return exclusively(who, "apply", () -> {
            if (pending != null) {
                return refusedWhilePending();
            }
            Candidate c = candidate(text);
            if (c.problems != null) {
                return Outcome.failed(c.problems);
            }
            if (!allowEmpty && leavesNothing(running, c.config)) {
                return Outcome.failed(LEAVES_NOTHING);
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
        });
    }

    /** Applies the config file for {@code seconds}: unless {@link #confirm} comes in time, everything goes back. */
    public Outcome tryApply(int seconds, String who) {
        return tryApply(null, seconds, who, false);
    }

    public Outcome tryApply(String text, int seconds, String who) {
        return tryApply(text, seconds, who, false);
    }

    /**
     * As {@link #tryApply(int, String)} for {@code text} (null: the config file). Such text is
     * written to the file when confirmed; the file is not touched if it is rolled back. With
     * nothing to change, no try is started.
     */
    public Outcome tryApply(String text, int seconds, String who, boolean allowEmpty) {
        return exclusively(who, "try " + seconds, () -> {
            if (pending != null) {
                return refusedWhilePending();
            }
            Candidate c = candidate(text);
            if (c.problems != null) {
                return Outcome.failed(c.problems);
            }
            if (!allowEmpty && leavesNothing(running, c.config)) {
                return Outcome.failed(LEAVES_NOTHING);
            }
            return startTry(c, text == null, seconds, who);
        });
    }

    /** Journalled first, then applied, then the countdown; called holding the change lock. */
    private Outcome startTry(Candidate c, boolean fromFile, int seconds, String who) throws SysException, IOException {
        if (nothingToChange(c.config)) {
            return Outcome.ok(List.of("no changes: no try started"));
        }
        pendingFromFile = fromFile;
        journal.write(new Journal.Entry(who + " at " + Instant.now().truncatedTo(ChronoUnit.SECONDS), configPath.toAbsolutePath().toString(),
                confirmedText));
        Outcome o = change(c.config, who);
        if (!o.ok()) {
            journal.clear();
            return o;
        }
        runningText = c.text;
        pending = new PendingTry(who, Instant.now(), Instant.now().plusSeconds(seconds));
        expiry = timer.schedule(this::expire, seconds, TimeUnit.SECONDS);
        emit("try by " + who + ": applied; rolled back in " + seconds + " s unless confirmed");
        List<String> lines = new ArrayList<>(o.lines());
        lines.add("applied for " + seconds + " s: run \"switchboard confirm\" to keep it");
        return Outcome.ok(lines);
    }

    private boolean nothingToChange(Config next) throws SysException, IOException {
        PlanResult r;
        synchronized (kernel) {
            r = converger.plan(next);
        }
        return r instanceof PlanResult.Planned p && p.plan().isEmpty() && ProxyDiff.lines(running, next).isEmpty();
    }

    public static final String LEAVES_NOTHING = "this config would remove every address, default route and bind switchboard manages:"
            + " nothing changed (if that is what you mean, apply it with --allow-empty)";

    /** Whether {@code next} manages nothing (no address, gateway or bind) where {@code now} manages something. */
    static boolean leavesNothing(Config now, Config next) {
        return managesSomething(now) && managesNothing(next);
    }

    /** A config with no address, no gateway and no bind: applied, it removes whatever switchboard manages. */
    public static boolean managesNothing(Config c) {
        return !managesSomething(c);
    }

    private static boolean managesSomething(Config c) {
        return c.bindCount() > 0 || c.interfaces().values().stream().anyMatch(i -> !i.addresses().isEmpty() || i.gateway().isPresent());
    }

    /** Keeps the pending try: it becomes the confirmed config. */
    public Outcome confirm(String who) {
        return exclusively(who, "confirm", () -> {
            if (pending == null) {
                return Outcome.failed("nothing to confirm: no try is pending");
            }
            expiry.cancel(false);
            if (!pendingFromFile) {
                AtomicFile.write(configPath, runningText);
            }
            confirm();
            emit("confirmed by " + who);
            return Outcome.ok(List.of("confirmed"));
        });
    }

    /** Ends the pending try now, back to the confirmed config; with none pending it changes nothing. */
    public Outcome endTry(String who) {
        return exclusively(who, "rollback", endingTry(who));
    }

    /**
     * As {@link #endTry}, for the last act of a process that is going (its terminal hung up): it
     * waits for a change under way, a countdown's rollback or an apply, to end, instead of leaving
     * a try behind because someone was busy.
     */
    public Outcome endTryBeforeLeaving(String who) {
        return afterOthers(who, "rollback", endingTry(who));
    }

    private Step endingTry(String who) {
        return () -> {
            if (pending == null) {
                return Outcome.failed("no try is pending: nothing changed (\"switchboard rollback N\" goes back N confirmed configs,"
                        + " as a try to confirm)");
            }
            expiry.cancel(false);
            return revert("rolled back by " + who);
        };
    }

    /**
     * Goes back to history entry {@code back} (1: the config confirmed before the one in force)
     * as a try of {@code seconds}: like every change made by hand, it is kept only if confirmed,
     * and only then written to the config file.
     */
    public Outcome rollback(int back, int seconds, String who) {
        return exclusively(who, "rollback " + back, () -> {
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
        });
    }

    /** Takes a server out of the rotation or puts it back; the config file is not changed. */
    public Outcome setServerEnabled(String backend, String server, boolean enabled, String who) {
        boolean found = proxy.setServerEnabled(backend, server, enabled);
        if (!found) {
            return Outcome.failed("no server " + backend + "/" + server);
        }
        audit.record(who, (enabled ? "enable" : "disable") + " server " + backend + "/" + server, "done", List.of());
        publish("server " + backend + "/" + server + (enabled ? " enabled" : " disabled") + " by " + who);
        return Outcome.ok(List.of("server " + backend + "/" + server + (enabled ? " enabled" : " disabled")));
    }

    /** Stops a frontend's binds from accepting; established connections finish. Undone by the next apply. */
    public Outcome drain(String frontend, String who) {
        if (!proxy.drain(frontend)) {
            return Outcome.failed("no frontend " + frontend);
        }
        audit.record(who, "drain frontend " + frontend, "done", List.of());
        publish("frontend " + frontend + " drained by " + who);
        return Outcome.ok(List.of("frontend " + frontend + " no longer accepts; its connections finish"));
    }

    /** A change someone was not allowed to make, for the audit log. */
    public void recordRefusal(String who, String what, String why) {
        audit.record(who, what, "refused", List.of(why));
    }

    /** Undoes a drain: the frontend's binds listen again. */
    public Outcome undrain(String frontend, String who) {
        var stillShut = proxy.undrain(frontend);
        if (stillShut.isEmpty()) {
            return Outcome.failed("no frontend " + frontend);
        }
        List<String> lines = stillShut.get().stream().map(b -> "frontend " + frontend + " " + b.bind() + ": cannot listen: "
                + b.error().orElse("")).toList();
        audit.record(who, "enable frontend " + frontend, lines.isEmpty() ? "done" : "failed", lines);
        publish("frontend " + frontend + " enabled by " + who);
        return lines.isEmpty() ? Outcome.ok(List.of("frontend " + frontend + " accepts again")) : new Outcome(false, lines);
    }

    // ---- what is shown ----

    /** The gateway table as of the last netlink event (kept live by the monitor). */
    public List<GatewayRow> gateways() {
        return gateways;
    }

    /** Bytes received and sent so far per interface, {rx, tx}: rates are the console's differences. */
    public java.util.Map<String, long[]> linkBytes() throws SysException {
        java.util.Map<String, long[]> out = new java.util.HashMap<>();
        synchronized (kernel) {
            for (var link : kernel.dump().links()) {
                out.put(link.name(), new long[] {link.rxBytes(), link.txBytes()});
            }
        }
        return out;
    }

    /** Where each bind's replies go now, flagged where that is not where its traffic arrives. */
    public List<ReplyRoute> replyRoutes() {
        return ReplyRoute.of(running, gateways);
    }

    /** The confirmed config's text, as the console's editor starts from. */
    public synchronized String confirmedText() {
        return confirmedText;
    }

    public Stats.Snapshot stats() {
        return proxy.stats();
    }

    /** What applying the config file would change now in the kernel, as diff lines. */
    public Outcome plan() throws SysException, IOException {
        return plan(null);
    }

    /** What applying {@code text} (null: the config file) would change now: in the kernel, then in the proxy. */
    public Outcome plan(String text) throws SysException, IOException {
        Candidate c = candidate(text);
        if (c.problems != null) {
            return Outcome.failed(c.problems);
        }
        PlanResult r;
        List<String> lines = new ArrayList<>();
        synchronized (kernel) {
            r = converger.plan(c.config);
            // the session of whoever started this process: the operator, for a console hosting the engine
            lines.addAll(converger.warnings(c.config, CutOff.Session.of(System.getenv("SSH_CONNECTION"))));
        }
        if (r instanceof PlanResult.Refused refused) {
            return new Outcome(false, refused.reasons());
        }
        var plan = ((PlanResult.Planned) r).plan();
        lines.addAll(plan.diff().lines().filter(l -> !l.equals("no changes")).toList());
        lines.addAll(ProxyDiff.lines(running, c.config));
        return Outcome.ok(lines.isEmpty() ? List.of("no changes") : lines);
    }

    public synchronized Optional<PendingTry> pending() {
        return Optional.ofNullable(pending);
    }

    /** Who is changing things now, or empty. */
    public Optional<String> changer() {
        return changing.isLocked() ? Optional.of(changer) : Optional.empty();
    }

    public Path configPath() {
        return configPath;
    }

    public Config running() {
        return running;
    }

    public List<String> auditTail(int lines) throws IOException {
        return audit.tail(lines);
    }

    // ---- the transaction ----

    private interface Step {
        Outcome run() throws SysException, IOException;
    }

    /** One change at a time: a second caller is told who holds it, never queued behind. */
    private Outcome exclusively(String who, String what, Step step) {
        if (!changing.tryLock()) {
            return Outcome.failed("busy: " + changer + " is changing things; try again when it is done");
        }
        return holding(who, what, step);
    }

    /** As {@link #exclusively}, waiting for a change under way to end instead of refusing. */
    private Outcome afterOthers(String who, String what, Step step) {
        changing.lock();
        return holding(who, what, step);
    }

    /** Runs {@code step} with the change lock already taken, and gives it back. */
    private Outcome holding(String who, String what, Step step) {
        changer = who + " (" + what + ", since " + LocalTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS) + ")";
        try {
            Outcome o;
            synchronized (this) {
                o = step.run();
            }
            audit.record(who, what, o.ok() ? "done" : "refused", o.lines());
            return o;
        } catch (IOException e) {
            audit.record(who, what, "failed", List.of(e.getMessage()));
            return Outcome.failed(what + " failed: " + e.getMessage());
        } finally {
            changer = "";
            changing.unlock();
        }
    }

    /** Kernel, then proxy, as one transaction: if the proxy refuses, the kernel goes back to the config in force. */
    private Outcome change(Config next, String who) throws SysException, IOException {
        ConfigTransaction.Outcome t;
        synchronized (kernel) {
            t = ConfigTransaction.run(participants, running, next, who, (name, done) -> {
                if (name.equals("kernel")) {
                    done.changes().forEach(l -> emit("applying: " + l));
                }
            });
        }
        if (t instanceof ConfigTransaction.Aborted aborted) {
            return new Outcome(false, aborted.lines(": nothing changed"));
        }
        List<String> lines = new ArrayList<>(((ConfigTransaction.Committed) t).changes("kernel"));
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

    /** The countdown ran out: back to the confirmed config. Waits for a change under way to end. */
    private void expire() {
        changing.lock();
        try {
            changer = "the try's countdown";
            synchronized (this) {
                if (pending == null) {
                    return;
                }
                String why = "the try by " + pending.who() + " was not confirmed in time";
                Outcome o = revert(why);
                audit.record("engine", "rollback", o.ok() ? "done" : "FAILED", o.lines());
            }
        } catch (IOException e) {
            log.accept("ROLLBACK FAILED: " + e.getMessage());
        } finally {
            changer = "";
            changing.unlock();
        }
    }

    /**
     * Back to the confirmed config, verified against a fresh dump of the kernel, and the file too
     * when it holds the candidate (which is kept as .rejected).
     */
    private Outcome revert(String why) throws SysException, IOException {
        Outcome o = change(confirmed, "rollback");
        boolean verified;
        synchronized (kernel) {
            verified = converger.plan(confirmed) instanceof PlanResult.Planned p && p.plan().isEmpty();
        }
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
        lines.forEach(this::emit);
        return new Outcome(o.ok() && verified, lines);
    }

    private static Outcome refusedWhilePending() {
        return Outcome.failed("a try is pending: \"switchboard confirm\" keeps it, \"switchboard rollback\" ends it");
    }

    // ---- files ----

    private record Candidate(Config config, String text, String[] problems) {}

    private Candidate candidate(String edited) throws IOException {
        String text = edited != null ? edited : read(configPath);
        Optional<Config> config = parse(text, configPath);
        return config.map(c -> new Candidate(c, text, null))
                .orElseGet(() -> new Candidate(null, text, problems(text, configPath).split("\n")));
    }

    /** A file that cannot be a config is a {@link ConfigText.Refused}: one line, the user's mistake. */
    private static String read(Path file) throws IOException {
        return ConfigText.read(file);
    }

    private static Optional<Config> parse(String text, Path source) {
        return ConfigLoader.parse(text, source.toString()) instanceof ConfigLoader.Loaded l ? Optional.of(l.config()) : Optional.empty();
    }

    private static String problems(String text, Path source) {
        ConfigLoader.Result r = ConfigLoader.parse(text, source.toString());
        return r instanceof ConfigLoader.Rejected rejected
                ? String.join("\n", rejected.problems().stream().map(Problem::format).toList()) : "";
    }

    static Path rejectedPath(Path configPath) {
        return configPath.resolveSibling(configPath.getFileName() + ".rejected");
    }


    /** Stops listening, lets connections finish for up to {@code drainSeconds}, then stops. A pending try stays journalled. */
    public void stop(int drainSeconds) {
        timer.shutdownNow();
        if (monitor != null) {
            monitor.close();
        }
        proxy.close(drainSeconds, TimeUnit.SECONDS);
        kernel.close();
        try {
            if (lock != null) {
                lock.close(); // after the last change: the next writer starts on what we left
            }
        } catch (IOException e) {
            log.accept("cannot release the engine lock: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        stop(0);
    }
}
