package dev.switchboard.diagnose;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.engine.Gateways;
import dev.switchboard.health.GatewayStatus;
import dev.switchboard.health.HealthState;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.net.Neighbour;
import dev.switchboard.net.NetState;
import dev.switchboard.net.Route;
import dev.switchboard.proxy.Stats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What is wrong with a box, from its snapshot alone: a pure function, the same live (on a snapshot
 * taken in memory) and offline (on a file). Each check says fail, warn or ok, and the fix.
 */
public final class Doctor {
    private Doctor() {}

    /** Every finding, checks in a fixed order. */
    public static List<Finding> check(Snapshot s) {
        List<Finding> out = new ArrayList<>();
        out.addAll(SysctlChecks.forwarding(s.sysctls()));
        out.addAll(SysctlChecks.nonlocalBind(s.sysctls()));
        out.addAll(SysctlChecks.rpFilter(s));
        out.addAll(SysctlChecks.arp(s.net(), s.sysctls()));
        out.addAll(replies(s.engine().replies(), Gateways.dead(s.engine().gateways())));
        out.addAll(engine(s));
        out.addAll(pending(s));
        out.addAll(winningNeighbour(s.net()));
        out.addAll(gatewayHealth(s.engine().gateways(), s.at()));
        out.addAll(externalDefaults(s.net()));
        out.addAll(drift(s));
        return out;
    }

    /** Whether the findings fail: any fail, or with {@code strict} any warning too. */
    public static boolean fails(List<Finding> findings, boolean strict) {
        return findings.stream().anyMatch(f -> f.level() == Finding.Level.FAIL || strict && f.level() == Finding.Level.WARN);
    }

    /**
     * A bind whose replies leave by another interface than the one its traffic arrives on; during a
     * failover ({@code dead}: the interfaces whose gateway is dead) that is the failover's doing,
     * and pinning would send its replies to the dead gateway: what mends it is the gateway.
     */
    static List<Finding> replies(List<ReplyRoute> replies, java.util.Set<String> dead) {
        List<Finding> out = new ArrayList<>();
        for (ReplyRoute r : replies) {
            if (!r.flagged()) {
                r.arrives().ifPresent(a -> out.add(Finding.ok(name(r), "replies leave by " + r.describe() + ", where its traffic arrives")));
                continue;
            }
            String problem = r.problem().get();
            if (r.arrives().filter(dead::contains).isPresent()) {
                out.add(Finding.warn(name(r), problem, "nothing to change on the bind: see the finding of " + r.arrives().get() + "'s gateway"));
            } else if (r.arrives().isPresent() && r.device().isPresent()) {
                String in = r.arrives().get();
                out.add(Finding.warn(name(r), "traffic arrives on " + in + " but replies leave by " + r.describe()
                        + ": a gateway that never saw the request drops them",
                        "pin the bind with interface = \"" + in + "\" in its [[frontend.bind]], or give " + in + " a table"));
            } else {
                out.add(Finding.warn(name(r), problem, "a default route for its interface (gateway = ... in its [interface])"));
            }
        }
        return out;
    }

    /** Binds that do not listen and backends with no server up; without an engine, that nothing serves. */
    static List<Finding> engine(Snapshot s) {
        if (!s.engineRunning()) {
            return List.of(Finding.warn("engine", "none runs: nothing is served, and binds and backends were not checked",
                    "systemctl start switchboard (or switchboard run)"));
        }
        List<Finding> out = new ArrayList<>();
        Stats.Snapshot stats = s.engine().stats();
        for (Stats.FrontendStats f : stats.frontends()) {
            for (Stats.BindStats b : f.binds()) {
                String subject = f.name() + " " + b.bind().address();
                if (b.listening()) {
                    out.add(Finding.ok(subject, "listens"));
                } else {
                    out.add(Finding.fail(subject, "does not listen: " + b.error().orElse("no reason given"),
                            "free the address or port, or correct the bind in the config, then switchboard apply"));
                }
            }
        }
        for (Stats.BackendStats b : stats.backends()) {
            String subject = "backend " + b.name();
            if (b.serversUp() > 0) {
                out.add(Finding.ok(subject, b.serversUp() + " of " + b.servers() + " servers up"));
            } else {
                out.add(Finding.fail(subject, "no server up (0 of " + b.servers() + "): its frontends answer nobody",
                        "start or repair a server of " + b.name() + " (switchboard status lists them in the console)"));
            }
        }
        return out;
    }

    static List<Finding> pending(Snapshot s) {
        List<Finding> out = new ArrayList<>();
        Optional<Engine.PendingTry> t = s.engine().pending();
        t.ifPresent(p -> out.add(Finding.warn("try", "a try by " + p.who() + " since " + p.since() + " is pending: it rolls back at "
                + p.deadline() + " unless confirmed", "switchboard confirm (to keep it) or switchboard rollback")));
        s.orphanTry().ifPresent(o -> out.add(Finding.warn("try", "a try whose switchboard died: " + o,
                "switchboard apply (or starting the engine) rolls it back")));
        return out;
    }

    /** The default route the kernel uses now, per family: its gateway's neighbour entry FAILED cuts the box off. */
    static List<Finding> winningNeighbour(NetState net) {
        List<Finding> out = new ArrayList<>();
        boolean v4 = false;
        boolean v6 = false;
        for (Route r : net.defaultRoutes()) {
            if (r.isIpv4() ? v4 : v6) {
                continue;
            }
            if (r.isIpv4()) {
                v4 = true;
            } else {
                v6 = true;
            }
            if (r.gateway().isEmpty()) {
                continue;
            }
            String gw = dev.switchboard.config.IpLiteral.format(r.gateway().get());
            String subject = "gateway " + gw + " on " + net.linkName(r.oif());
            Optional<Neighbour> n = net.neighbour(r.oif(), r.gateway().get());
            if (n.isPresent() && (n.get().state() & Neighbour.NUD_FAILED) != 0) {
                out.add(Finding.fail(subject, "the winning default route's gateway does not answer (neighbour FAILED):"
                        + " everything beyond the local subnets is cut off",
                        "check " + net.linkName(r.oif()) + "'s cable and the gateway, or give another gateway a lower metric"
                                + " in the config and switchboard apply"));
            } else {
                out.add(Finding.ok(subject, "the winning default route's gateway, neighbour " + n.map(Neighbour::stateName).orElse("none")));
            }
        }
        return out;
    }

    /**
     * The gateways' health as the engine judged it by their checks: the winner dead fails (no live
     * gateway has taken its place: failover moves a dead one behind every live one); another dead
     * one warns (its route is behind the live ones, and binds pinned to its interface get no
     * replies out). Unchecked gateways are not judged here.
     */
    static List<Finding> gatewayHealth(List<GatewayRow> gateways, Instant at) {
        List<Finding> out = new ArrayList<>();
        for (GatewayRow g : gateways) {
            if (g.health().isEmpty() || g.health().get().state() == HealthState.UNCHECKED) {
                continue;
            }
            GatewayStatus h = g.health().get();
            String subject = "gateway " + g.gateway() + " on " + g.device();
            String judged = h.word(at) + (h.detail().isEmpty() ? "" : ": " + h.detail());
            String fix = "check the gateway and what its check asks; the route returns to its metric once the check answers again";
            if (h.state() != HealthState.DEAD) {
                if (g.winner()) {
                    out.add(Finding.ok(subject, "the winning default route's gateway, " + h.word(at) + " by its check"));
                }
            } else if (g.winner()) {
                out.add(Finding.fail(subject, "the winning default route's gateway is dead by its check (" + judged + ") and no live gateway"
                        + " has taken its place: everything beyond the local subnets is cut off", fix));
            } else {
                out.add(Finding.warn(subject, "dead by its check (" + judged + "): its default route is behind the live ones (metric "
                        + g.metric() + "), and binds pinned to " + g.device() + " get no replies out", fix));
            }
        }
        return out;
    }

    /**
     * A default route switchboard does not own (a DHCP client's, netplan's) at or below the lowest
     * metric of switchboard's own: it holds that metric (switchboard's route cannot be added) or
     * takes its place as the one the kernel uses.
     */
    static List<Finding> externalDefaults(NetState net) {
        List<Finding> out = new ArrayList<>();
        for (boolean v4 : List.of(true, false)) {
            List<Route> defaults = net.defaultRoutes().stream().filter(r -> r.isIpv4() == v4).toList();
            Optional<Long> lowest = defaults.stream().filter(r -> r.protocol() == Route.PROTO_SWITCHBOARD).map(Route::metric)
                    .min(Long::compare);
            if (lowest.isEmpty()) {
                continue; // switchboard manages no default route of this family: nothing to take the place of
            }
            for (Route r : defaults) {
                if (r.protocol() == Route.PROTO_SWITCHBOARD) {
                    continue;
                }
                String route = r.describe(net.linkName(r.oif()));
                if (r.metric() <= lowest.get()) {
                    out.add(Finding.warn("route " + route, (r.metric() == lowest.get() ? "holds metric " : "undercuts metric ")
                            + lowest.get() + ", switchboard's lowest: the kernel uses it instead of switchboard's gateways",
                            "ip route del " + route.replace(" proto " + r.protocolName(), "")
                                    + ", and stop what adds it (a DHCP client; netplan: dhcp4-overrides: {use-routes: false})"));
                } else {
                    out.add(Finding.ok("route " + route, "external, behind switchboard's metric " + lowest.get()));
                }
            }
        }
        return out;
    }

    /** The kernel no longer as the config says: someone changed it by hand, or a change never finished. */
    static List<Finding> drift(Snapshot s) {
        if (s.drift().isEmpty()) {
            return List.of();
        }
        List<String> changes = s.drift().get();
        if (changes.isEmpty()) {
            return List.of(Finding.ok("kernel", "as the config says (switchboard plan: no changes)"));
        }
        return List.of(Finding.warn("kernel", "drifts from the config: " + changes.size() + (changes.size() == 1 ? " change" : " changes")
                + " to apply, first " + changes.get(0), "switchboard plan shows them all; switchboard apply brings the kernel back"));
    }

    static String name(ReplyRoute r) {
        return r.frontend() + " " + r.bind().address();
    }

    static String names(List<ReplyRoute> binds) {
        return String.join(", ", binds.stream().map(Doctor::name).toList());
    }
}
