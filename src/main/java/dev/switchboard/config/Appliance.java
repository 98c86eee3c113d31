package dev.switchboard.config;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The [appliance] table. {@code maxconn} is the one connection budget all frontends share; when
 * absent, the proxy derives it from the open-files limit (two files a connection, a reserve for
 * the engine, its checks and the console). {@code rulePriority} is the priority of the policy
 * rules of interfaces with a table. {@code metrics} is where Prometheus scrapes /metrics (absent: nowhere).
 */
public record Appliance(int confirmTimeoutSeconds, Transport transport, OptionalInt maxconn, int rulePriority,
        Optional<HostPort> metrics) {
    public static final int DEFAULT_CONFIRM_TIMEOUT = 60;
    /** Where switchboard's `from ADDRESS lookup TABLE` rules sit: before the main table's rule (32766). */
    public static final int DEFAULT_RULE_PRIORITY = 1000;
    /** The main table's rule; switchboard's must come before it to decide anything. */
    public static final int MAIN_RULE_PRIORITY = 32766;

    public Appliance(int confirmTimeoutSeconds, Transport transport, OptionalInt maxconn) {
        this(confirmTimeoutSeconds, transport, maxconn, DEFAULT_RULE_PRIORITY);
    }

    public Appliance(int confirmTimeoutSeconds, Transport transport, OptionalInt maxconn, int rulePriority) {
        this(confirmTimeoutSeconds, transport, maxconn, rulePriority, Optional.empty());
    }

    public static Appliance defaults() {
        return new Appliance(DEFAULT_CONFIRM_TIMEOUT, Transport.IO_URING, OptionalInt.empty());
    }
}
