package dev.switchboard.proxy;

import dev.switchboard.config.BackendSpec;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.ArrayList;
import java.util.Collection;

/** A backend's servers and how a new connection picks one of them. */
final class Backend {
    private final BackendSpec spec;
    private final List<Server> servers;
    private final Balancer balancer;
    private final List<Server> candidates = new ArrayList<>(); // pick's, under the lock
    final HttpCounts http = new HttpCounts(); // its answers, its servers' and its own (503 when none is up)
    final ResponseTime responseTime = new ResponseTime();

    Backend(BackendSpec spec) {
        this.spec = spec;
        this.servers = spec.servers().stream().map(s -> new Server(s, spec.health().isPresent())).toList();
        this.balancer = Balancer.of(spec.balance());
    }

    BackendSpec spec() {
        return spec;
    }

    List<Server> servers() {
        return servers;
    }

    /**
     * This backend, rebuilt by a new config, keeps what operators set at runtime on the servers it
     * still has (by name), as HAProxy's server-state file does across a reload: their state
     * (ready, drain, maint) and a weight changed from the config's; a weight the new config
     * changes is the config's.
     */
    Backend keepingRuntimeOf(Backend before) {
        for (Server s : servers) {
            before.server(s.spec().name()).ifPresent(old -> {
                s.setAdmin(old.admin());
                if (old.weight() != old.spec().weight() && s.spec().weight() == old.spec().weight()) {
                    s.setWeight(old.weight());
                }
            });
        }
        return this;
    }

    Optional<Server> server(String name) {
        return servers.stream().filter(s -> s.spec().name().equals(name)).findFirst();
    }

    /** A server that takes traffic and was not tried yet for this connection or request, if any. */
    synchronized Optional<Server> pick(InetAddress client, Collection<Server> tried) {
        candidates.clear(); // reused: this runs for every request
        for (Server s : servers) {
            if (s.takesTraffic() && !tried.contains(s)) {
                candidates.add(s);
            }
        }
        return candidates.isEmpty() ? Optional.empty() : Optional.of(balancer.pick(candidates, client));
    }
}
