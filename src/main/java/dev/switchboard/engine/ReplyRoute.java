package dev.switchboard.engine;

import dev.switchboard.config.BindSpec;
import dev.switchboard.config.Config;
import dev.switchboard.config.FrontendSpec;
import dev.switchboard.config.InterfaceSpec;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.net.Link;
import dev.switchboard.net.NetState;
import dev.switchboard.net.Route;
import dev.switchboard.net.RouteLookup;
import dev.switchboard.net.Rule;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/**
 * Where a bind's replies go, and whether that is where its traffic arrives: the question the
 * whole appliance exists to answer. A reply leaves as the kernel routes a packet from the bind's
 * address (out of its pinned interface, if pinned) to a client beyond the box's subnets: {@link
 * RouteLookup} over the kernel's state, the same lookup {@code explain} and {@code doctor} use. If
 * that is another interface than the one the bind's address is on, replies go out through a
 * gateway that never saw the request, and die: flagged, with the fix.
 */
public record ReplyRoute(String frontend, BindSpec bind, Optional<String> arrives, Optional<String> device,
        Optional<String> gateway, Optional<String> problem, String decidedBy) {

    public ReplyRoute {
        decidedBy = decidedBy == null ? "" : decidedBy;
    }

    /** A reply route whose mechanism is not said. */
    public ReplyRoute(String frontend, BindSpec bind, Optional<String> arrives, Optional<String> device, Optional<String> gateway,
            Optional<String> problem) {
        this(frontend, bind, arrives, device, gateway, problem, "");
    }

    public boolean flagged() {
        return problem.isPresent();
    }

    /** "eth2 via 10.2.0.1", or why there is no way out. */
    public String describe() {
        return device.map(d -> d + gateway.map(g -> " via " + g).orElse("")).orElse("no default route");
    }

    /** One per bind of {@code config}, over the kernel's state. Pure. */
    public static List<ReplyRoute> of(Config config, NetState net) {
        List<ReplyRoute> out = new ArrayList<>();
        for (FrontendSpec f : config.frontends().values()) {
            for (BindSpec b : f.binds()) {
                out.add(of(f.name(), b, arrives(config, b, net), net));
            }
        }
        return out;
    }

    /**
     * During a failover: a bind whose traffic arrives on an interface whose gateway is dead
     * ({@code dead}, {@link Gateways#dead}) is not told to pin itself there (its replies would go to
     * the dead gateway): its clients beyond that gateway are cut off until it answers again.
     */
    public static List<ReplyRoute> failedOver(List<ReplyRoute> routes, Set<String> dead) {
        return routes.stream().map(r -> r.flagged() && r.arrives().filter(dead::contains).isPresent()
                ? new ReplyRoute(r.frontend, r.bind, r.arrives, r.device, r.gateway, Optional.of(r.arrives.get() + "'s gateway is dead:"
                        + " clients beyond it cannot reach this bind until it answers again (replies leave by " + r.describe() + " meanwhile)"),
                        r.decidedBy)
                : r).toList();
    }

    /** One per bind of {@code config}, over the kernel as the config and the gateway table mean it (no kernel read). Pure. */
    public static List<ReplyRoute> of(Config config, List<GatewayRow> gateways) {
        return of(config, IntendedNet.of(config, gateways));
    }

    /**
     * Which mechanism decides the bind's replies: {@code pinned to eth2} (SO_BINDTODEVICE), {@code
     * policy: from 10.2.0.10 table 102} (a rule before the main table), or {@code main table:
     * lowest metric eth0}. Pure.
     */
    public static String decidedBy(Config config, BindSpec bind, List<GatewayRow> gateways) {
        NetState net = IntendedNet.of(config, gateways);
        return decidedBy(bind, RouteLookup.lookup(net, query(bind, farAway(net, bind), net)), net);
    }

    /** The mechanism, in words, of the kernel's answer {@code a} for a reply of {@code bind}. */
    public static String decidedBy(BindSpec bind, RouteLookup.Answer a, NetState net) {
        if (bind.interfaceName().isPresent()) {
            return "pinned to " + bind.interfaceName().get();
        }
        if (a.rule().isEmpty() || a.route().isEmpty()) {
            return "main table: no default route";
        }
        Rule rule = a.rule().get();
        Route route = a.route().get();
        if (policy(rule)) {
            return "policy: " + rule.src().map(s -> "from " + IpLiteral.format(s)).orElse("rule " + rule.priority()) + " table " + rule.table();
        }
        String table = rule.table() == Route.TABLE_MAIN ? "main table: " : "table " + rule.table() + ": ";
        // the link of the path the lookup took: a multipath route's first may be passed over
        return table + (route.isDefault() ? "lowest metric " + net.linkName(a.oif())
                : IpLiteral.format(route.dst()) + "/" + route.dstLength() + " " + net.linkName(a.oif()));
    }

    /** A rule someone added: not one of the kernel's own three (local, main, default). */
    public static boolean policy(Rule rule) {
        boolean kernels = rule.src().isEmpty() && rule.more().equals(Rule.Selectors.NONE) && rule.action() == Rule.FR_ACT_TO_TBL
                && (rule.priority() == 0 && rule.table() == Route.TABLE_LOCAL || rule.priority() == 32766 && rule.table() == Route.TABLE_MAIN
                        || rule.priority() == 32767 && rule.table() == 253);
        return !kernels;
    }

    /** What the kernel is asked for a reply of {@code bind} to {@code client}: from its address, out of its pin. */
    public static RouteLookup.Query query(BindSpec bind, InetAddress client, NetState net) {
        Optional<InetAddress> src = bind.address().isWildcard() ? Optional.empty() : Optional.of(bind.address().address());
        int oif = bind.interfaceName().map(n -> net.link(n).map(Link::index).orElse(-1)).orElse(0);
        return new RouteLookup.Query(client, src, oif, 0);
    }

    private static InetAddress farAway(NetState net, BindSpec bind) {
        return RouteLookup.farAway(net, bind.address().address().getAddress().length == 4 ? Route.AF_INET : Route.AF_INET6);
    }

    static ReplyRoute of(String frontend, BindSpec bind, Optional<String> arrives, NetState net) {
        Optional<String> pin = bind.interfaceName();
        if (pin.isPresent() && net.link(pin.get()).isEmpty()) {
            return new ReplyRoute(frontend, bind, arrives, Optional.empty(), Optional.empty(),
                    Optional.of(pin.get() + " is not there: the bind pinned to it sends no replies"), "pinned to " + pin.get());
        }
        RouteLookup.Answer a = RouteLookup.lookup(net, query(bind, farAway(net, bind), net));
        String decided = decidedBy(bind, a, net);
        if (!a.ok() || a.route().isEmpty()) {
            String why = pin.map(i -> i + " has no default route: replies to clients beyond its subnet have no way out")
                    .orElse("no default route: replies to clients beyond the local subnets have no way out");
            return new ReplyRoute(frontend, bind, arrives, Optional.empty(), Optional.empty(), Optional.of(why), decided);
        }
        String device = net.linkName(a.oif());
        Optional<String> gateway = a.gateway().map(IpLiteral::format);
        Optional<String> problem = Optional.empty();
        if (arrives.isPresent() && !arrives.get().equals(device)) {
            problem = Optional.of("traffic arrives on " + arrives.get() + " but replies leave by " + device
                    + gateway.map(g -> " via " + g).orElse("") + ": pin the bind with interface = \"" + arrives.get()
                    + "\", or give " + arrives.get() + " a table");
        }
        return new ReplyRoute(frontend, bind, arrives, Optional.of(device), gateway, problem, decided);
    }

    /** The interface the bind's traffic arrives on: its pin, else the one whose address it listens on (the config's, else the kernel's). */
    public static Optional<String> arrives(Config config, BindSpec bind, NetState net) {
        if (bind.interfaceName().isPresent()) {
            return bind.interfaceName();
        }
        if (bind.address().isWildcard()) {
            return Optional.empty();
        }
        for (InterfaceSpec i : config.interfaces().values()) {
            if (i.addresses().stream().anyMatch(c -> c.address().equals(bind.address().address()))) {
                return Optional.of(i.name());
            }
        }
        return net.addresses().stream().filter(a -> a.address().equals(bind.address().address())).findFirst()
                .map(a -> net.linkName(a.index()));
    }
}
