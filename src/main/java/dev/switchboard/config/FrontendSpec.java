package dev.switchboard.config;

import java.util.List;

/** One [frontends.NAME] table: where traffic arrives and which backend serves it. */
public record FrontendSpec(String name, Mode mode, String backend, List<BindSpec> binds, Timeouts timeouts, int maxconn) {
    public static final int DEFAULT_MAXCONN = 4096;

    public FrontendSpec {
        binds = List.copyOf(binds);
    }
}
