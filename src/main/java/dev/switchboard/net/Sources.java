package dev.switchboard.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The source address the kernel gives a packet that has none, for a route through link {@code oif}.
 * IPv4 (inet_select_addr): the link's first primary address in the gateway's subnet, else its first
 * primary address of a fitting scope, else the first such address of any link. IPv6
 * (ipv6_dev_get_saddr, RFC 6724): see {@link #select6}. Pure.
 */
final class Sources {
    static final int SCOPE_UNIVERSE = 0;
    static final int SCOPE_LINK = 253;
    static final int SCOPE_HOST = 254;

    private Sources() {}

    static Optional<InetAddress> select(NetState net, int oif, Optional<InetAddress> gateway, int scope) {
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

    /**
     * ipv6_dev_get_saddr for a packet to {@code dst} out of link {@code oif}: of the box's IPv6
     * addresses (only {@code oif}'s for a link-local destination), the best by RFC 6724's rules in
     * the kernel's order: the destination itself, a scope no smaller than the destination's (else
     * the largest), on {@code oif}, the same label in the default policy table, the longest common
     * prefix (at most the address's own length); of equals the first, each link's newest first as
     * a dump lists them. A snapshot keeps no address flags: every address counts as preferred,
     * permanent, not temporary and not tentative, and the label table as the kernel's default.
     */
    static Optional<InetAddress> select6(NetState net, int oif, InetAddress dst) {
        int dstScope = scope6(dst);
        List<Address> candidates = new ArrayList<>();
        if (dstScope <= SCOPE6_LINK) {
            candidates.addAll(net.addresses(oif));
        } else {
            net.links().forEach(l -> candidates.addAll(net.addresses(l.index())));
        }
        Address best = null;
        int[] bestScore = null;
        for (Address a : candidates) {
            if (a.isIpv4() || a.address().isAnyLocalAddress() || a.address().isMulticastAddress()) {
                continue;
            }
            int scope = scope6(a.address());
            int[] score = {a.address().equals(dst) ? 1 : 0, scope >= dstScope ? -scope : scope - 128, a.index() == oif ? 1 : 0,
                label(a.address()) == label(dst) ? 1 : 0, orchid(a.address()) == orchid(dst) ? 1 : 0,
                Math.min(commonPrefix(a.address(), dst), a.prefixLength())};
            if (bestScore == null || java.util.Arrays.compare(score, bestScore) > 0) {
                best = a;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best).map(Address::address);
    }

    private static final int SCOPE6_LINK = 2;

    /** An IPv6 unicast address's scope as the kernel numbers it: 1 the loopback, 2 link-local, 5 site-local, 14 the rest (ULA too). */
    static int scope6(InetAddress a) {
        return a.isLoopbackAddress() ? 1 : a.isLinkLocalAddress() ? SCOPE6_LINK : a.isSiteLocalAddress() ? 5 : 14;
    }

    private record Label(InetAddress prefix, int length, int label) {}

    /**
     * RFC 6724's default policy table (the kernel's ip6addrlbl_init_table), longest prefix first;
     * without ::ffff:0:0/96, since Java reads an IPv4-mapped address as IPv4: none is ever looked up.
     */
    private static final List<Label> LABELS = java.util.stream.Stream.of("::1/128=0", "::/96=3", "2001::/32=6",
            "2001:10::/28=7", "3ffe::/16=12", "2002::/16=2", "fec0::/10=11", "fc00::/7=5", "::/0=1")
            .map(l -> new Label(dev.switchboard.config.IpLiteral.parse(l.substring(0, l.indexOf('/'))).orElseThrow(),
                    Integer.parseInt(l.substring(l.indexOf('/') + 1, l.indexOf('='))), Integer.parseInt(l.substring(l.indexOf('=') + 1))))
            .toList();

    static int label(InetAddress a) {
        return LABELS.stream().filter(l -> RouteLookup.covers(l.prefix(), l.length(), a)).findFirst().map(Label::label).orElse(1);
    }

    /** ORCHID (2001:10::/28), which a source avoids unless the destination is one too. */
    private static boolean orchid(InetAddress a) {
        return label(a) == 7;
    }

    /** How many leading bits two addresses share. */
    static int commonPrefix(InetAddress a, InetAddress b) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        for (int i = 0; i < x.length; i++) {
            int diff = (x[i] ^ y[i]) & 0xff;
            if (diff != 0) {
                return 8 * i + Integer.numberOfLeadingZeros(diff) - 24;
            }
        }
        return 8 * x.length;
    }
}
