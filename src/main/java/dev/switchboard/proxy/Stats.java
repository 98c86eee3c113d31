package dev.switchboard.proxy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Counters as the console and `show stat` read them: immutable snapshots of plain sums, cheap to
 * take every second. Rates are the difference of two snapshots over the time between them
 * ({@link #perSecond}), so nothing is averaged on the hot path.
 */
public final class Stats {
    private Stats() {}

    /** Per frontend: connections (now, all, refused by maxconn), HTTP requests, bytes, errors answered; its binds. */
    public record FrontendStats(String name, String mode, int current, long total, long refused, long requests,
            long bytesIn, long bytesOut, long errors, List<BindStats> binds) {}

    /** A bind: listening or why not, and the connections it took (so LAN and internet users show apart). */
    public record BindStats(BindStatus status, int current, long total) {
        public dev.switchboard.config.BindSpec bind() {
            return status.bind();
        }

        public Optional<String> error() {
            return status.error();
        }

        public boolean listening() {
            return status.listening();
        }
    }

    /** A backend as the sum of its servers, with how many of them take traffic. */
    public record BackendStats(String name, String balance, int serversUp, int servers, int current, long total,
            long bytesIn, long bytesOut, long failedConnects) {

        /** UP while a server takes traffic, else DOWN: a frontend on it answers nobody. */
        public String state() {
            return serversUp > 0 ? "UP" : "DOWN";
        }
    }

    /**
     * Per server; {@code current} counts connections (TCP) or requests under way (HTTP);
     * {@code checking} while its health checks have not come back once.
     */
    public record ServerStats(String backend, String name, String address, boolean healthy, boolean enabled, boolean checking,
            Instant lastChange, int current, long total, long bytesIn, long bytesOut, long failedConnects) {

        /**
         * UP, DOWN (health) or MAINT (disabled by an operator), as HAProxy words it, and
         * "checking" before the first check's result (it takes traffic meanwhile, as HAProxy's).
         */
        public String state() {
            return !enabled ? "MAINT" : checking ? "checking" : healthy ? "UP" : "DOWN";
        }
    }

    /** Everything at one moment; {@code nanos} is System.nanoTime() then, for rates. */
    public record Snapshot(long nanos, List<FrontendStats> frontends, List<BackendStats> backends, List<ServerStats> servers) {

        public Optional<FrontendStats> frontend(String name) {
            return frontends.stream().filter(f -> f.name().equals(name)).findFirst();
        }

        public Optional<BackendStats> backend(String name) {
            return backends.stream().filter(b -> b.name().equals(name)).findFirst();
        }
    }

    /** The rate of a counter between two snapshots, per second; 0 when no time passed or it went back (a restart). */
    public static double perSecond(long before, long after, long nanosBefore, long nanosAfter) {
        long elapsed = nanosAfter - nanosBefore;
        return elapsed <= 0 || after < before ? 0 : (after - before) * 1e9 / elapsed;
    }
}
