package dev.switchboard.config;

import java.net.Inet4Address;
import java.net.InetAddress;

/** Address family, as the kernel keeps default routes apart by it. */
public enum Family {
    IPV4("IPv4"), IPV6("IPv6");

    private final String label;

    Family(String label) {
        this.label = label;
    }

    public static Family of(InetAddress address) {
        return address instanceof Inet4Address ? IPV4 : IPV6;
    }

    @Override
    public String toString() {
        return label;
    }
}
