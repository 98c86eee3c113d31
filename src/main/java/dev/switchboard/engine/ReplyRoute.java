package dev.switchboard.engine;

import dev.switchboard.config.BindSpec;
import dev.switchboard.config.Config;
import dev.switchboard.config.Family;
import dev.switchboard.config.FrontendSpec;
import dev.switchboard.config.InterfaceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a bind's replies go, and whether that is where its traffic arrives: the question the
 * whole appliance exists to answer. A reply to a client beyond the interface's own subnet leaves
 * by a default route: the pinned interface's own, or, unpinned, the one the kernel uses (the
 * lowest metric). If that is another interface than the one the bind's address is on, replies
 * go out through a gateway that never saw the request, and die: flagged, with the fix.
 * {@code decidedBy} says which mechanism decides ({@link #decidedBy}), as shown beside it.
 */
public record ReplyRoute(String frontend, BindSpec bind, Optional<String> arrives, Optional<String> device,
        Optional<String> gateway, Optional<String> problem, String decidedBy) {

    public ReplyRoute {
        decidedBy = decidedBy == null ? "" : decidedBy; // a state written before it was said
    }

    /** Without saying which mechanism decides. */
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

    /** One per bind of {@code config}, from the gateway table. Pure. */
    public static List<ReplyRoute> of(Config config, List<GatewayRow> gateways) {
        List<ReplyRoute> out = new ArrayList<>();
        for (FrontendSpec f : config.frontends().values()) {
            for (BindSpec b : f.binds()) {
                out.add(of(f.name(), b, config, gateways));
            }
        }
        return out;
    }

    /**
     * Which mechanism decides the bind's replies: {@code pinned to eth2} (SO_BINDTODEVICE), {@code
     * policy: from 10.2.0.10 table 102} (the rule of the address's interface, which comes before
     * the main table), or {@code main table: lowest metric eth0}. Pure.
     */
    public static String decidedBy(Config config, BindSpec bind, List<GatewayRow> gateways) {
        if (bind.interfaceName().isPresent()) {
            return "pinned to " + bind.interfaceName().get();
        }
        Optional<InterfaceSpec> policy = policyOwner(config, bind);
        if (policy.isPresent()) {
            return "policy: from " + dev.switchboard.config.IpLiteral.format(bind.address().address()) + " table "
                    + policy.get().table().getAsInt();
        }
        String family = bind.address().family() == Family.IPV4 ? "inet" : "inet6";
        return gateways.stream().filter(g -> g.family().equals(family) && g.winner()).findFirst()
                .map(g -> "main table: lowest metric " + g.device()).orElse("main table: no default route");
    }

    /** The interface with a table whose address the bind listens on: its rule decides the replies. */
    private static Optional<InterfaceSpec> policyOwner(Config config, BindSpec bind) {
        return owner(config, bind).map(config.interfaces()::get)
                .filter(i -> i.table().isPresent() && i.gateway().isPresent() && Family.of(i.gateway().get()) == bind.address().family());
    }

    static ReplyRoute of(String frontend, BindSpec bind, Config config, List<GatewayRow> gateways) {
        String family = bind.address().family() == Family.IPV4 ? "inet" : "inet6";
        Optional<String> arrives = bind.interfaceName().or(() -> owner(config, bind));
        // pinned, or routed by its interface's table: that interface's gateway; else the main table's winner
        Optional<String> by = bind.interfaceName().or(() -> policyOwner(config, bind).map(InterfaceSpec::name));
        Optional<GatewayRow> route = by.isPresent()
                ? gateways.stream().filter(g -> g.family().equals(family) && g.device().equals(by.get())).findFirst()
                : gateways.stream().filter(g -> g.family().equals(family) && g.winner()).findFirst();
        if (route.isEmpty()) {
            String why = bind.interfaceName().map(i -> i + " has no default route: replies to clients beyond its subnet have no way out")
                    .orElse("no default route: replies to clients beyond the local subnets have no way out");
            return new ReplyRoute(frontend, bind, arrives, Optional.empty(), Optional.empty(), Optional.of(why),
                    decidedBy(config, bind, gateways));
        }
        GatewayRow r = route.get();
        Optional<String> gateway = r.gateway().equals("-") ? Optional.empty() : Optional.of(r.gateway());
        Optional<String> problem = Optional.empty();
        if (arrives.isPresent() && !arrives.get().equals(r.device())) {
            problem = Optional.of("traffic arrives on " + arrives.get() + " but replies leave by " + r.device()
                    + gateway.map(g -> " via " + g).orElse("") + ": pin the bind with interface = \"" + arrives.get()
                    + "\", or give " + arrives.get() + " a table");
        }
        return new ReplyRoute(frontend, bind, arrives, Optional.of(r.device()), gateway, problem, decidedBy(config, bind, gateways));
    }

    /** The interface whose address the bind listens on, if the config says. */
    private static Optional<String> owner(Config config, BindSpec bind) {
        if (bind.address().isWildcard()) {
            return Optional.empty();
        }
        for (InterfaceSpec i : config.interfaces().values()) {
            if (i.addresses().stream().anyMatch(c -> c.address().equals(bind.address().address()))) {
                return Optional.of(i.name());
            }
        }
        return Optional.empty();
    }
}
