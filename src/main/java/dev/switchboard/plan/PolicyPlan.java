package dev.switchboard.plan;

import dev.switchboard.config.Cidr;
import dev.switchboard.config.Config;
import dev.switchboard.config.InterfaceSpec;
import dev.switchboard.config.LinkState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Policy routing's part of a plan: for each interface with a {@code table}, its connected routes
 * and its default route in that table, and one rule {@code from ADDRESS lookup TABLE} per
 * address. Only switchboard's own (protocol 83) are ever changed; other rules and tables are
 * never seen here. Pure.
 *
 * <p>Make before break: a table's routes go in before the rule that sends traffic to it
 * ({@link #tableMakes}, then {@link #ruleAdds}); a rule goes ({@link #ruleDeletes}) before its
 * table is emptied ({@link #tableBreaks}). A down interface gets neither: the kernel flushes its
 * routes, and a rule to an empty table would only be passed over. A dead gateway's default route
 * moves in its own table as in the main one (the new metric's route added, then the old removed),
 * so that every table says the same of it.
 */
final class PolicyPlan {
    final List<Change> tableMakes = new ArrayList<>();
    final List<Change> ruleAdds = new ArrayList<>();
    final List<Change> ruleDeletes = new ArrayList<>();
    final List<Change> tableBreaks = new ArrayList<>();

    /** {@code moved}: the metric of each dead gateway's failed-over default route, by interface; its table's stands there too. */
    static PolicyPlan of(Observed observed, Config config, Map<String, Long> moved) {
        PolicyPlan p = new PolicyPlan();
        Set<TableRoute> routes = new LinkedHashSet<>();
        Set<TableRoute> defaults = new LinkedHashSet<>();
        Set<PolicyRule> rules = new LinkedHashSet<>();
        long priority = config.appliance().rulePriority();
        for (InterfaceSpec spec : config.interfaces().values()) {
            if (spec.table().isEmpty() || spec.gateway().isEmpty() || spec.state() != LinkState.UP
                    || (!observed.links().containsKey(spec.name()) && spec.vlan().isEmpty())) {
                continue;
            }
            int table = spec.table().getAsInt();
            for (Cidr address : spec.addresses()) {
                routes.add(TableRoute.connected(table, address, spec.name()));
                rules.add(new PolicyRule(address.address(), table, priority));
            }
            TableRoute route = TableRoute.defaultVia(table, spec.gateway().get(), spec.name());
            defaults.add(moved.containsKey(spec.name()) ? route.withMetric(moved.get(spec.name())) : route);
        }
        routes.addAll(defaults); // connected first: the gateway is reached through them
        List<TableRoute> have = observed.tableRoutes();
        for (TableRoute want : routes) {
            if (have.contains(want)) {
                continue;
            }
            Optional<TableRoute> slot = have.stream().filter(h -> sameSlot(h, want)).findFirst();
            p.tableMakes.add(slot.isPresent() ? new Change.ReplaceTableRoute(want, slot.get()) : new Change.AddTableRoute(want));
        }
        for (PolicyRule want : rules) {
            if (!observed.rules().contains(want)) {
                p.ruleAdds.add(new Change.AddRule(want));
            }
        }
        for (PolicyRule rule : observed.rules()) {
            if (!rules.contains(rule)) {
                p.ruleDeletes.add(new Change.DeleteRule(rule));
            }
        }
        // defaults before connected routes, the reverse of making them
        List<TableRoute> stale = have.stream().filter(h -> routes.stream().noneMatch(w -> sameSlot(h, w)))
                .sorted((a, b) -> Boolean.compare(!a.isDefault(), !b.isDefault())).toList();
        stale.forEach(r -> p.tableBreaks.add(new Change.DeleteTableRoute(r)));
        return p;
    }

    /** The kernel keys a route by table, destination and metric: a second one there is EEXIST. */
    private static boolean sameSlot(TableRoute a, TableRoute b) {
        return a.table() == b.table() && a.dst().equals(b.dst()) && a.metric() == b.metric();
    }
}
