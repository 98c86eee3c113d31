package dev.switchboard.config;

import java.util.List;
import java.util.OptionalInt;

/**
 * One [frontends.NAME] table: where traffic arrives and which backend serves it. {@code maxconn}
 * is an optional cap of the frontend's own, within the appliance's one connection budget
 * ({@link Appliance#maxconn}) that all frontends share, as HAProxy's global maxconn.
 */
public record FrontendSpec(String name, Mode mode, String backend, List<BindSpec> binds, Timeouts timeouts, OptionalInt maxconn) {
    public FrontendSpec {
        binds = List.copyOf(binds);
    }
}
