package dev.switchboard.engine;

import dev.switchboard.config.Config;
import dev.switchboard.net.Kernel;
import dev.switchboard.proxy.Stats;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The appliance running: kernel and proxy brought to the config file as one transaction, and
 * the operations the CLI, the control socket and the console drive: apply, try with a countdown
 * that lives here (so a cut SSH session still gets its rollback), confirm, rollback to an earlier
 * confirmed config, server toggles and drains. Each is a command to the engine's one thread
 * ({@link EngineLoop}), which owns all that changes; what it shows is an immutable
 * {@link EngineState} read without a lock ({@link #state}), and what happens is told as typed
 * {@link EngineEvent}s. One change at a time; whoever comes second is told who holds it. A try
 * is journalled before it starts, so an engine killed during one comes back on the confirmed config.
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
    /** A time of day as every surface writes it, always with its seconds (LocalTime's own text drops ":00"). */
    public static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

    public record PendingTry(String who, Instant since, Instant deadline) {
        public long secondsLeft() {
            return secondsLeft(Instant.now());
        }

        public long secondsLeft(Instant now) {
            return Math.max(0, Duration.between(now, deadline).toSeconds());
        }

        /** {@code pending, by WHO since 10:42:07, rolled back in 41 s}: the same words on every surface. */
        public String describe() {
            return "pending, by " + who + " since " + HH_MM_SS.format(LocalTime.ofInstant(since, ZoneId.systemDefault()))
                    + ", rolled back in " + secondsLeft() + " s unless confirmed";
        }
    }

    /** A start that could not be made; the message says why, and nothing was left changed. */
    public static final class StartFailed extends Exception {
        StartFailed(String message) {
            super(message);
        }
    }

    /**
     * How an engine is made beyond its config: the countdown's clock, and who carries out the
     * kernel's steps. A test hook: tests slow a step down, or run the countdown on a clock of theirs.
     */
    public record Options(TryClock clock, Function<Kernel, ChangeRunner> runners) {
        static final Options DEFAULT = new Options(TryClock.system(), KernelRunner::new);
    }

    public static final String LEAVES_NOTHING = "this config would remove every address, default route and bind switchboard manages:"
            + " nothing changed (if that is what you mean, apply it with --allow-empty)";

    static final Outcome NO_TRY = Outcome.failed("no try is pending: nothing changed (\"switchboard rollback N\" goes back N confirmed configs,"
            + " as a try to confirm)");

    private static final Outcome STOPPED = Outcome.failed("the engine has stopped");

    private final EngineLoop loop;
    private final Path configPath;
    private final AtomicReference<String> claim = new AtomicReference<>(); // who is changing things, or null

    private Engine(EngineLoop loop, Path configPath) {
        this.loop = loop;
        this.configPath = configPath;
    }

    /**
     * Starts on the config file: first, if a try was pending when the last engine stopped, the
     * file goes back to the confirmed config (the candidate kept beside it as .rejected); then
     * the kernel is brought to the config and the proxy started.
     */
    public static Engine start(Path configPath, Path stateDir, int threads, Consumer<String> log, String who)
            throws StartFailed, SysException, IOException {
        return start(configPath, stateDir, threads, log, who, Options.DEFAULT);
    }

    public static Engine start(Path configPath, Path stateDir, int threads, Consumer<String> log, String who, Options options)
            throws StartFailed, SysException, IOException {
        EngineLock.Acquired acquired = EngineLock.acquire(stateDir, EngineLock.me(Path.of(""), configPath, who));
        if (acquired instanceof EngineLock.Acquired.Held held) {
            throw new StartFailed(anotherEngine(stateDir, held.by()));
        }
        return start(configPath, stateDir, threads, log, who, ((EngineLock.Acquired.Taken) acquired).lock(), options);
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
        return start(configPath, stateDir, threads, log, who, lock, Options.DEFAULT);
    }

    static Engine start(Path configPath, Path stateDir, int threads, Consumer<String> log, String who, EngineLock lock, Options options)
            throws StartFailed, SysException, IOException {
        boolean started = false;
        Kernel kernel = null;
        try {
            kernel = Kernel.open();
            Started s = Startup.bringUp(configPath, stateDir, threads, log, who, kernel, options.runners());
            EngineLoop loop;
            try {
                new History(stateDir).record(s.text());
                loop = new EngineLoop(s, stateDir, options.clock(), log, EngineLock.holder(stateDir), lock);
            } catch (IOException | RuntimeException e) { // a full state directory: all or nothing
                throw Startup.undone(s.committed(), e);
            }
            try {
                loop.start();
            } catch (SysException | RuntimeException e) { // a netlink socket refused
                loop.abandon();
                throw Startup.undone(s.committed(), e);
            }
            started = true;
            return new Engine(loop, configPath);
        } finally {
            if (!started) {
                if (kernel != null) {
                    kernel.close();
                }
                lock.close();
            }
        }
    }

    // ---- what is shown: the published state, never waiting for a change under way ----

    /** Everything the engine shows, as of its last change, kernel event or second. Never waits. */
    public EngineState state() {
        return loop.state();
    }

    /** The gateway table as of the last netlink event. */
    public List<GatewayRow> gateways() {
        return state().gateways();
    }

    /** The proxy's counters, read at most a second ago (and after each change). */
    public Stats.Snapshot stats() {
        return state().stats();
    }

    public Optional<PendingTry> pending() {
        return state().pending();
    }

    /** Who is changing things now, or empty. */
    public Optional<String> changer() {
        return state().changing();
    }

    public Config running() {
        return loop.running();
    }

    /** The confirmed config's text, as the console's editor starts from. */
    public String confirmedText() {
        return loop.confirmedText();
    }

    public Path configPath() {
        return configPath;
    }

    public List<String> auditTail(int lines) throws IOException {
        return loop.audit().tail(lines);
    }

    /**
     * What happens, from now on, to {@code listener} on a thread of its own until the handle is
     * closed; a listener that is slow loses events ({@link EngineEvent.EventsLost}), never holds the engine up.
     */
    public AutoCloseable subscribe(Consumer<EngineEvent> listener) {
        return loop.events().subscribe(listener, false);
    }

    /** As {@link #subscribe(Consumer)}, the recent events first when {@code replay}. */
    public AutoCloseable subscribe(Consumer<EngineEvent> listener, boolean replay) {
        return loop.events().subscribe(listener, replay);
    }

    /** What happens from now on, to be read ({@link Subscription#poll}) until closed. */
    public Subscription events() {
        return loop.events().subscribe(false);
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
        return exclusively(who, "apply", () -> ask(reply -> new Command.Apply(text, who, allowEmpty, reply), STOPPED));
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
        return exclusively(who, "try " + seconds, () -> ask(reply -> new Command.Try(text, seconds, who, allowEmpty, reply), STOPPED));
    }

    /** Keeps the pending try: it becomes the confirmed config. */
    public Outcome confirm(String who) {
        return exclusively(who, "confirm", () -> ask(reply -> new Command.Confirm(who, reply), STOPPED));
    }

    /** Ends the pending try now, back to the confirmed config; with none pending it changes nothing. */
    public Outcome endTry(String who) {
        return exclusively(who, "rollback", () -> ask(reply -> new Command.EndTry(who, false, reply), Optional.of(STOPPED)).orElse(NO_TRY));
    }

    /**
     * As {@link #endTry}, for the last act of a process that is going (its terminal hung up): it
     * waits for a change under way, a countdown's rollback or an apply, to end, instead of leaving
     * a try behind because someone was busy. Empty if no try was pending.
     */
    public Optional<Outcome> endTryBeforeLeaving(String who) {
        return ask(reply -> new Command.EndTry(who, true, reply), Optional.empty());
    }

    /**
     * Goes back to history entry {@code back} (1: the config confirmed before the one in force)
     * as a try of {@code seconds}: like every change made by hand, it is kept only if confirmed,
     * and only then written to the config file.
     */
    public Outcome rollback(int back, int seconds, String who) {
        return exclusively(who, "rollback " + back, () -> ask(reply -> new Command.RollbackTo(back, seconds, who, reply), STOPPED));
    }

    /** Takes a server out of the rotation or puts it back; the config file is not changed. */
    public Outcome setServerEnabled(String backend, String server, boolean enabled, String who) {
        return ask(reply -> new Command.SetServer(backend, server, enabled, who, reply), STOPPED);
    }

    /** What GET /metrics answers (see {@code [appliance] metrics}), from the proxy's counters at that moment. */
    public void metricsPage(java.util.function.Function<Stats.Snapshot, String> page) {
        loop.proxy().metricsPage(page);
    }

    /** HAProxy's "set server B/S state": ready, drain (no new traffic) or maint (none, no checks); runtime only. */
    public Outcome setServerState(String backend, String server, Stats.Admin state, String who) {
        return ask(reply -> new Command.SetServerState(backend, server, state, who, reply), STOPPED);
    }

    /** A server's weight from now on (0..256, as HAProxy's); runtime only. */
    public Outcome setServerWeight(String backend, String server, int weight, String who) {
        return ask(reply -> new Command.SetWeight(backend, server, weight, who, reply), STOPPED);
    }

    /** Stops a frontend's binds from accepting; established connections finish. Undone by the next apply. */
    public Outcome drain(String frontend, String who) {
        return ask(reply -> new Command.Drain(frontend, who, reply), STOPPED);
    }

    /** Undoes a drain: the frontend's binds listen again. */
    public Outcome undrain(String frontend, String who) {
        return ask(reply -> new Command.Undrain(frontend, who, reply), STOPPED);
    }

    /** A change someone was not allowed to make: in the audit log now, and told as an event. */
    public void recordRefusal(String who, String what, String why) {
        loop.audit().record(who, what, "refused", List.of(why));
        loop.post(new Command.Refusal(who, what, why));
    }

    /** What applying the config file would change now in the kernel, as diff lines. */
    public Outcome plan() throws IOException {
        return plan(null);
    }

    /** What applying {@code text} (null: the config file) would change now: in the kernel, then in the proxy. */
    public Outcome plan(String text) throws IOException {
        return loop.ask(reply -> new Command.Plan(text, reply), STOPPED);
    }

    /** One change at a time: a second caller is told who holds it, never queued behind. */
    private Outcome exclusively(String who, String what, Supplier<Outcome> change) {
        String me = who + " (" + what + ", since " + HH_MM_SS.format(LocalTime.now(ZoneId.systemDefault())) + ")";
        if (!claim.compareAndSet(null, me)) {
            return Outcome.failed("busy: " + Optional.ofNullable(claim.get()).orElse("someone") + " is changing things; try again when it is done");
        }
        try {
            return change.get();
        } finally {
            claim.set(null);
        }
    }

    /** Asks the loop; a failure to do what was asked is an outcome that says so. */
    private <R> R ask(Function<CompletableFuture<R>, Command> make, R ifStopped) {
        try {
            return loop.ask(make, ifStopped);
        } catch (IOException e) {
            throw new IllegalStateException(e); // the loop turns a change's I/O failures into its outcome
        }
    }

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

    static Path rejectedPath(Path configPath) {
        return configPath.resolveSibling(configPath.getFileName() + ".rejected");
    }

    /** Stops listening, lets connections finish for up to {@code drainSeconds}, then stops. A pending try stays journalled. */
    public void stop(int drainSeconds) {
        if (loop.post(new Command.Stop(drainSeconds, new CompletableFuture<>()))) {
            loop.join();
        }
    }

    @Override
    public void close() {
        stop(0);
    }
}
