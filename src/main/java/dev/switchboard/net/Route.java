package dev.switchboard.net;

import dev.switchboard.config.IpLiteral;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * A route as the kernel keeps it. Its identity in the kernel is family, table, destination and
 * metric: a second route that differs only in gateway is EEXIST, and `replace` swaps it. {@code
 * prefsrc} is the source it gives packets that have none (`src` in `ip route`). A multipath (ECMP)
 * route has its {@code nexthops}, the kernel spreading flows over them; its {@code oif} and {@code
 * gateway} are the first one's. A route of one path has none.
 */
public record Route(int family, int table, InetAddress dst, int dstLength, Optional<InetAddress> gateway, int oif,
        long metric, int protocol, int scope, int type, Optional<InetAddress> prefsrc, List<NextHop> nexthops) {

    /** One path of a multipath route (struct rtnexthop): its link, its gateway, its weight (1 to 256). */
    public record NextHop(int oif, Optional<InetAddress> gateway, int weight) {
        public NextHop {
            java.util.Objects.requireNonNull(gateway, "gateway");
        }
    }

    /** Switchboard's protocol number: its routes carry it, so it knows them from everyone else's. */
    public static final int PROTO_SWITCHBOARD = 83;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    /** The table `ip route` shows without `table`: where default routes are unless an interface has a table of its own. */
    public static final int TABLE_MAIN = 254;
    /** The kernel's own table of the box's addresses and broadcasts, looked up first. */
    public static final int TABLE_LOCAL = 255;

    public Route {
        java.util.Objects.requireNonNull(dst, "dst");
        java.util.Objects.requireNonNull(gateway, "gateway");
        java.util.Objects.requireNonNull(prefsrc, "prefsrc");
        Rule.prefix("dstLength", dstLength, Optional.of(dst));
        nexthops = nexthops == null ? List.of() : List.copyOf(nexthops); // a snapshot written before multipath was read has none
    }

    /** A route of one path. */
    public Route(int family, int table, InetAddress dst, int dstLength, Optional<InetAddress> gateway, int oif, long metric, int protocol,
            int scope, int type, Optional<InetAddress> prefsrc) {
        this(family, table, dst, dstLength, gateway, oif, metric, protocol, scope, type, prefsrc, List.of());
    }

    /** A route without a preferred source. */
    public Route(int family, int table, InetAddress dst, int dstLength, Optional<InetAddress> gateway, int oif, long metric, int protocol,
            int scope, int type) {
        this(family, table, dst, dstLength, gateway, oif, metric, protocol, scope, type, Optional.empty());
    }

    public boolean isDefault() {
        return dstLength == 0;
    }

    /** Whether the kernel spreads this route's flows over several next hops. */
    public boolean multipath() {
        return nexthops.size() > 1;
    }

    /** The paths a packet may leave by: the next hops, or the one path of a route that has none. */
    public List<NextHop> paths() {
        return nexthops.isEmpty() ? List.of(new NextHop(oif, gateway, 1)) : nexthops;
    }

    public boolean isIpv4() {
        return family == AF_INET;
    }

    /** A default route in the main table through {@code gateway} on link {@code oif}. */
    public static Route defaultVia(InetAddress gateway, int oif, long metric, int protocol) {
        boolean v4 = gateway instanceof Inet4Address;
        return new Route(v4 ? AF_INET : AF_INET6, TABLE_MAIN, any(v4), 0, Optional.of(gateway), oif, metric, protocol, 0, 1);
    }

    static InetAddress any(boolean v4) {
        try {
            return InetAddress.getByAddress(new byte[v4 ? 4 : 16]);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    public String protocolName() {
        return switch (protocol) {
            case 0 -> "unspec";
            case 2 -> "kernel";
            case 3 -> "boot";
            case 4 -> "static";
            case 9 -> "ra";
            case 16 -> "dhcp";
            case PROTO_SWITCHBOARD -> "switchboard";
            default -> Integer.toString(protocol);
        };
    }

    /** As `ip route` would print it, with the device named by {@code deviceName}. */
    public String describe(String deviceName) {
        return describe(index -> deviceName);
    }

    /** As `ip route` would print it (on one line), each device named by {@code linkName}: a multipath route with its next hops. */
    public String describe(IntFunction<String> linkName) {
        String dest = isDefault() ? "default" : IpLiteral.format(dst) + "/" + dstLength;
        String paths = nexthops.isEmpty() ? via(gateway, linkName.apply(oif)) : nexthops.stream()
                .map(h -> " nexthop" + via(h.gateway(), linkName.apply(h.oif())) + " weight " + h.weight())
                .collect(java.util.stream.Collectors.joining());
        return (dst instanceof Inet6Address ? "-6 " : "") + dest + paths
                + (table == TABLE_MAIN ? "" : " table " + table) + " metric " + metric + " proto " + protocolName();
    }

    private static String via(Optional<InetAddress> gateway, String device) {
        return gateway.map(g -> " via " + IpLiteral.format(g)).orElse("") + " dev " + device;
    }
}
