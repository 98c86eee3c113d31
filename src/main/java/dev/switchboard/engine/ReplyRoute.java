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
 */
public record ReplyRoute(String frontend, BindSpec bind, Optional<String> arrives, Optional<String> device,
        Optional<String> gateway, Optional<String> problem) {

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

    static ReplyRoute of(String frontend, BindSpec bind, Config config, List<GatewayRow> gateways) {
        String family = bind.address().family() == Family.IPV4 ? "inet" : "inet6";
        Optional<String> arrives = bind.interfaceName().or(() -> owner(config, bind));
        Optional<GatewayRow> route = bind.interfaceName().isPresent()
                ? gateways.stream().filter(g -> g.family().equals(family) && g.device().equals(bind.interfaceName().get())).findFirst()
                : gateways.stream().filter(g -> g.family().equals(family) && g.winner()).findFirst();
        if (route.isEmpty()) {
            String why = bind.interfaceName().map(i -> i + " has no default route: replies to clients beyond its subnet have no way out")
                    .orElse("no default route: replies to clients beyond the local subnets have no way out");
            return new ReplyRoute(frontend, bind, arrives, Optional.empty(), Optional.empty(), Optional.of(why));
        }
        GatewayRow r = route.get();
        Optional<String> gateway = r.gateway().equals("-") ? Optional.empty() : Optional.of(r.gateway());
        Optional<String> problem = Optional.empty();
        if (arrives.isPresent() && !arrives.get().equals(r.device())) {
            problem = Optional.of("traffic arrives on " + arrives.get() + " but replies leave by " + r.device()
                    + gateway.map(g -> " via " + g).orElse("") + ": pin the bind with interface = \"" + arrives.get() + "\"");
        }
        return new ReplyRoute(frontend, bind, arrives, Optional.of(r.device()), gateway, problem);
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
