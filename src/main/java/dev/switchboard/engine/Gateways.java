package dev.switchboard.engine;

import dev.switchboard.config.IpLiteral;
import dev.switchboard.health.GatewayStatus;
import dev.switchboard.health.HealthState;
import dev.switchboard.net.Address;
import dev.switchboard.net.NetState;
import dev.switchboard.net.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The gateway table from a kernel snapshot. Pure. */
public final class Gateways {
    private Gateways() {}

    /**
     * One row per default route of the main table, lowest metric first; the first of each family
     * wins. A multipath route has a row per next hop, all winning if it does (the kernel spreads flows over them).
     */
    public static List<GatewayRow> rows(NetState state) {
        List<GatewayRow> rows = new ArrayList<>();
        boolean v4Seen = false;
        boolean v6Seen = false;
        for (Route r : state.defaultRoutes()) {
            boolean winner = r.isIpv4() ? !v4Seen : !v6Seen;
            v4Seen |= r.isIpv4();
            v6Seen |= !r.isIpv4();
            for (Route.NextHop h : r.paths()) {
                String link = state.link(h.oif()).map(l -> l.linkWord()).orElse("gone");
                String neighbour = h.gateway().flatMap(g -> state.neighbour(h.oif(), g)).map(n -> n.stateName()).orElse("none");
                List<String> addresses = state.addresses(h.oif()).stream()
                        .filter(a -> a.isIpv4() == r.isIpv4() && !a.address().isLinkLocalAddress())
                        .map(Address::toString).toList();
                rows.add(new GatewayRow(r.isIpv4() ? "inet" : "inet6", state.linkName(h.oif()), addresses,
                        h.gateway().map(IpLiteral::format).orElse("-"), r.metric(), link, neighbour,
                        r.protocol() == Route.PROTO_SWITCHBOARD && !r.multipath(), winner));
            }
        }
        return rows;
    }

    /** The rows with their gateways' health: a route switchboard manages, of an interface the engine judges. */
    public static List<GatewayRow> withHealth(List<GatewayRow> rows, Map<String, GatewayStatus> health) {
        if (health.isEmpty()) {
            return rows;
        }
        return rows.stream().map(r -> r.managed() ? r.withHealth(Optional.ofNullable(health.get(r.device()))) : r).toList();
    }

    /** The interfaces whose gateway its check finds dead. */
    public static Set<String> dead(List<GatewayRow> rows) {
        return rows.stream().filter(g -> g.health().filter(h -> h.state() == HealthState.DEAD).isPresent()).map(GatewayRow::device)
                .collect(Collectors.toSet());
    }
}
