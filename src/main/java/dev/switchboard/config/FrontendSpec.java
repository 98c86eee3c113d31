package dev.switchboard.config;

import java.util.List;
import java.util.OptionalInt;

/**
 * One [frontends.NAME] table: where traffic arrives and which backend serves it. {@code maxconn}
 * is an optional cap of the frontend's own, within the appliance's one connection budget
 * ({@link Appliance#maxconn}) that all frontends share, as HAProxy's global maxconn. {@code log}
 * false is HAProxy's {@code no log}: no line per connection or request (errors are still said).
 */
public record FrontendSpec(String name, Mode mode, String backend, List<BindSpec> binds, Timeouts timeouts, OptionalInt maxconn,
        boolean log) {
    public FrontendSpec {
        binds = List.copyOf(binds);
    }
}
