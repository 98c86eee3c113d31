package dev.switchboard.plan;

import dev.switchboard.config.IpLiteral;
import dev.switchboard.config.Family;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * A default route as switchboard owns it: main table, tagged with switchboard's protocol,
 * through {@code gateway} on {@code device}. The kernel tells routes apart by family and metric.
 */
public record DefaultRoute(InetAddress gateway, String device, long metric) {

    public Family family() {
        return Family.of(gateway);
    }

    public DefaultRoute withMetric(long other) {
        return new DefaultRoute(gateway, device, other);
    }

    /** As `ip route` prints it: {@code default via 10.2.0.1 dev eth2 metric 2}. */
    @Override
    public String toString() {
        String via = gateway instanceof Inet6Address ? "-6 default via " : "default via ";
        return via + IpLiteral.format(gateway) + " dev " + device + " metric " + metric;
    }
}
