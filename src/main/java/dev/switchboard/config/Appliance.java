package dev.switchboard.config;

import java.util.OptionalInt;

/**
 * The [appliance] table. {@code maxconn} is the one connection budget all frontends share; when
 * absent, the proxy derives it from the open-files limit (two files a connection, a reserve for
 * the engine, its checks and the console).
 */
public record Appliance(int confirmTimeoutSeconds, Transport transport, OptionalInt maxconn) {
    public static final int DEFAULT_CONFIRM_TIMEOUT = 60;

    public static Appliance defaults() {
        return new Appliance(DEFAULT_CONFIRM_TIMEOUT, Transport.EPOLL, OptionalInt.empty());
    }
}
