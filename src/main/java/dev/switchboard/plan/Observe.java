package dev.switchboard.plan;

import dev.switchboard.config.Cidr;
import dev.switchboard.config.Family;
import dev.switchboard.config.VlanSpec;
import dev.switchboard.net.Link;
import dev.switchboard.net.NetState;
import dev.switchboard.net.Route;
import dev.switchboard.net.Rule;
import dev.switchboard.plan.Observed.ObservedLink;
import dev.switchboard.plan.Observed.ObservedRoute;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Projects a kernel dump onto what the planner needs. Pure. */
public final class Observe {
    private Observe() {}

    public static Observed from(NetState state) {
        Map<String, ObservedLink> links = new LinkedHashMap<>();
        for (Link link : state.links()) {
            List<Cidr> addresses = state.addresses(link.index()).stream()
                    // the kernel gives every IPv6 link its own fe80:: address: not ours to plan
                    .filter(a -> !(a.address() instanceof Inet6Address && a.address().isLinkLocalAddress()))
                    .map(a -> new Cidr(a.address(), a.prefixLength()))
                    .toList();
            Optional<VlanSpec> vlan = link.isVlan()
                    ? Optional.of(new VlanSpec(state.linkName(link.parentIndex()), link.vlanId())) : Optional.empty();
            links.put(link.name(), new ObservedLink(link.name(), vlan, link.mtu(), link.up(), addresses));
        }
        List<ObservedRoute> routes = new ArrayList<>();
        for (Route r : state.defaultRoutes()) {
            Family family = r.isIpv4() ? Family.IPV4 : Family.IPV6;
            String device = state.linkName(r.oif());
            if (r.protocol() == Route.PROTO_SWITCHBOARD && r.gateway().isPresent() && !r.multipath()) { // switchboard adds no multipath route
                routes.add(ObservedRoute.owned(new DefaultRoute(r.gateway().get(), device, r.metric())));
            } else {
                routes.add(ObservedRoute.external(family, r.metric(), r.describe(state::linkName)));
            }
        }
        List<TableRoute> tableRoutes = new ArrayList<>();
        for (Route r : state.routes()) {
            if (r.protocol() == Route.PROTO_SWITCHBOARD && r.table() != Route.TABLE_MAIN && r.type() == 1 && !r.multipath()) {
                tableRoutes.add(new TableRoute(r.table(), new Cidr(r.dst(), r.dstLength()), r.gateway(), state.linkName(r.oif()), r.metric()));
            }
        }
        List<PolicyRule> rules = new ArrayList<>();
        for (Rule r : state.rules()) {
            if (r.owned() && r.src().isPresent() && r.srcLength() == r.src().get().getAddress().length * 8) {
                rules.add(new PolicyRule(r.src().get(), r.table(), r.priority()));
            }
        }
        return new Observed(links, routes, tableRoutes, rules);
    }
}
