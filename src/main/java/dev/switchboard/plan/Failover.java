package dev.switchboard.plan;

import dev.switchboard.config.Config;
import dev.switchboard.config.Family;
import dev.switchboard.config.InterfaceSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The metric each interface's default route should have while some gateways are dead. Pure.
 *
 * <p>A dead gateway's route is moved, never deleted: deleting it would also cut the probes that
 * tell when the gateway is back (they are pinned to the interface and need its route), and
 * binds pinned to that interface would lose their only way out. Moved above every metric of
 * switchboard's in its family, it loses to each live gateway but still wins over nothing else
 * it should not. Dead routes keep their configured order among themselves, and each gets a
 * metric of its own (the kernel keys a default route by family and metric). Everything that
 * is not dead (alive, unchecked, not judged yet) keeps its configured metric.
 */
public final class Failover {
    private static final long MAX_METRIC = 0xFFFF_FFFFL;

    private Failover() {}

    /**
     * A plan's steps as the console's plan screen and {@code plan} show them while the gateways of
     * {@code dead} interfaces are failed over: a step that moves such a gateway's default route says
     * it is the failover's, and if one does, the plan's notes on the failover come first (the
     * route stands at another metric than the config's on purpose).
     */
    public static List<String> lines(Plan plan, Set<String> dead) {
        List<String> steps = new ArrayList<>();
        boolean failover = false;
        for (Change c : plan.changes()) {
            Optional<String> moved = defaultRouteOf(c).filter(dead::contains);
            steps.add(c + moved.map(d -> "  (failover: " + d + "'s gateway is dead)").orElse(""));
            failover |= moved.isPresent();
        }
        if (!failover) {
            return steps;
        }
        List<String> out = new ArrayList<>();
        plan.notes().stream().filter(n -> dead.stream().anyMatch(d -> n.startsWith(d + "'s gateway "))).map(n -> "failover: " + n)
                .forEach(out::add);
        out.addAll(steps);
        return out;
    }

    /** The interface whose default route (of any table) the step adds, removes or replaces. */
    private static Optional<String> defaultRouteOf(Change c) {
        if (c instanceof Change.AddRoute a) {
            return Optional.of(a.route().device());
        }
        if (c instanceof Change.DeleteRoute d) {
            return Optional.of(d.route().device());
        }
        if (c instanceof Change.ReplaceRoute r) {
            return Optional.of(r.route().device());
        }
        TableRoute t = c instanceof Change.AddTableRoute a ? a.route() : c instanceof Change.DeleteTableRoute d ? d.route()
                : c instanceof Change.ReplaceTableRoute r ? r.route() : null;
        return t != null && t.isDefault() ? Optional.of(t.device()) : Optional.empty();
    }

    /** Interface → metric, for every interface with a gateway and a metric. */
    public static Map<String, Long> metrics(Config config, Set<String> dead) {
        return metrics(config, dead, Map.of());
    }

    /**
     * As {@link #metrics(Config, Set)}, stepping over {@code taken}: metrics that routes switchboard
     * does not own hold now (a dead route moved onto one would collide with it).
     */
    public static Map<String, Long> metrics(Config config, Set<String> dead, Map<Family, Set<Long>> taken) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (InterfaceSpec spec : config.interfaces().values()) {
            if (spec.gateway().isPresent() && spec.metric().isPresent()) {
                out.put(spec.name(), spec.metric().getAsLong());
            }
        }
        for (Family family : Family.values()) {
            List<InterfaceSpec> routed = config.interfaces().values().stream()
                    .filter(s -> s.gateway().isPresent() && s.metric().isPresent() && s.gatewayFamily().get() == family)
                    .toList();
            Set<Long> used = new HashSet<>(taken.getOrDefault(family, Set.of()));
            routed.forEach(s -> used.add(s.metric().getAsLong()));
            long top = routed.stream().mapToLong(s -> s.metric().getAsLong()).max().orElse(0);
            long next = top + 1;
            List<InterfaceSpec> moving = routed.stream().filter(s -> dead.contains(s.name()))
                    .sorted(Comparator.comparingLong(s -> s.metric().getAsLong())).toList();
            for (InterfaceSpec s : moving) {
                while (next <= MAX_METRIC && used.contains(next)) {
                    next++;
                }
                if (next > MAX_METRIC) {
                    break; // no metric above the others is left: the rest stay where they are (Planner notes it)
                }
                out.put(s.name(), next);
                used.add(next);
                next++;
            }
        }
        return out;
    }
}
