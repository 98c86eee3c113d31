package dev.switchboard.plan;

import dev.switchboard.config.Config;
import dev.switchboard.config.Family;
import dev.switchboard.config.InterfaceSpec;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
