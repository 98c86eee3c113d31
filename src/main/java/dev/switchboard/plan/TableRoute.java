package dev.switchboard.plan;

import dev.switchboard.config.Cidr;
import dev.switchboard.config.Family;
import dev.switchboard.config.IpLiteral;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A route switchboard owns in an interface's own table (policy routing): a connected route
 * ({@code 10.2.0.0/24 dev eth2 table 102}, no gateway, link scope) or the interface's default
 * route through its gateway. Tagged with switchboard's protocol, as the main table's routes. Its
 * metric is the kernel's usual one, but for the default route of a dead gateway, which stands at
 * the metric of its failover, as in the main table.
 */
public record TableRoute(int table, Cidr dst, Optional<InetAddress> gateway, String device, long metric) {

    /** At the usual metric. */
    public TableRoute(int table, Cidr dst, Optional<InetAddress> gateway, String device) {
        this(table, dst, gateway, device, usualMetric(dst.family()));
    }

    /** The kernel stores an IPv6 route's metric 0 as 1024: asking for 1024 keeps it what we asked. */
    static long usualMetric(Family family) {
        return family == Family.IPV6 ? 1024 : 0;
    }

    public TableRoute withMetric(long other) {
        return new TableRoute(table, dst, gateway, device, other);
    }

    public static TableRoute connected(int table, Cidr address, String device) {
        return new TableRoute(table, network(address), Optional.empty(), device);
    }

    public static TableRoute defaultVia(int table, InetAddress gateway, String device) {
        return new TableRoute(table, new Cidr(any(Family.of(gateway)), 0), Optional.of(gateway), device);
    }

    public Family family() {
        return dst.family();
    }

    public boolean isDefault() {
        return dst.prefixLength() == 0;
    }

    /** As `ip route` prints it. */
    @Override
    public String toString() {
        return (family() == Family.IPV6 ? "-6 " : "") + (isDefault() ? "default" : dst.toString())
                + gateway.map(g -> " via " + IpLiteral.format(g)).orElse("") + " dev " + device + " table " + table
                + (metric == usualMetric(family()) ? "" : " metric " + metric);
    }

    static Cidr network(Cidr address) {
        byte[] a = address.address().getAddress();
        for (int bit = address.prefixLength(); bit < a.length * 8; bit++) {
            a[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return new Cidr(InetAddress.getByAddress(a), address.prefixLength());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static InetAddress any(Family family) {
        try {
            return InetAddress.getByAddress(new byte[family == Family.IPV4 ? 4 : 16]);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
