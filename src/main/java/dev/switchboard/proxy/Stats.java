package dev.switchboard.proxy;

import java.time.Instant;
import java.util.List;

/** Counters as the console and `show stat` read them: immutable snapshots, cheap to take. */
public final class Stats {
    private Stats() {}

    public record FrontendStats(String name, int current, long total, long refused, long bytesIn, long bytesOut,
            long errors, List<BindStatus> binds) {}

    public record ServerStats(String backend, String name, String address, boolean healthy, boolean enabled,
            Instant lastChange, int current, long total, long bytesIn, long bytesOut, long failedConnects) {

        /** UP, DOWN (health) or MAINT (disabled by an operator), as HAProxy words it. */
        public String state() {
            return !enabled ? "MAINT" : healthy ? "UP" : "DOWN";
        }
    }

    public record Snapshot(List<FrontendStats> frontends, List<ServerStats> servers) {}
}
