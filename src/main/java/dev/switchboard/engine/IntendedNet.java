package dev.switchboard.engine;

import dev.switchboard.config.Cidr;
import dev.switchboard.config.Config;
import dev.switchboard.config.InterfaceSpec;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.net.Address;
import dev.switchboard.net.Link;
import dev.switchboard.net.NetState;
import dev.switchboard.net.Route;
import dev.switchboard.net.Rule;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel as a config and a gateway table mean it, for the reply routes where no kernel is read
 * (a test, a bench): the links and addresses of the config, the gateway table's default routes in
 * the main table, and the policy rules and tables the planner makes. Pure.
 */
final class IntendedNet {
    private IntendedNet() {}

    static NetState of(Config config, List<GatewayRow> gateways) {
        Map<String, Integer> index = new LinkedHashMap<>();
        index.put("lo", 1);
        config.interfaces().keySet().forEach(n -> index.putIfAbsent(n, index.size() + 1));
        gateways.forEach(g -> index.putIfAbsent(g.device(), index.size() + 1));
        List<Link> links = new ArrayList<>();
        index.forEach((name, i) -> links.add(new Link(i, name, "", 0, 0, true, true, "up", 1500, 0, 0)));
        List<Address> addresses = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        for (InterfaceSpec spec : config.interfaces().values()) {
            int i = index.get(spec.name());
            for (Cidr c : spec.addresses()) {
                addresses.add(new Address(i, c.address(), c.prefixLength()));
                routes.add(connected(Route.TABLE_MAIN, c, i));
            }
            if (spec.table().isPresent() && spec.gateway().isPresent()) {
                int table = spec.table().getAsInt();
                for (Cidr c : spec.addresses()) {
                    routes.add(connected(table, c, i));
                    rules.add(Rule.fromAddress(c.address(), table, config.appliance().rulePriority()));
                }
                routes.add(new Route(family(spec.gateway().get()), table, any(spec.gateway().get()), 0, spec.gateway(), i, 0,
                        Route.PROTO_SWITCHBOARD, 0, 1));
            }
        }
        for (GatewayRow g : gateways) {
            Optional<InetAddress> via = g.gateway().equals("-") ? Optional.empty() : IpLiteral.parse(g.gateway());
            boolean v4 = g.family().equals("inet");
            routes.add(new Route(v4 ? Route.AF_INET : Route.AF_INET6, Route.TABLE_MAIN, any(v4), 0, via, index.get(g.device()), g.metric(),
                    Route.PROTO_SWITCHBOARD, via.isPresent() ? 0 : 253, 1));
        }
        if (!rules.isEmpty()) {
            for (int family : List.of(Route.AF_INET, Route.AF_INET6)) {
                rules.add(new Rule(family, Route.TABLE_LOCAL, 0, Optional.empty(), 0, 2, Rule.FR_ACT_TO_TBL));
                rules.add(new Rule(family, Route.TABLE_MAIN, 32766, Optional.empty(), 0, 2, Rule.FR_ACT_TO_TBL));
            }
        }
        return new NetState(links, addresses, routes, List.of(), rules);
    }

    private static Route connected(int table, Cidr c, int index) {
        InetAddress net = masked(c);
        return new Route(family(c.address()), table, net, c.prefixLength(), Optional.empty(), index, 0, 2, 253, 1);
    }

    private static InetAddress masked(Cidr c) {
        byte[] b = c.address().getAddress();
        for (int bit = c.prefixLength(); bit < b.length * 8; bit++) {
            b[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static int family(InetAddress a) {
        return a.getAddress().length == 4 ? Route.AF_INET : Route.AF_INET6;
    }

    private static InetAddress any(InetAddress like) {
        return any(like.getAddress().length == 4);
    }

    private static InetAddress any(boolean v4) {
        try {
            return InetAddress.getByAddress(new byte[v4 ? 4 : 16]);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
