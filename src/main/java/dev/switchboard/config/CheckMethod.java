package dev.switchboard.config;

/**
 * How a gateway is asked whether it is alive: at layer 2 (ARP, or NDP for IPv6: does it answer
 * for its address on the link?), by ICMP echo, or by a TCP connect to an ADDRESS:PORT.
 */
public enum CheckMethod {
    ARP, ICMP, TCP;

    /** Whether targets are written ADDRESS:PORT. */
    public boolean needsPorts() {
        return this == TCP;
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
