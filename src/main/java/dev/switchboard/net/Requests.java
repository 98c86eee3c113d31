package dev.switchboard.net;

import dev.switchboard.net.netlink.MessageWriter;
import dev.switchboard.net.netlink.Nl;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * The request messages switchboard sends, built as `ip` builds them. Pure, so the bytes can be
 * compared with what iproute2 sends for the same command.
 */
public final class Requests {
    private static final int CHANGE = Nl.NLM_F_REQUEST | Nl.NLM_F_ACK;

    private Requests() {}

    /** A dump of every link, address, route or neighbour of {@code family} (AF_UNSPEC: all). */
    public static MessageWriter dump(int type, int family) {
        MessageWriter w = new MessageWriter(type, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP);
        return switch (type) {
            case Nl.RTM_GETROUTE -> rtmsg(w, family, 0, 0, 0, 0, 0);
            case Nl.RTM_GETRULE -> w.u8(family).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0); // fib_rule_hdr
            case Nl.RTM_GETADDR -> w.u8(family).u8(0).u8(0).u8(0).u32(0); // ifaddrmsg
            case Nl.RTM_GETNEIGH -> w.u8(family).u8(0).u16(0).u32(0).u16(0).u8(0).u8(0); // ndmsg
            default -> w.u8(family).u8(0).u16(0).u32(0).u32(0).u32(0); // ifinfomsg
        };
    }

    /** ifinfomsg with family and index. */
    private static MessageWriter link(int type, int flags, int index, int ifFlags, int change) {
        return new MessageWriter(type, flags).u8(Nl.AF_UNSPEC).u8(0).u16(0).u32(index).u32(ifFlags).u32(change);
    }

    /** `ip link add NAME type veth peer name PEER` (the peer in the namespace of {@code peerNsFd} if ≥ 0). */
    public static MessageWriter addVeth(String name, String peer, int peerNsFd) {
        MessageWriter w = link(Nl.RTM_NEWLINK, CHANGE | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, 0, 0, 0)
                .attrString(Nl.IFLA_IFNAME, name)
                .begin(Nl.IFLA_LINKINFO).attrString(Nl.IFLA_INFO_KIND, "veth")
                .begin(Nl.IFLA_INFO_DATA).begin(Nl.VETH_INFO_PEER)
                .u8(Nl.AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0) // the peer's ifinfomsg
                .attrString(Nl.IFLA_IFNAME, peer);
        if (peerNsFd >= 0) {
            w.attrU32(Nl.IFLA_NET_NS_FD, peerNsFd);
        }
        return w.end().end().end();
    }

    /** `ip link add link PARENT name NAME type vlan id ID`. */
    public static MessageWriter addVlan(String name, int parentIndex, int id) {
        return link(Nl.RTM_NEWLINK, CHANGE | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, 0, 0, 0)
                .attrU32(Nl.IFLA_LINK, parentIndex)
                .attrString(Nl.IFLA_IFNAME, name)
                .begin(Nl.IFLA_LINKINFO).attr(Nl.IFLA_INFO_KIND, "vlan".getBytes(StandardCharsets.US_ASCII)) // no NUL, as iproute2
                .begin(Nl.IFLA_INFO_DATA).attrU16(Nl.IFLA_VLAN_ID, id).end().end();
    }

    /** `ip link del dev NAME` (by index). */
    public static MessageWriter deleteLink(int index) {
        return link(Nl.RTM_DELLINK, CHANGE, index, 0, 0);
    }

    /** `ip link set dev NAME up|down`. */
    public static MessageWriter setUp(int index, boolean up) {
        return link(Nl.RTM_NEWLINK, CHANGE, index, up ? Nl.IFF_UP : 0, Nl.IFF_UP);
    }

    /** `ip link set dev NAME mtu MTU`. */
    public static MessageWriter setMtu(int index, int mtu) {
        return link(Nl.RTM_NEWLINK, CHANGE, index, 0, 0).attrU32(Nl.IFLA_MTU, mtu);
    }

    /** `sysctl net.ipv4.conf.NAME.KEY=VALUE`, the netlink way (IFLA_AF_SPEC / AF_INET / IFLA_INET_CONF). */
    public static MessageWriter setIpv4DevConf(int index, int key, int value) {
        return link(Nl.RTM_NEWLINK, CHANGE, index, 0, 0)
                .begin(Nl.IFLA_AF_SPEC).begin(Nl.AF_INET).begin(Nl.IFLA_INET_CONF)
                .attrU32(key, value)
                .end().end().end();
    }

    /**
     * `ip link set dev NAME addrgenmode none`: the link makes no IPv6 link-local address of its own
     * when it comes up (whose duplicate address detection would take a second).
     */
    public static MessageWriter noLinkLocal(int index) {
        return link(Nl.RTM_NEWLINK, CHANGE, index, 0, 0)
                .begin(Nl.IFLA_AF_SPEC).begin(Nl.AF_INET6).attrU8(Nl.IFLA_INET6_ADDR_GEN_MODE, Nl.IN6_ADDR_GEN_MODE_NONE).end().end();
    }

    /** Asks for one link by name (answers with RTM_NEWLINK). */
    public static MessageWriter getLink(String name) {
        return link(Nl.RTM_GETLINK, Nl.NLM_F_REQUEST, 0, 0, 0).attrString(Nl.IFLA_IFNAME, name);
    }

    /** `ip addr add|del ADDRESS/PREFIX dev NAME`. */
    public static MessageWriter address(boolean add, int index, InetAddress address, int prefix) {
        return address(add, index, address, prefix, 0);
    }

    /** `ip addr add ADDRESS/PREFIX dev NAME` with ifa_flags {@code flags} (`nodad`: {@link Nl#IFA_F_NODAD}). */
    public static MessageWriter address(boolean add, int index, InetAddress address, int prefix, int flags) {
        boolean v4 = address instanceof Inet4Address;
        MessageWriter w = new MessageWriter(add ? Nl.RTM_NEWADDR : Nl.RTM_DELADDR, add ? CHANGE | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL : CHANGE)
                .u8(v4 ? Nl.AF_INET : Nl.AF_INET6).u8(prefix).u8(flags).u8(Nl.RT_SCOPE_UNIVERSE).u32(index);
        w.attr(Nl.IFA_LOCAL, address.getAddress());
        return w.attr(Nl.IFA_ADDRESS, address.getAddress());
    }

    /** ndmsg for one neighbour of link {@code index}, with its address as NDA_DST. */
    private static MessageWriter neighbour(int type, int flags, int index, InetAddress address, int state, int ntf) {
        return new MessageWriter(type, flags).u8(address instanceof Inet4Address ? Nl.AF_INET : Nl.AF_INET6).u8(0).u16(0)
                .u32(index).u16(state).u8(ntf).u8(0)
                .attr(Nl.NDA_DST, address.getAddress());
    }

    /** `ip neigh get ADDRESS dev DEV` (answered by RTM_NEWNEIGH, or ENOENT). */
    public static MessageWriter getNeighbour(int index, InetAddress address) {
        return neighbour(Nl.RTM_GETNEIGH, Nl.NLM_F_REQUEST, index, address, 0, 0);
    }

    /**
     * `ip neigh change ADDRESS dev DEV nud STATE`, keeping the entry's link-layer address. Not
     * NLM_F_REPLACE: that would also reset an IPv6 neighbour's router flag.
     */
    public static MessageWriter setNeighbourState(int index, InetAddress address, int state) {
        return neighbour(Nl.RTM_NEWNEIGH, CHANGE, index, address, state, 0);
    }

    /** `ip neigh replace ADDRESS dev DEV [lladdr LLADDR] nud STATE`: an entry as another process (or the network) left it. */
    public static MessageWriter putNeighbour(int index, InetAddress address, int state, byte[] lladdr) {
        MessageWriter w = neighbour(Nl.RTM_NEWNEIGH, CHANGE | Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE, index, address, state, 0);
        return lladdr == null ? w : w.attr(Nl.NDA_LLADDR, lladdr);
    }

    /** NTF_USE: as if a packet were waiting for the neighbour, so the kernel resolves it (creating the entry). */
    public static MessageWriter useNeighbour(int index, InetAddress address) {
        return neighbour(Nl.RTM_NEWNEIGH, CHANGE | Nl.NLM_F_CREATE, index, address, 0, Nl.NTF_USE);
    }

    /** The three ways to change a route, as `ip route add|replace|del`. */
    public enum RouteOp { ADD, REPLACE, DELETE }

    /** `ip route add|replace|del default via GATEWAY dev DEV metric METRIC proto PROTO`. */
    public static MessageWriter route(RouteOp op, Route r) {
        int flags = switch (op) {
            case ADD -> CHANGE | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL;
            case REPLACE -> CHANGE | Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE;
            case DELETE -> CHANGE;
        };
        MessageWriter w = new MessageWriter(op == RouteOp.DELETE ? Nl.RTM_DELROUTE : Nl.RTM_NEWROUTE, flags);
        // a delete's scope is RT_SCOPE_NOWHERE, as iproute2 sends it: any scope matches (a link-scope route too)
        rtmsg(w, r.family(), r.dstLength(), r.table(), r.protocol(), op == RouteOp.DELETE ? Nl.RT_SCOPE_NOWHERE : r.scope(), r.type());
        if (r.dstLength() > 0) {
            w.attr(Nl.RTA_DST, r.dst().getAddress());
        }
        r.gateway().ifPresent(g -> w.attr(Nl.RTA_GATEWAY, g.getAddress()));
        w.attrU32(Nl.RTA_PRIORITY, r.metric());
        if (r.oif() > 0) {
            w.attrU32(Nl.RTA_OIF, r.oif());
        }
        if (r.table() > 255) {
            w.attrU32(Nl.RTA_TABLE, r.table());
        }
        if (op != RouteOp.DELETE) {
            r.prefsrc().ifPresent(p -> w.attr(Nl.RTA_PREFSRC, p.getAddress()));
        }
        return w;
    }

    /**
     * `ip rule add|del [from SRC/LEN] lookup TABLE priority PRIO proto PROTO`, attributes in
     * iproute2's order; a table past 255 goes in FRA_TABLE, the header's byte left unspecified.
     * A delete carries no action, as iproute2 sends it.
     */
    public static MessageWriter rule(boolean add, Rule r) {
        Rule.Selectors m = r.more();
        MessageWriter w = new MessageWriter(add ? Nl.RTM_NEWRULE : Nl.RTM_DELRULE, add ? CHANGE | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL : CHANGE)
                .u8(r.family()).u8(m.dstLength()).u8(r.srcLength()).u8(0)
                .u8(r.table() > 255 || r.action() != Nl.FR_ACT_TO_TBL ? Nl.RT_TABLE_UNSPEC : r.table()).u8(0).u8(0)
                .u8(add ? r.action() : Nl.FR_ACT_UNSPEC).u32(m.invert() ? Nl.FIB_RULE_INVERT : 0);
        r.src().ifPresent(s -> w.attr(Nl.FRA_SRC, s.getAddress()));
        m.dst().ifPresent(d -> w.attr(Nl.FRA_DST, d.getAddress()));
        if (!m.iif().isEmpty()) {
            w.attrString(Nl.FRA_IIFNAME, m.iif());
        }
        if (!m.oif().isEmpty()) {
            w.attrString(Nl.FRA_OIFNAME, m.oif());
        }
        if (m.fwmark() != 0 || m.fwmask() != 0) {
            w.attrU32(Nl.FRA_FWMARK, m.fwmark()).attrU32(Nl.FRA_FWMASK, m.fwmask());
        }
        if (m.suppressPrefixLength() >= 0) {
            w.attrU32(Nl.FRA_SUPPRESS_PREFIXLEN, m.suppressPrefixLength());
        }
        if (r.action() == Nl.FR_ACT_GOTO) {
            w.attrU32(Nl.FRA_GOTO, m.gotoPriority());
        }
        if (r.table() > 255 && r.action() == Nl.FR_ACT_TO_TBL) {
            w.attrU32(Nl.FRA_TABLE, r.table());
        }
        w.attrU32(Nl.FRA_PRIORITY, r.priority());
        return w.attrU8(Nl.FRA_PROTOCOL, r.protocol());
    }

    /** `ip route get DST [from SRC] [oif DEV]`: which route a packet to DST takes. */
    public static MessageWriter routeGet(InetAddress dst, InetAddress src, int oif) {
        return routeGet(dst, src, oif, 0);
    }

    /** `ip route get DST [from SRC] [oif DEV] [mark MARK]`: which route a packet to DST takes. */
    public static MessageWriter routeGet(InetAddress dst, InetAddress src, int oif, long mark) {
        return routeGet(dst, src, oif, mark, false);
    }

    /** The same, `fibmatch`: answered with the route that matched (its table, prefix, metric), not the result. */
    public static MessageWriter routeGet(InetAddress dst, InetAddress src, int oif, long mark, boolean fibMatch) {
        boolean v4 = dst instanceof Inet4Address;
        MessageWriter w = new MessageWriter(Nl.RTM_GETROUTE, Nl.NLM_F_REQUEST);
        rtmsg(w, v4 ? Nl.AF_INET : Nl.AF_INET6, v4 ? 32 : 128, 0, 0, 0, 0, fibMatch ? Nl.RTM_F_FIB_MATCH : 0);
        w.attr(Nl.RTA_DST, dst.getAddress());
        if (src != null) {
            w.attr(Nl.RTA_SRC, src.getAddress());
        }
        if (oif > 0) {
            w.attrU32(Nl.RTA_OIF, oif);
        }
        if (mark != 0) {
            w.attrU32(Nl.RTA_MARK, mark);
        }
        return w;
    }

    private static MessageWriter rtmsg(MessageWriter w, int family, int dstLength, int table, int protocol, int scope, int type) {
        return rtmsg(w, family, dstLength, table, protocol, scope, type, 0);
    }

    private static MessageWriter rtmsg(MessageWriter w, int family, int dstLength, int table, int protocol, int scope, int type, int flags) {
        // table goes in the header byte while it fits, as iproute2 does; past 255 it is RTA_TABLE's
        return w.u8(family).u8(dstLength).u8(0).u8(0).u8(table > 255 ? Nl.RT_TABLE_UNSPEC : table).u8(protocol).u8(scope).u8(type).u32(flags);
    }
}
