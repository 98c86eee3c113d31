package dev.switchboard.proxy;

import dev.switchboard.config.BackendSpec;
import dev.switchboard.config.BindSpec;
import dev.switchboard.config.Config;
import dev.switchboard.config.FrontendSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What moving the proxy to a config changes: the binds to open and to close, the frontends whose
 * settings change, the backends added, replaced (their servers, balance or health changed: a new
 * pool, new checks) and removed. The one comparison: {@link Proxy#reconfigure} does what it says,
 * and the engine shows it beside the kernel's plan. Pure.
 */
public record ProxyChanges(List<Bind> opened, List<Bind> closed, List<String> frontendsChanged,
        List<String> backendsAdded, List<String> backendsReplaced, List<String> backendsRemoved) {

    /** A listening socket: this bind of this frontend. */
    public record Bind(String frontend, BindSpec bind) {
        @Override
        public String toString() {
            return frontend + " " + bind;
        }
    }

    /** From the proxy of {@code before} to that of {@code after}. */
    public static ProxyChanges between(Config before, Config after) {
        return between(binds(before), before.frontends(), before.backends(), after);
    }

    /**
     * From a running proxy: {@code listening} is what listens now (a bind that could not open is
     * opened again), {@code frontends} and {@code backends} the specs in force.
     */
    static ProxyChanges between(Set<Bind> listening, Map<String, FrontendSpec> frontends, Map<String, BackendSpec> backends,
            Config after) {
        Set<Bind> wanted = binds(after);
        List<Bind> opened = new ArrayList<>();
        wanted.stream().filter(b -> !listening.contains(b)).forEach(opened::add);
        List<Bind> closed = new ArrayList<>();
        listening.stream().filter(b -> !wanted.contains(b)).forEach(closed::add);
        List<String> changed = new ArrayList<>();
        for (FrontendSpec f : after.frontends().values()) {
            FrontendSpec was = frontends.get(f.name());
            if (was != null && !(Objects.equals(was.mode(), f.mode()) && was.backend().equals(f.backend())
                    && was.timeouts().equals(f.timeouts()) && was.maxconn().equals(f.maxconn()))) {
                changed.add(f.name());
            }
        }
        List<String> added = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        for (BackendSpec b : after.backends().values()) {
            BackendSpec was = backends.get(b.name());
            if (was == null) {
                added.add(b.name());
            } else if (!was.equals(b)) {
                replaced.add(b.name());
            }
        }
        List<String> removed = backends.keySet().stream().filter(n -> !after.backends().containsKey(n)).toList();
        return new ProxyChanges(List.copyOf(opened), List.copyOf(closed), List.copyOf(changed), List.copyOf(added), List.copyOf(replaced), removed);
    }

    /** Whether the backend named so runs on as it is: neither new nor replaced. */
    boolean keeps(String backend) {
        return !backendsAdded.contains(backend) && !backendsReplaced.contains(backend);
    }

    /** Every bind of {@code config}, in its order. */
    private static Set<Bind> binds(Config config) {
        Set<Bind> out = new LinkedHashSet<>();
        config.frontends().values().forEach(f -> f.binds().forEach(b -> out.add(new Bind(f.name(), b))));
        return out;
    }
}
