package dev.switchboard.plan;

import dev.switchboard.config.IpLiteral;
import dev.switchboard.config.Cidr;
import dev.switchboard.config.Config;
import dev.switchboard.config.Family;
import dev.switchboard.config.InterfaceSpec;
import dev.switchboard.config.LinkState;
import dev.switchboard.plan.Observed.ObservedLink;
import dev.switchboard.plan.Observed.ObservedRoute;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides the changes that take the kernel to the config. Pure: observed state, config and
 * ownership in; a plan or a refusal out.
 *
 * <p>The order makes before it breaks: links and addresses first, new default routes before the
 * old ones go, old addresses and links last. A route moving to a metric that another of our
 * routes still holds goes through a free temporary metric, so every interface keeps a default
 * route at every moment (the kernel keys a route by family and metric, so a swap cannot be done
 * by add-then-delete). Policy routing ({@link PolicyPlan}) fits between: an interface's table is
 * filled once its link and addresses are there, before its rules; rules go before their table is
 * emptied, and both before old addresses and links.
 */
public final class Planner {
    private final Observed observed;
    private final Config config;
    private final Ownership ownership;
    private final Set<String> dead;
    private final List<String> refusals = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Long> moved = new LinkedHashMap<>(); // dead gateways' routes, by interface: where they stand now

    private final List<Change> links = new ArrayList<>();
    private final List<Change> linkUps = new ArrayList<>();
    private final List<Change> addressAdds = new ArrayList<>();
    private final List<Change> routeMakes = new ArrayList<>();
    private final List<Change> routeBreaks = new ArrayList<>();
    private final List<Change> routeSettles = new ArrayList<>();
    private final List<Change> addressDeletes = new ArrayList<>();
    private final List<Change> linkDowns = new ArrayList<>();
    private final List<Change> linkDeletes = new ArrayList<>();

    private Planner(Observed observed, Config config, Ownership ownership, Set<String> dead) {
        this.observed = observed;
        this.config = config;
        this.ownership = ownership;
        this.dead = Set.copyOf(dead);
    }

    /** The plan with every gateway taken as alive: each default route at its configured metric. */
    public static PlanResult plan(Observed observed, Config config, Ownership ownership) {
        return plan(observed, config, ownership, Set.of());
    }

    /**
     * The plan while the gateways of the interfaces in {@code deadGateways} are dead: their
     * default routes stand behind the live ones ({@link Failover}). A kernel that matches this
     * plan is in sync, so a failover is never reported as drift from the config.
     */
    public static PlanResult plan(Observed observed, Config config, Ownership ownership, Set<String> deadGateways) {
        Planner p = new Planner(observed, config, ownership, deadGateways);
        for (InterfaceSpec spec : config.interfaces().values()) {
            p.planInterface(spec);
        }
        p.removeOwnedLinksNoLongerWanted();
        p.removeOwnedAddressesNoLongerWanted();
        p.planRoutes();
        if (!p.refusals.isEmpty()) {
            return new PlanResult.Refused(p.refusals);
        }
        PolicyPlan policy = PolicyPlan.of(observed, config, p.moved);
        List<Change> changes = new ArrayList<>();
        for (List<Change> phase : List.of(p.links, p.linkUps, p.addressAdds, p.routeMakes, policy.tableMakes, policy.ruleAdds,
                policy.ruleDeletes, policy.tableBreaks, p.routeBreaks, p.routeSettles, p.addressDeletes, p.linkDowns, p.linkDeletes)) {
            changes.addAll(phase);
        }
        return new PlanResult.Planned(new Plan(changes, p.notes));
    }

    private void planInterface(InterfaceSpec spec) {
        Optional<ObservedLink> link = Optional.ofNullable(observed.links().get(spec.name()));
        int mtu;
        boolean up;
        List<Cidr> addresses;
        if (spec.vlan().isPresent()) {
            var vlan = spec.vlan().get();
            if (link.isEmpty()) {
                ObservedLink parent = observed.links().get(vlan.parent());
                if (parent == null) {
                    refusals.add(spec.name() + ": VLAN parent " + vlan.parent() + " is not on this machine");
                    return;
                }
                links.add(new Change.CreateVlan(spec.name(), vlan.parent(), vlan.id()));
                mtu = parent.mtu(); // a new VLAN inherits its parent's MTU and starts down
                up = false;
                addresses = List.of();
            } else if (!link.get().vlan().equals(spec.vlan())) {
                refusals.add(spec.name() + ": exists but is not VLAN " + vlan.id() + " on " + vlan.parent()
                        + "; rename it or remove it first");
                return;
            } else {
                mtu = link.get().mtu();
                up = link.get().up();
                addresses = link.get().addresses();
            }
        } else if (link.isEmpty()) {
            refusals.add(spec.name() + ": no such interface on this machine (check the name, the cabling or the driver)");
            return;
        } else {
            mtu = link.get().mtu();
            up = link.get().up();
            addresses = link.get().addresses();
        }
        if (spec.mtu().isPresent() && spec.mtu().getAsInt() != mtu) {
            links.add(new Change.SetMtu(spec.name(), spec.mtu().getAsInt(), mtu));
        }
        boolean wantUp = spec.state() == LinkState.UP;
        if (wantUp && !up) {
            linkUps.add(new Change.SetState(spec.name(), LinkState.UP));
        } else if (!wantUp && up) {
            linkDowns.add(new Change.SetState(spec.name(), LinkState.DOWN));
        }
        for (Cidr address : spec.addresses()) {
            if (!addresses.contains(address)) {
                addressAdds.add(new Change.AddAddress(spec.name(), address));
            }
        }
    }

    private void removeOwnedLinksNoLongerWanted() {
        for (ObservedLink link : observed.links().values()) {
            if (ownership.ownsLink(link.name()) && !config.interfaces().containsKey(link.name()) && link.vlan().isPresent()) {
                if (link.up()) {
                    linkDowns.add(new Change.SetState(link.name(), LinkState.DOWN));
                }
                var vlan = link.vlan().get();
                linkDeletes.add(new Change.DeleteVlan(link.name(), vlan.parent(), vlan.id()));
            }
        }
    }

    private void removeOwnedAddressesNoLongerWanted() {
        for (ObservedLink link : observed.links().values()) {
            InterfaceSpec spec = config.interfaces().get(link.name());
            for (Cidr address : link.addresses()) {
                boolean wanted = spec != null && spec.addresses().contains(address);
                if (!wanted && ownership.owns(link.name(), address)) {
                    addressDeletes.add(new Change.DeleteAddress(link.name(), address));
                }
            }
        }
    }

    private void planRoutes() {
        Map<String, DefaultRoute> wanted = wantedRoutes();
        Set<String> taken = new HashSet<>(); // family/metric slots that observed routes hold now
        for (ObservedRoute r : observed.defaultRoutes()) {
            taken.add(slot(r.family(), r.metric()));
        }
        for (DefaultRoute want : wanted.values()) {
            observed.defaultRoutes().stream()
                    .filter(r -> !r.isOwned() && r.family() == want.family() && r.metric() == want.metric())
                    .findFirst()
                    .ifPresent(r -> refusals.add(want.device() + ": metric " + want.metric() + " (" + want.family()
                            + ") is taken by an external route, " + r.description()
                            + "; remove that route or give " + want.device() + " another metric"));
        }
        Set<String> tempSlots = new HashSet<>();
        List<DefaultRoute> owned = observed.defaultRoutes().stream().flatMap(r -> r.owned().stream()).toList();
        for (DefaultRoute want : wanted.values()) {
            Optional<DefaultRoute> same = owned.stream()
                    .filter(o -> o.device().equals(want.device()) && o.family() == want.family() && o.metric() == want.metric())
                    .findFirst();
            if (same.isPresent()) {
                if (!same.get().equals(want)) {
                    routeMakes.add(new Change.ReplaceRoute(want, same.get()));
                }
                continue;
            }
            Optional<DefaultRoute> holder = owned.stream()
                    .filter(o -> o.family() == want.family() && o.metric() == want.metric())
                    .findFirst();
            if (holder.isEmpty()) {
                routeMakes.add(new Change.AddRoute(want));
            } else {
                // Our route of another interface still holds the slot: stand in at a free metric.
                DefaultRoute temp = want.withMetric(freeMetric(want.family(), taken, tempSlots, wanted));
                routeMakes.add(new Change.AddRoute(temp));
                routeSettles.add(new Change.AddRoute(want));
                routeSettles.add(new Change.DeleteRoute(temp));
            }
        }
        for (DefaultRoute have : owned) {
            DefaultRoute want = wanted.get(have.device() + "/" + have.family());
            boolean kept = want != null && want.metric() == have.metric();
            if (!kept) {
                routeBreaks.add(new Change.DeleteRoute(have));
            }
        }
    }

    /** Interface/family → the default route the config wants; a down interface gets none. */
    private Map<String, DefaultRoute> wantedRoutes() {
        Map<Family, Set<Long>> external = new java.util.EnumMap<>(Family.class);
        observed.defaultRoutes().stream().filter(r -> !r.isOwned())
                .forEach(r -> external.computeIfAbsent(r.family(), f -> new HashSet<>()).add(r.metric()));
        Map<String, Long> metrics = Failover.metrics(config, dead, external);
        Map<String, DefaultRoute> wanted = new LinkedHashMap<>();
        for (InterfaceSpec spec : config.interfaces().values()) {
            if (spec.gateway().isEmpty() || spec.metric().isEmpty()) {
                continue;
            }
            if (spec.state() == LinkState.DOWN) {
                notes.add(spec.name() + " is down: its default route via " + IpLiteral.format(spec.gateway().get())
                        + " is withheld until it is up");
                continue;
            }
            long configured = spec.metric().getAsLong();
            long metric = metrics.getOrDefault(spec.name(), configured);
            if (dead.contains(spec.name())) {
                if (metric != configured) {
                    moved.put(spec.name(), metric);
                }
                notes.add(metric != configured
                        ? spec.name() + "'s gateway " + IpLiteral.format(spec.gateway().get()) + " is dead: its default route stands"
                                + " behind the live ones at metric " + metric + " (configured " + configured + ")"
                        : spec.name() + "'s gateway " + IpLiteral.format(spec.gateway().get()) + " is dead, but no metric above"
                                + " the others is free: its default route stays at " + configured);
            }
            DefaultRoute route = new DefaultRoute(spec.gateway().get(), spec.name(), metric);
            wanted.put(spec.name() + "/" + route.family(), route);
        }
        return wanted;
    }

    private static long freeMetric(Family family, Set<String> taken, Set<String> temps, Map<String, DefaultRoute> wanted) {
        long max = taken.stream().filter(s -> s.startsWith(family + "/")).mapToLong(s -> Long.parseLong(s.substring(s.indexOf('/') + 1)))
                .max().orElse(0);
        for (DefaultRoute w : wanted.values()) {
            if (w.family() == family) {
                max = Math.max(max, w.metric());
            }
        }
        long candidate = max < 0xFFFF_FFFFL ? max + 1 : 0;
        while (taken.contains(slot(family, candidate)) || temps.contains(slot(family, candidate)) || isWanted(family, candidate, wanted)) {
            candidate = (candidate + 1) & 0xFFFF_FFFFL;
        }
        temps.add(slot(family, candidate));
        return candidate;
    }

    private static boolean isWanted(Family family, long metric, Map<String, DefaultRoute> wanted) {
        return wanted.values().stream().anyMatch(w -> w.family() == family && w.metric() == metric);
    }

    private static String slot(Family family, long metric) {
        return family + "/" + metric;
    }
}
