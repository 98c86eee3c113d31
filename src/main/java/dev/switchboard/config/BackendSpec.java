package dev.switchboard.config;

import java.util.List;
import java.util.Optional;

/** One [backends.NAME] table: the servers and how to choose among them. */
public record BackendSpec(String name, Balance balance, List<ServerSpec> servers, Optional<HealthSpec> health) {
    public BackendSpec {
        servers = List.copyOf(servers);
    }
}
