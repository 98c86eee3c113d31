package dev.switchboard.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The source address the kernel gives a packet that has none, for a route through link {@code oif}
 * (inet_select_addr): the link's first primary address in the gateway's subnet, else its first
 * primary address of a fitting scope, else the first such address of any link. Pure.
 */
final class Sources {
    static final int SCOPE_UNIVERSE = 0;
    static final int SCOPE_LINK = 253;
    static final int SCOPE_HOST = 254;

    private Sources() {}

    static Optional<InetAddress> select(NetState net, int oif, Optional<InetAddress> gateway, int scope, int family) {
        if (family == Route.AF_INET6) {
            return net.addresses(oif).stream().filter(a -> !a.isIpv4() && !a.address().isLinkLocalAddress() && !a.address().isLoopbackAddress())
                    .map(Address::address).findFirst();
        }
        Optional<InetAddress> first = Optional.empty();
        for (Address a : primaries(net, oif)) {
            if (Math.min(scope(a), SCOPE_HOST) > scope) {
                continue;
            }
            if (gateway.isEmpty() || RouteLookup.covers(a.address(), a.prefixLength(), gateway.get())) {
                return Optional.of(a.address());
            }
            if (first.isEmpty()) {
                first = Optional.of(a.address());
            }
        }
        if (first.isPresent()) {
            return first;
        }
        for (Link l : net.links()) { // the kernel's list of devices: the loopback first, then in the order they came
            for (Address a : primaries(net, l.index())) {
                if (scope(a) != SCOPE_LINK && scope(a) <= scope) {
                    return Optional.of(a.address());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A link's IPv4 addresses that are not secondary (a later one in the subnet of an earlier one
     * with the same prefix length is), in the kernel's order: by scope, then as added.
     */
    static List<Address> primaries(NetState net, int index) {
        List<Address> out = new ArrayList<>();
        for (Address a : net.addresses(index)) {
            if (a.isIpv4() && out.stream().noneMatch(p -> p.prefixLength() == a.prefixLength()
                    && RouteLookup.covers(p.address(), p.prefixLength(), a.address()))) {
                out.add(a);
            }
        }
        out.sort(java.util.Comparator.comparingInt(Sources::scope));
        return out;
    }

    /** The snapshot keeps no address scope: 127.0.0.0/8 is the host's, the rest global, as `ip addr add` makes them. */
    static int scope(Address a) {
        return a.address().isLoopbackAddress() ? SCOPE_HOST : SCOPE_UNIVERSE;
    }
}
