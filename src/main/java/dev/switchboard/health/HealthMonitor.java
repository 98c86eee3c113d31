package dev.switchboard.health;

import dev.switchboard.config.CheckMethod;
import dev.switchboard.config.CheckSpec;
import dev.switchboard.config.Config;
import dev.switchboard.config.InterfaceSpec;
import dev.switchboard.net.Kernel;
import dev.switchboard.net.Link;
import dev.switchboard.sys.SysException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Judges every checked gateway of a config: a thread per checked interface runs a probe round
 * each {@code interval}, a link watch makes a gateway dead the moment its link loses carrier, and
 * every change of state goes to the listener, in order, on a thread of its own (a slow listener
 * delays no probe). A change is queued for the listener under the lock it was judged under: the
 * probes' threads and the link watch judge one gateway, and a change queued after a newer one
 * would leave the listener believing the older (a gateway without carrier taken for alive).
 * Nothing here resolves a name or changes a route: the engine reads {@link #dead()} and plans
 * with it.
 *
 * <p>Sockets and threads belong to the network namespace of the thread that creates them:
 * {@link #start} and {@link #reconfigure} must run on a thread of the namespace to watch.
 */
public final class HealthMonitor implements AutoCloseable {
    private final Consumer<HealthChange> listener;
    private final Clock clock;
    private final Kernel kernel;
    private final LinkWatch links;
    private final ExecutorService notifier;
    private final Instant started;
    private final Map<String, Watch> watches = new LinkedHashMap<>();
    private final Map<String, Boolean> carrier = new java.util.concurrent.ConcurrentHashMap<>();
    private Config config;
    private volatile boolean closed;

    /** One checked interface: its gateway's judgement, its probe and its thread. */
    private static final class Watch {
        final String name;
        final InetAddress gateway;
        final CheckSpec spec;
        final GatewayHealth health;
        final Probe probe;
        final ScheduledExecutorService thread;
        volatile boolean stopped;

        Watch(String name, InetAddress gateway, CheckSpec spec, GatewayHealth health, Probe probe, ScheduledExecutorService thread) {
            this.name = name;
            this.gateway = gateway;
            this.spec = spec;
            this.health = health;
            this.probe = probe;
            this.thread = thread;
        }
    }

    private HealthMonitor(Consumer<HealthChange> listener, Clock clock, Kernel kernel, ExecutorService notifier) throws SysException {
        this.listener = listener;
        this.clock = clock;
        this.kernel = kernel;
        this.started = clock.instant();
        this.notifier = notifier;
        this.links = LinkWatch.start(this::linkChanged);
    }

    /** Starts judging {@code config}'s checked gateways; {@code listener} hears each change of state. */
    public static HealthMonitor start(Config config, Consumer<HealthChange> listener) throws SysException {
        return start(config, listener, Clock.systemUTC());
    }

    public static HealthMonitor start(Config config, Consumer<HealthChange> listener, Clock clock) throws SysException {
        return start(config, listener, clock, Executors.newSingleThreadExecutor(r -> daemon(r, "health-events")));
    }

    /** As {@link #start(Config, Consumer, Clock)}, the listener called on {@code notifier}'s one thread (a test's, to see the order). */
    static HealthMonitor start(Config config, Consumer<HealthChange> listener, Clock clock, ExecutorService notifier) throws SysException {
        Kernel kernel = Kernel.open();
        HealthMonitor monitor;
        try {
            monitor = new HealthMonitor(listener, clock, kernel, notifier);
        } catch (SysException e) {
            notifier.shutdown();
            kernel.close();
            throw e;
        }
        try {
            monitor.reconfigure(config);
        } catch (SysException e) {
            monitor.close();
            throw e;
        }
        return monitor;
    }

    /**
     * Follows a new config: a gateway whose interface, address and check are unchanged keeps its
     * judgement (a dead gateway stays dead across an apply); the others start afresh, checking.
     */
    public void reconfigure(Config next) throws SysException {
        synchronized (this) {
            List<HealthChange> changes = new java.util.ArrayList<>();
            if (closed) {
                return;
            }
            // read under the lock: link events that arrive meanwhile wait for it and are applied after, newer
            Map<String, Boolean> now = new HashMap<>();
            for (Link l : kernel.dump().links()) {
                now.put(l.name(), l.up() && l.carrier());
            }
            config = next;
            carrier.putAll(now);
            carrier.keySet().retainAll(now.keySet());
            Map<String, Watch> keep = new HashMap<>();
            for (InterfaceSpec i : next.interfaces().values()) {
                Watch old = watches.get(i.name());
                if (old != null && i.check().equals(Optional.of(old.spec)) && i.gateway().equals(Optional.of(old.gateway))) {
                    keep.put(i.name(), old);
                }
            }
            Map<String, HealthState> ended = new HashMap<>();
            for (Watch w : watches.values()) {
                if (keep.get(w.name) != w) {
                    stop(w);
                    ended.put(w.name, w.health.state());
                }
            }
            watches.clear();
            Instant when = clock.instant();
            for (InterfaceSpec i : next.interfaces().values()) {
                if (keep.containsKey(i.name())) {
                    watches.put(i.name(), keep.get(i.name()));
                } else if (i.check().isPresent() && i.gateway().isPresent()) {
                    Watch w = watch(i);
                    watches.put(i.name(), w);
                }
            }
            // a judgement that ends is a change too: a gateway dead until now is no longer (its route may come back)
            ended.forEach((name, was) -> {
                Watch w = watches.get(name);
                GatewayStatus status = w != null ? w.health.status() : GatewayStatus.unchecked(when);
                if (was != status.state()) {
                    changes.add(new HealthChange(name, was, status.state(), when, status));
                }
            });
            for (Watch w : watches.values()) {
                w.health.carrier(w.name, now.getOrDefault(w.name, false), clock.instant()).ifPresent(changes::add);
            }
            changes.forEach(this::tell);
        }
    }

    private Watch watch(InterfaceSpec i) {
        CheckSpec spec = i.check().get();
        Probe probe = switch (spec.method()) {
            case ARP -> new ArpProbe(i.name(), kernel);
            case ICMP -> new IcmpProbe(i.name(), kernel);
            case TCP -> new TcpProbe(i.name(), kernel);
        };
        // created here, so its thread is born in this thread's network namespace
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "health-" + i.name()));
        Watch w = new Watch(i.name(), i.gateway().get(), spec, new GatewayHealth(spec, clock.instant()), probe, thread);
        thread.scheduleAtFixedRate(() -> round(w), 0, spec.interval().toNanos(), TimeUnit.NANOSECONDS);
        return w;
    }

    private void round(Watch w) {
        if (w.stopped || !carrier.getOrDefault(w.name, false)) {
            return; // without carrier the gateway is dead already; probes would only fail
        }
        List<ProbeResult> results;
        try {
            results = w.probe.round(w.spec.targets(), w.spec.timeout());
        } catch (RuntimeException e) {
            // a thrown round would cancel the schedule for good: it is a failed round instead
            results = Rounds.allFailed(w.spec.targets(), "probe failed: " + e);
        }
        synchronized (this) {
            if (!w.stopped) {
                w.health.round(w.name, results, clock.instant()).ifPresent(this::tell);
            }
        }
    }

    private synchronized void linkChanged(String name, boolean present) {
        if (closed) {
            return;
        }
        carrier.put(name, present);
        Watch w = watches.get(name);
        if (w != null) {
            w.health.carrier(name, present, clock.instant()).ifPresent(this::tell);
        }
    }

    /** Under the lock the change was judged under, so that the listener hears the changes in the order they were made. Never blocks. */
    private void tell(HealthChange change) {
        if (closed) {
            return;
        }
        notifier.execute(() -> {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                // the listener's own failure must not stop the news of the next change
            }
        });
    }

    /** Every interface with a gateway: its status now ({@code unchecked} without a check). */
    public synchronized Map<String, GatewayStatus> statuses() {
        Map<String, GatewayStatus> out = new LinkedHashMap<>();
        if (config == null) {
            return out;
        }
        for (InterfaceSpec i : config.interfaces().values()) {
            Watch w = watches.get(i.name());
            if (w != null) {
                out.put(i.name(), w.health.status());
            } else if (i.gateway().isPresent()) {
                out.put(i.name(), GatewayStatus.unchecked(started));
            }
        }
        return out;
    }

    /** The interfaces whose gateways are dead now: what {@code Planner.plan(…, dead)} moves behind the live ones. */
    public synchronized Set<String> dead() {
        Set<String> out = new TreeSet<>();
        watches.values().stream().filter(w -> w.health.state() == HealthState.DEAD).forEach(w -> out.add(w.name));
        return out;
    }

    /** Which method judges {@code iface}'s gateway, if any (for display). */
    public synchronized Optional<CheckMethod> method(String iface) {
        return Optional.ofNullable(watches.get(iface)).map(w -> w.spec.method());
    }

    private static void stop(Watch w) {
        w.stopped = true;
        w.thread.shutdownNow();
        w.probe.close();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            watches.values().forEach(HealthMonitor::stop);
        }
        for (Watch w : watches.values()) {
            try {
                w.thread.awaitTermination(5, TimeUnit.SECONDS); // a round ends within its timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        links.close();
        notifier.shutdown();
        kernel.close();
    }
}
