package dev.switchboard.config;

/** The [appliance] table: settings of the box as a whole. */
public record Appliance(int confirmTimeoutSeconds, Transport transport) {
    public static final int DEFAULT_CONFIRM_TIMEOUT = 60;

    public static Appliance defaults() {
        return new Appliance(DEFAULT_CONFIRM_TIMEOUT, Transport.EPOLL);
    }
}
