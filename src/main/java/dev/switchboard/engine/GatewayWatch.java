package dev.switchboard.engine;

import dev.switchboard.config.Config;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.config.InterfaceSpec;
import dev.switchboard.health.GatewayStatus;
import dev.switchboard.health.HealthChange;
import dev.switchboard.health.HealthMonitor;
import dev.switchboard.health.HealthState;
import dev.switchboard.plan.Change;
import dev.switchboard.plan.Failover;
import dev.switchboard.plan.PlanResult;
import dev.switchboard.plan.TableRoute;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The kernel kept where the config and the gateways' health say, between changes of config: a
 * gateway judged dead has its default route moved behind the live ones and back when it lives
 * again (failover, failback), and what switchboard manages that another process or a link flap
 * removes is put back. Each is the kernel's part of the normal transaction on the config in force
 * (a pending try's, during a try), with the dead gateways planned in: never a change of config,
 * never a try, never drift; logged, audited and told as events. Used by the engine's loop alone.
 */
final class GatewayWatch {
    /** More put-backs of one thing within {@link #WINDOW} than this, and another daemon is fighting us: we stop. */
    static final int MAX_PUT_BACKS = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final Converger converger;
    private final Participant kernel;
    private final Supplier<Config> running;
    private final Audit audit;
    private final Consumer<EngineEvent> events;
    private final Consumer<String> log;
    private final Supplier<Instant> now;
    private final Map<String, Deque<Instant>> putBacks = new HashMap<>();
    private final Set<String> given = new java.util.TreeSet<>(); // put back too often: left alone until the next change of config
    private HealthMonitor monitor;
    private long putBackCount;
    private long failedCount;
    private boolean retry; // a put-back failed: tried again each second, said once
    private String failure = ""; // why the last converge was not made
    private final Set<String> told = new HashSet<>(); // dead as their changes were told: a failover follows the news of its cause

    GatewayWatch(Converger converger, Participant kernel, Supplier<Config> running, Audit audit, Consumer<EngineEvent> events,
            Consumer<String> log, Supplier<Instant> now) {
        this.converger = converger;
        this.kernel = kernel;
        this.running = running;
        this.audit = audit;
        this.events = events;
        this.log = log;
        this.now = now;
    }

    /** Starts judging the gateways, on a thread of the engine's network namespace; each change goes to {@code changed}. */
    void start(Consumer<HealthChange> changed) {
        try {
            monitor = HealthMonitor.start(running.get(), changed);
        } catch (SysException e) {
            log.accept("GATEWAY HEALTH NOT CHECKED: " + e.getMessage());
        }
    }

    /** The config in force changed (apply, try, confirm, rollback): the checks follow it, and what was given up is tried again. */
    void reconfigure() {
        given.clear();
        retry = false;
        putBacks.clear();
        if (monitor != null) {
            try {
                monitor.reconfigure(running.get());
                told.retainAll(monitor.dead()); // a check removed or restarted judges nothing dead: the next tick follows
            } catch (SysException e) {
                log.accept("gateway health: cannot follow the new config: " + e.getMessage());
            }
        }
    }

    /** What putting things back has done so far, for the state shown. */
    KeptConverged keptConverged() {
        return new KeptConverged(putBackCount, failedCount, List.copyOf(given));
    }

    Map<String, GatewayStatus> statuses() {
        return monitor == null ? Map.of() : monitor.statuses();
    }

    /** A gateway's judgement changed: told, then the routes follow the dead set as told so far. */
    void healthChanged(HealthChange c) throws IOException {
        String gateway = running.get().interfaces().values().stream().filter(i -> i.name().equals(c.iface()))
                .flatMap(i -> i.gateway().stream()).map(IpLiteral::format).findFirst().orElse("-");
        EngineEvent e = new EngineEvent.GatewayHealthChanged(c.iface(), gateway, c.to().word(), c.from().word(), c.status().detail());
        log.accept(e.text());
        events.accept(e);
        if (c.to() == HealthState.DEAD) {
            told.add(c.iface());
        } else {
            told.remove(c.iface());
        }
        follow();
    }

    /**
     * Once a second: a failover or a put-back that could not be made (the apply lock was held) is
     * tried again. The routes follow the judgements as they are told (a change whose command is
     * still queued is followed when it comes), so that a failover never comes before its cause.
     */
    void tick() throws IOException {
        if (monitor != null && !told.equals(converger.dead())) {
            follow();
        } else if (retry) {
            putBack(List.of());
        }
    }

    /** Moves the routes of the gateways dead now behind the live ones, and back those alive again. */
    private void follow() throws IOException {
        if (monitor == null) {
            return;
        }
        Set<String> was = converger.dead();
        Set<String> dead = Set.copyOf(told);
        if (dead.equals(was)) {
            return;
        }
        Config config = running.get();
        converger.dead(dead);
        List<String> back = putBacks(config); // a route removed meanwhile comes back with the move: counted as put back
        List<String> lines = back == null ? null : converge(config, dead.stream().anyMatch(d -> !was.contains(d)) ? "failover" : "failback", true);
        if (lines == null) {
            converger.dead(was); // not made: the next tick tries again
            return;
        }
        putBackCount += back.size();
        saidPutBack(back, List.of());
        Map<String, Long> before = Failover.metrics(config, was);
        Map<String, Long> after = Failover.metrics(config, dead);
        for (InterfaceSpec i : config.interfaces().values()) {
            Long metric = after.get(i.name());
            if (metric == null || metric.equals(before.get(i.name()))) {
                continue;
            }
            EngineEvent.GatewayFailover e = new EngineEvent.GatewayFailover(i.name(), !dead.contains(i.name()), dead.contains(i.name()) ? winner(config, i, dead, after) : "",
                    metric);
            log.accept(e.text());
            audit.record("health", e.failback() ? "failback " + i.name() : "failover " + i.name(), "done", lines);
            events.accept(e);
        }
    }

    /** The live gateway of {@code dead}'s family that wins now, by its interface's name; empty if none lives. */
    private static String winner(Config config, InterfaceSpec dead, Set<String> deadSet, Map<String, Long> metrics) {
        return config.interfaces().values().stream()
                .filter(i -> !deadSet.contains(i.name()) && metrics.containsKey(i.name()) && i.gatewayFamily().equals(dead.gatewayFamily()))
                .min((a, b) -> Long.compare(metrics.get(a.name()), metrics.get(b.name()))).map(InterfaceSpec::name).orElse("");
    }

    /**
     * The kernel changed: if something it removed is managed (a route or an address gone, a link
     * that flapped), the config in force is applied again, unless the same thing was put back
     * {@link #MAX_PUT_BACKS} times within a minute already.
     */
    void kernelChanged(List<String> happened) throws IOException {
        if (happened.stream().noneMatch(l -> l.startsWith("- route") || l.startsWith("- address") || l.startsWith("- rule")
                || l.startsWith("link "))) {
            return;
        }
        putBack(happened);
    }

    /** Applies the config in force again if that puts something back; a failure is counted, said once, and tried again each second. */
    private void putBack(List<String> happened) throws IOException {
        Config config = running.get();
        List<String> what = putBacks(config);
        if (what == null || what.isEmpty() && !planned) {
            retry = false;
            return;
        }
        if (converge(config, "put back", !retry) != null) {
            retry = false;
            putBackCount += what.size();
            saidPutBack(what, happened);
            audit.record("engine", "put back", "done", what);
            return;
        }
        failedCount++;
        if (!retry) { // the first failure of a run is told; the retries are only counted
            events.accept(new EngineEvent.PutBackFailed(what.isEmpty() ? "what was removed" : String.join(", ", what), failure));
        }
        retry = true;
    }

    private boolean planned; // the last putBacks found something to change

    /**
     * What applying the config in force now would put back (an address, a rule, or a route added
     * that is not a move of one), by name; null if one of them was put back {@link #MAX_PUT_BACKS}
     * times within a minute already (said once, loudly) or the kernel cannot be read.
     */
    private List<String> putBacks(Config config) {
        PlanResult r;
        try {
            r = converger.plan(config);
        } catch (IOException e) {
            return null; // the next event or tick plans again
        }
        planned = r instanceof PlanResult.Planned p && !p.plan().isEmpty();
        if (!planned) {
            return List.of();
        }
        List<Change> changes = ((PlanResult.Planned) r).plan().changes();
        Set<String> moved = new HashSet<>(); // a route deleted by the plan itself is a move (failover, failback), not a put-back
        changes.stream().filter(c -> c instanceof Change.DeleteRoute).forEach(c -> moved.add(((Change.DeleteRoute) c).route().device()));
        changes.stream().filter(c -> c instanceof Change.DeleteTableRoute).map(c -> ((Change.DeleteTableRoute) c).route())
                .forEach(d -> moved.add(d.table() + " " + d.dst()));
        List<String> what = new ArrayList<>();
        Instant t = now.get();
        for (Change c : changes) {
            boolean putBack = c instanceof Change.AddAddress || c instanceof Change.AddRule
                    || c instanceof Change.AddRoute a && !moved.contains(a.route().device())
                    || c instanceof Change.AddTableRoute a && !moved.contains(a.route().table() + " " + a.route().dst());
            if (!putBack) {
                continue;
            }
            String name = name(c);
            if (given.contains(name)) {
                return null; // said once already, loudly
            }
            Deque<Instant> times = putBacks.computeIfAbsent(name, k -> new ArrayDeque<>());
            while (!times.isEmpty() && times.peekFirst().isBefore(t.minus(WINDOW))) {
                times.removeFirst();
            }
            if (times.size() >= MAX_PUT_BACKS) {
                given.add(name);
                EngineEvent e = new EngineEvent.PutBackStopped(name, times.size());
                log.accept(e.text());
                audit.record("engine", "put back " + name, "STOPPED", List.of(e.text()));
                events.accept(e);
                return null;
            }
            what.add(name);
        }
        return what;
    }

    /** Counted against the limit, logged and told. */
    private void saidPutBack(List<String> what, List<String> happened) {
        Instant t = now.get();
        for (String name : what) {
            putBacks.get(name).addLast(t);
            String device = name.replaceAll("'s .*", "");
            boolean flapped = happened.stream().anyMatch(l -> l.startsWith("link " + device + " "));
            EngineEvent e = new EngineEvent.PutBack(name, flapped ? "a link flap" : "another process");
            log.accept(e.text());
            events.accept(e);
        }
    }

    /**
     * A step in a person's words: "eth0's default route", "eth0's address 10.0.0.10/24", "eth2's
     * default route in table 102", "table 102's rule from 10.2.0.10".
     */
    static String name(Change c) {
        if (c instanceof Change.AddTableRoute a) {
            TableRoute r = a.route();
            return r.device() + "'s " + (r.isDefault() ? "default route" : "route " + r.dst()) + " in table " + r.table();
        }
        if (c instanceof Change.AddRule a) {
            return "table " + a.rule().table() + "'s rule from " + IpLiteral.format(a.rule().from());
        }
        if (c instanceof Change.AddRoute a) {
            return a.route().device() + "'s default route";
        }
        if (c instanceof Change.ReplaceRoute a) {
            return a.route().device() + "'s default route";
        }
        if (c instanceof Change.AddAddress a) {
            return a.link() + "'s address " + a.address();
        }
        return c.toString();
    }

    /** The kernel's part of the transaction on {@code config}; its steps, or null (said why, if {@code say}) if it was not made. */
    private List<String> converge(Config config, String what, boolean say) throws IOException {
        ConfigTransaction.Outcome t = ConfigTransaction.run(List.of(kernel), config, config, what, (name, done) ->
                done.changes().forEach(l -> {
                    log.accept(what + ": " + l);
                    events.accept(new EngineEvent.StepApplied(l));
                }));
        if (t instanceof ConfigTransaction.Aborted aborted) {
            failure = String.join("; ", aborted.lines(""));
            if (say) {
                List<String> lines = aborted.lines("");
                log.accept(what + " FAILED: " + String.join("; ", lines) + (what.equals("put back") ? "; tried again each second" : ""));
                audit.record("engine", what, "FAILED", lines);
            }
            return null;
        }
        return ((ConfigTransaction.Committed) t).changes(kernel.name());
    }

    void close() {
        if (monitor != null) {
            monitor.close();
        }
    }
}
