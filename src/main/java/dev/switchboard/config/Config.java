package dev.switchboard.config;

import java.util.Map;

/**
 * The whole appliance as the operator wrote it: immutable, validated, no I/O.
 * Maps keep the order of the file, so listings follow what the operator wrote.
 */
public record Config(
        Appliance appliance,
        Map<String, InterfaceSpec> interfaces,
        Map<String, FrontendSpec> frontends,
        Map<String, BackendSpec> backends) {

    public Config {
        interfaces = Ordered.copy(interfaces);
        frontends = Ordered.copy(frontends);
        backends = Ordered.copy(backends);
    }

    public int bindCount() {
        return frontends.values().stream().mapToInt(f -> f.binds().size()).sum();
    }

    public int serverCount() {
        return backends.values().stream().mapToInt(b -> b.servers().size()).sum();
    }

    /** One line for `check`: what the file declares. */
    public String summary() {
        return "%d interfaces, %d frontends (%d binds), %d backends (%d servers)".formatted(
                interfaces.size(), frontends.size(), bindCount(), backends.size(), serverCount());
    }
}
