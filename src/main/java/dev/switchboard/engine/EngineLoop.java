package dev.switchboard.engine;

import dev.switchboard.config.Config;
import dev.switchboard.engine.Engine.Outcome;
import dev.switchboard.net.Kernel;
import dev.switchboard.net.Monitor;
import dev.switchboard.proxy.Proxy;
import dev.switchboard.proxy.Stats;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The engine's one thread: it owns the kernel socket, the proxy's changes and the config in
 * force, takes {@link Command}s one at a time in the order they came, and after each publishes
 * an {@link EngineState} that readers take without a lock. A long change (the kernel's
 * transaction) runs here, so nothing else can interleave with it; readers never wait for it,
 * since they read the state published before it began (which says who is changing things).
 */
final class EngineLoop {
    private final BlockingQueue<Command> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final ScheduledExecutorService ticker;
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    private boolean closed; // guarded by queue: no command is taken once the loop ended

    // the loop thread's alone
    private final ConfigChanges changes;
    private final Kernel kernel;
    private final Proxy proxy;
    private final Audit audit;
    private final Events events;
    private final TryClock clock;
    private final Consumer<String> log;
    private final String configFile;
    private final Optional<EngineLock.Holder> holder;
    private final EngineLock lock;
    private final Health health = new Health();
    private final ProxyOps proxyOps;
    private final GatewayWatch gatewayWatch;
    private Monitor monitor;
    private final KernelReading reading = new KernelReading();
    private String activity; // who is changing things, while a change runs
    private boolean kernelTouched; // the gateway watch changed the kernel during this command

    // published
    private volatile EngineState state;
    private volatile Config running;
    private volatile String confirmedText;

    EngineLoop(Started s, Path stateDir, TryClock clock, Consumer<String> log, Optional<EngineLock.Holder> holder, EngineLock lock) {
        this.kernel = s.kernel();
        this.proxy = s.proxy();
        this.audit = new Audit(stateDir);
        this.events = new Events();
        this.clock = clock;
        this.log = log;
        this.configFile = s.configPath().toString();
        this.holder = holder;
        this.lock = lock;
        // a long apply's steps are told as they are made, with the state as it is then; what the
        // change came to (a try started, rolled back...) is told once its audit line is written,
        // so whoever sees the event finds the line (handle() publishes after each command)
        this.changes = new ConfigChanges(s.configPath(), stateDir, s.participants(), clock, log, e -> {
            events.publish(e, clock.now());
            if (e instanceof EngineEvent.StepApplied) {
                publish();
            }
        }, id -> post(new Command.Expire(id)), s.config(), s.text());
        this.proxyOps = new ProxyOps(proxy, audit, e -> events.publish(e, clock.now()));
        this.gatewayWatch = new GatewayWatch(s.converger(), s.participants().get(0), changes::running, audit, e -> {
            events.publish(e, clock.now());
            kernelTouched = true; // a failover or a put-back: told with the kernel as it left it (handle reads it again)
        }, log, clock::now);
        reading.take(s.netState(), System.nanoTime());
        publish();
        this.thread = new Thread(this::run, "switchboard-engine");
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-engine-tick");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the kernel's watcher, the loop and the once-a-second reading of the counters, on the
     * caller's thread: a thread starts in its maker's network namespace, where the proxy's new
     * binds must open.
     */
    void start() throws SysException {
        monitor = Monitor.start((netState, happened) -> post(new Command.KernelChanged(netState, happened, System.nanoTime())));
        gatewayWatch.start(change -> post(new Command.HealthChanged(change))); // after the first apply, in the engine's namespace
        thread.start();
        ticker.scheduleAtFixedRate(() -> {
            if (tickQueued.compareAndSet(false, true)) { // ticks do not pile up behind a long change
                post(new Command.Tick());
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    EngineState state() {
        return state;
    }

    Config running() {
        return running;
    }

    dev.switchboard.proxy.Proxy proxy() {
        return proxy;
    }

    String confirmedText() {
        return confirmedText;
    }

    Events events() {
        return events;
    }

    Audit audit() {
        return audit;
    }

    /** Queues {@code c}; false if the loop has ended. Never blocks. */
    boolean post(Command c) {
        synchronized (queue) {
            if (closed) {
                return false;
            }
            queue.add(c);
            return true;
        }
    }

    /** Asks the loop and waits for its answer; {@code ifEnded} if the loop has ended. */
    <R> R ask(Function<CompletableFuture<R>, Command> make, R ifEnded) throws IOException {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("the engine's loop cannot wait for itself");
        }
        CompletableFuture<R> reply = new CompletableFuture<>();
        if (!post(make.apply(reply))) {
            return ifEnded;
        }
        try {
            return reply.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Waits for the loop to end (after a {@link Command.Stop}). */
    void join() {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("the engine's loop cannot wait for itself");
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (true) {
                Command c = queue.take();
                if (c instanceof Command.Stop stop) {
                    shutDown(stop.drainSeconds());
                    stop.reply().complete(null);
                    return;
                }
                handle(c);
            }
        } catch (InterruptedException e) {
            // abandoned: the start that made this loop failed, and undoes what it did itself
        } finally {
            ArrayDeque<Command> left = new ArrayDeque<>();
            synchronized (queue) {
                closed = true;
                queue.drainTo(left);
            }
            left.forEach(c -> {
                if (c instanceof Command.Asking<?> a) {
                    a.reply().completeExceptionally(new IllegalStateException("the engine has stopped"));
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private void handle(Command c) {
        Object result = null;
        Throwable failure = null;
        try {
            result = answer(c);
        } catch (IOException | RuntimeException e) {
            failure = e;
            if (!(c instanceof Command.Asking<?>) && !(c instanceof Command.Tick)) {
                log.accept("engine: " + c.getClass().getSimpleName() + ": " + e);
            }
        } finally {
            try {
                if (c instanceof Command.Change || kernelTouched) { // the kernel as it left it: the monitor's reading is queued behind
                    kernelTouched = false;
                    reading.readNow(kernel);
                }
            } catch (IOException | RuntimeException e) {
                log.accept("engine: cannot read the kernel after a change: " + e); // the monitor's reading follows
            }
            try {
                publish(); // before the answer: whoever asked reads what it did
            } catch (RuntimeException e) {
                log.accept("engine: cannot publish its state: " + e);
            }
        }
        if (c instanceof Command.Asking<?> a) {
            if (failure != null) {
                a.reply().completeExceptionally(failure);
            } else {
                ((CompletableFuture<Object>) a.reply()).complete(result);
            }
        }
    }

    /** What {@code c} answers (null for a command that does not). */
    private Object answer(Command c) throws IOException {
        if (c instanceof Command.Change change) {
            return change(change);
        } else if (c instanceof Command.Plan p) {
            return changes.plan(p.text());
        } else if (c instanceof Command.SetServer s) {
            return proxyOps.setServer(s);
        } else if (c instanceof Command.SetServerState s) {
            return proxyOps.setState(s);
        } else if (c instanceof Command.SetWeight w) {
            return proxyOps.setWeight(w);
        } else if (c instanceof Command.Drain d) {
            return proxyOps.drain(d);
        } else if (c instanceof Command.Undrain u) {
            return proxyOps.undrain(u);
        } else if (c instanceof Command.Refusal r) {
            events.publish(new EngineEvent.Refused(r.who(), r.what(), r.why()), clock.now());
        } else if (c instanceof Command.KernelChanged k) {
            if (k.state() != null) {
                reading.take(k.state(), k.queued());
            }
            Config config = changes.running();
            k.happened().stream().map(KernelEvents::of).filter(e -> KernelEvents.news(e, config)).forEach(e -> events.publish(e, clock.now()));
            gatewayWatch.kernelChanged(k.happened());
        } else if (c instanceof Command.HealthChanged h) {
            gatewayWatch.healthChanged(h.change());
        } else if (c instanceof Command.Tick) {
            tickQueued.set(false);
            reading.readNow(kernel);
            gatewayWatch.tick();
        }
        return null;
    }

    /** A change of config, with who is changing things said while it runs, and its line in the audit log. */
    private Object change(Command.Change c) {
        activity = c.who() + " (" + c.what() + ", since " + Engine.HH_MM_SS.format(LocalTime.now()) + ")";
        publish();
        try {
            if (c instanceof Command.Expire e) {
                Optional<Outcome> o = changes.expire(e.id());
                o.ifPresent(x -> audit.record("engine", "rollback", x.ok() ? "done" : "FAILED", x.lines()));
                return null;
            }
            if (c instanceof Command.EndTry e) {
                Optional<Outcome> o = changes.endTry(e.who());
                if (o.isEmpty() && e.leaving()) {
                    return o; // a console leaving with no try: nothing to say
                }
                audited(c, o.orElse(Engine.NO_TRY));
                return o;
            }
            Outcome o = c instanceof Command.Apply a ? changes.apply(a.text(), a.who(), a.allowEmpty())
                    : c instanceof Command.Try t ? changes.tryApply(t.text(), t.seconds(), t.who(), t.allowEmpty())
                    : c instanceof Command.Confirm x ? changes.confirm(x.who())
                    : changes.rollbackTo(((Command.RollbackTo) c).back(), ((Command.RollbackTo) c).seconds(), c.who());
            audited(c, o);
            if (c instanceof Command.Apply && o.ok()) {
                events.publish(new EngineEvent.ApplyDone(c.who(), c.what()), clock.now());
            }
            return o;
        } catch (IOException e) {
            if (c instanceof Command.Expire) {
                log.accept("ROLLBACK FAILED: " + e.getMessage());
                return null;
            }
            audit.record(c.who(), c.what(), "failed", List.of(String.valueOf(e.getMessage())));
            events.publish(new EngineEvent.ApplyFailed(c.who(), c.what(), String.valueOf(e.getMessage())), clock.now());
            Outcome o = Outcome.failed(c.what() + " failed: " + e.getMessage());
            return c instanceof Command.EndTry ? Optional.of(o) : o;
        } finally {
            activity = null;
            gatewayWatch.reconfigure(); // the checks follow the config in force, whatever became of the change
        }
    }

    private void audited(Command.Change c, Outcome o) {
        audit.record(c.who(), c.what(), o.ok() ? "done" : "refused", o.lines());
        if (!o.ok()) {
            events.publish(new EngineEvent.ApplyFailed(c.who(), c.what(), o.lines().isEmpty() ? "failed" : o.lines().get(0)), clock.now());
        }
    }

    /**
     * The state now, for readers; then the events told since the last, to subscribers (who read
     * a state that holds what they hear of). The servers' and binds' health changes are told first.
     */
    private void publish() {
        Stats.Snapshot stats = proxy.stats();
        health.changes(stats).forEach(e -> events.publish(e, clock.now()));
        List<EngineState.Logged> fresh = events.commit();
        Config config = changes.running();
        running = config;
        confirmedText = changes.confirmedText();
        List<GatewayRow> gateways = Gateways.withHealth(reading.gateways(), gatewayWatch.statuses());
        state = new EngineState(config.summary(), configFile, clock.now(), gateways, reading.linksNanos(), reading.links(), stats,
                ReplyRoute.failedOver(ReplyRoute.of(config, reading.net()), Gateways.dead(gateways)), changes.pending(),
                Optional.ofNullable(activity), holder, events.recent(), gatewayWatch.keptConverged());
        events.deliver(fresh); // after the state that holds them
    }

    /** The last act of the loop: a pending try stays journalled, for the next start to roll back. */
    private void shutDown(int drainSeconds) {
        ticker.shutdownNow();
        changes.stopCountdown();
        gatewayWatch.close();
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
        events.closeAll();
    }

    /** Ends a loop whose engine never started (its start failed after the loop was made): nothing is closed here. */
    void abandon() {
        ticker.shutdownNow();
        gatewayWatch.close();
        if (monitor != null) {
            monitor.close();
        }
        thread.interrupt();
        join();
    }
}
