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

    /** An operator's state of a server, as HAProxy's "set server B/S state": runtime only. */
    public enum Admin { READY, DRAIN, MAINT }

    /**
     * HTTP answers by class of status (HAProxy's hrsp_1xx..5xx, hrsp_other), requests (req_tot)
     * and response errors (eresp: the server closed or did not answer in time).
     */
    public record Http(long r1xx, long r2xx, long r3xx, long r4xx, long r5xx, long other, long requests, long responseErrors) {
        public static final Http NONE = new Http(0, 0, 0, 0, 0, 0, 0, 0);

        /** The count of a class: 1..5, or 0 for the others. */
        public long ofClass(int c) {
            return switch (c) {
                case 1 -> r1xx;
                case 2 -> r2xx;
                case 3 -> r3xx;
                case 4 -> r4xx;
                case 5 -> r5xx;
                default -> other;
            };
        }

        Http plus(Http o) {
            return new Http(r1xx + o.r1xx, r2xx + o.r2xx, r3xx + o.r3xx, r4xx + o.r4xx, r5xx + o.r5xx, other + o.other,
                    requests + o.requests, responseErrors + o.responseErrors);
        }
    }

    /**
     * Per frontend: connections (now, all, refused by maxconn), HTTP requests, bytes, errors answered; its binds;
     * its answers, and the connections it took over the last second.
     */
    public record FrontendStats(String name, String mode, int current, long total, long refused, long requests,
            long bytesIn, long bytesOut, long errors, List<BindStats> binds, Http http, long rate) {

        public FrontendStats(String name, String mode, int current, long total, long refused, long requests,
                long bytesIn, long bytesOut, long errors, List<BindStats> binds) {
            this(name, mode, current, total, refused, requests, bytesIn, bytesOut, errors, binds, Http.NONE, 0);
        }
    }

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

    /**
     * A backend as the sum of its servers, with how many of them take traffic; its answers (its
     * own too), connections over the last second, ready servers' weight, and the average time
     * from a request to its answer over the last second that had answers.
     */
    public record BackendStats(String name, String balance, int serversUp, int servers, int current, long total,
            long bytesIn, long bytesOut, long failedConnects, Http http, long rate, int weight, double responseSeconds) {

        public BackendStats(String name, String balance, int serversUp, int servers, int current, long total,
                long bytesIn, long bytesOut, long failedConnects) {
            this(name, balance, serversUp, servers, current, total, bytesIn, bytesOut, failedConnects, Http.NONE, 0, servers, 0);
        }

        /** UP while a server takes traffic, else DOWN: a frontend on it answers nobody. */
        public String state() {
            return serversUp > 0 ? "UP" : "DOWN";
        }
    }

    /**
     * Per server; {@code current} counts connections (TCP) or requests under way (HTTP);
     * {@code checking} while its health checks have not come back once; {@code enabled} unless
     * in maintenance; its answers, connections over the last second, weight now, failed checks,
     * times it went down, and its last check's result in HAProxy's words (INI before the first).
     */
    public record ServerStats(String backend, String name, String address, boolean healthy, boolean enabled, boolean checking,
            Instant lastChange, int current, long total, long bytesIn, long bytesOut, long failedConnects, Http http, long rate,
            int weight, Admin admin, long checkFailures, long checkDowns, String checkStatus) {

        public ServerStats(String backend, String name, String address, boolean healthy, boolean enabled, boolean checking,
                Instant lastChange, int current, long total, long bytesIn, long bytesOut, long failedConnects) {
            this(backend, name, address, healthy, enabled, checking, lastChange, current, total, bytesIn, bytesOut, failedConnects,
                    Http.NONE, 0, 1, enabled ? Admin.READY : Admin.MAINT, 0, 0, checking ? "INI" : "");
        }

        /**
         * UP, DOWN (health), MAINT or DRAIN (an operator's), as HAProxy words it, and
         * "checking" before the first check's result (it takes traffic meanwhile, as HAProxy's).
         */
        public String state() {
            return !enabled ? "MAINT" : admin == Admin.DRAIN ? "DRAIN" : checking ? "checking" : healthy ? "UP" : "DOWN";
        }
    }

    /**
     * Everything at one moment; {@code nanos} is System.nanoTime() then, for rates. {@code budget}
     * is the connections all frontends share ([appliance] maxconn, or what the open-files limit
     * allows), the limit of a frontend without a cap of its own; 0 when not known.
     */
    public record Snapshot(long nanos, List<FrontendStats> frontends, List<BackendStats> backends, List<ServerStats> servers,
            int budget) {

        /** Counters with no budget known (nothing listens). */
        public Snapshot(long nanos, List<FrontendStats> frontends, List<BackendStats> backends, List<ServerStats> servers) {
            this(nanos, frontends, backends, servers, 0);
        }

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
