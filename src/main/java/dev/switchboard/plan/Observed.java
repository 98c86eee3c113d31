package dev.switchboard.plan;

import dev.switchboard.config.Cidr;
import dev.switchboard.config.Family;
import dev.switchboard.config.VlanSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the planner needs to know of the kernel: links by name, their addresses, the main
 * table's default routes, each marked as switchboard's own or external, and switchboard's own
 * routes in other tables and rules (external ones are never touched, so never needed). A projection of a
 * netlink dump, so that the planner stays pure and can be tested from small fixtures.
 */
public record Observed(Map<String, ObservedLink> links, List<ObservedRoute> defaultRoutes, List<TableRoute> tableRoutes,
        List<PolicyRule> rules) {

    public Observed {
        links = Collections.unmodifiableMap(new LinkedHashMap<>(links));
        defaultRoutes = List.copyOf(defaultRoutes);
        tableRoutes = List.copyOf(tableRoutes);
        rules = List.copyOf(rules);
    }

    /** Without policy routing: no table routes or rules of switchboard's. */
    public Observed(Map<String, ObservedLink> links, List<ObservedRoute> defaultRoutes) {
        this(links, defaultRoutes, List.of(), List.of());
    }

    /** Whether both hold the same links, addresses and routes, in whatever order the dumps listed them. */
    public boolean sameAs(Observed other) {
        return normal().equals(other.normal());
    }

    /** What differs from {@code now}, in a few words, for messages. */
    public String difference(Observed now) {
        Map<String, Object> a = normal();
        Map<String, Object> b = now.normal();
        Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> changed = keys.stream().filter(k -> !Objects.equals(a.get(k), b.get(k))).toList();
        return changed.isEmpty() ? "nothing changed" : String.join(", ", changed) + " changed";
    }

    private Map<String, Object> normal() {
        Map<String, Object> out = new TreeMap<>();
        links.values().forEach(l -> out.put("link " + l.name(), List.of(l.vlan(), l.mtu(), l.up(), Set.copyOf(l.addresses()))));
        out.put("default routes", Set.copyOf(defaultRoutes));
        out.put("table routes", Set.copyOf(tableRoutes));
        out.put("rules", Set.copyOf(rules));
        return out;
    }

    /** A link as it is: its VLAN identity if it is one, MTU, administrative state, addresses. */
    public record ObservedLink(String name, Optional<VlanSpec> vlan, int mtu, boolean up, List<Cidr> addresses) {
        public ObservedLink {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * A default route in the main table. Switchboard's own carry a {@link DefaultRoute}; external
     * ones only need to be recognised and described, so they keep the text `ip route` would show.
     */
    public record ObservedRoute(Family family, long metric, Optional<DefaultRoute> owned, String description) {
        public static ObservedRoute owned(DefaultRoute route) {
            return new ObservedRoute(route.family(), route.metric(), Optional.of(route), route.toString());
        }

        public static ObservedRoute external(Family family, long metric, String description) {
            return new ObservedRoute(family, metric, Optional.empty(), description);
        }

        public boolean isOwned() {
            return owned.isPresent();
        }
    }
}
