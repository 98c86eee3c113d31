package dev.switchboard.net;

import dev.switchboard.net.netlink.Attributes;
import dev.switchboard.net.netlink.Message;
import dev.switchboard.net.netlink.Nl;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns rtnetlink messages into the model's records. Pure: bytes in, values out. */
public final class Decode {
    private static final String[] OPERSTATES = {"unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up"};

    private Decode() {}

    /** ifinfomsg (16 bytes): family, pad, type, index, flags, change; then attributes. */
    public static Link link(Message m) {
        ByteBuffer b = m.body();
        int index = b.getInt(4);
        int flags = b.getInt(8);
        Map<Integer, ByteBuffer> a = Attributes.parse(b, 16);
        String kind = "";
        int vlanId = 0;
        ByteBuffer info = a.get(Nl.IFLA_LINKINFO);
        if (info != null) {
            Map<Integer, ByteBuffer> li = Attributes.nested(info);
            if (li.containsKey(Nl.IFLA_INFO_KIND)) {
                kind = Attributes.string(li.get(Nl.IFLA_INFO_KIND));
            }
            if ("vlan".equals(kind) && li.containsKey(Nl.IFLA_INFO_DATA)) {
                ByteBuffer id = Attributes.nested(li.get(Nl.IFLA_INFO_DATA)).get(Nl.IFLA_VLAN_ID);
                vlanId = id == null ? 0 : Attributes.u16(id);
            }
        }
        int oper = a.containsKey(Nl.IFLA_OPERSTATE) ? Attributes.u8(a.get(Nl.IFLA_OPERSTATE)) : 0;
        ByteBuffer stats = a.get(Nl.IFLA_STATS64);
        return new Link(index,
                a.containsKey(Nl.IFLA_IFNAME) ? Attributes.string(a.get(Nl.IFLA_IFNAME)) : "if" + index,
                kind,
                a.containsKey(Nl.IFLA_LINK) ? (int) Attributes.u32(a.get(Nl.IFLA_LINK)) : 0,
                vlanId,
                (flags & Nl.IFF_UP) != 0,
                (flags & Nl.IFF_LOWER_UP) != 0,
                oper < OPERSTATES.length ? OPERSTATES[oper] : "unknown",
                a.containsKey(Nl.IFLA_MTU) ? (int) Attributes.u32(a.get(Nl.IFLA_MTU)) : 0,
                stats == null ? 0 : Attributes.u64(stats, 2), // rtnl_link_stats64: rx_packets, tx_packets, rx_bytes, tx_bytes
                stats == null ? 0 : Attributes.u64(stats, 3));
    }

    /** ifaddrmsg (8 bytes): family, prefixlen, flags, scope, index. IFA_LOCAL is ours on IPv4. */
    public static Address address(Message m) {
        ByteBuffer b = m.body();
        int prefix = b.get(1) & 0xff;
        int index = b.getInt(4);
        Map<Integer, ByteBuffer> a = Attributes.parse(b, 8);
        ByteBuffer value = a.containsKey(Nl.IFA_LOCAL) ? a.get(Nl.IFA_LOCAL) : a.get(Nl.IFA_ADDRESS);
        return new Address(index, Attributes.address(value), prefix);
    }

    /** rtmsg (12 bytes): family, dst_len, src_len, tos, table, protocol, scope, type, flags. */
    public static Route route(Message m) {
        ByteBuffer b = m.body();
        int family = b.get(0) & 0xff;
        int dstLength = b.get(1) & 0xff;
        Map<Integer, ByteBuffer> a = Attributes.parse(b, 12);
        int table = a.containsKey(Nl.RTA_TABLE) ? (int) Attributes.u32(a.get(Nl.RTA_TABLE)) : b.get(4) & 0xff;
        InetAddress dst = a.containsKey(Nl.RTA_DST) ? Attributes.address(a.get(Nl.RTA_DST)) : Route.any(family == Nl.AF_INET);
        Optional<InetAddress> gateway = Optional.ofNullable(a.get(Nl.RTA_GATEWAY)).map(Attributes::address);
        int oif = a.containsKey(Nl.RTA_OIF) ? (int) Attributes.u32(a.get(Nl.RTA_OIF)) : 0;
        List<Route.NextHop> hops = a.containsKey(Nl.RTA_MULTIPATH) ? nexthops(a.get(Nl.RTA_MULTIPATH)) : List.of();
        if (!hops.isEmpty() && oif == 0 && gateway.isEmpty()) { // a multipath route: where one path is asked for, the first
            oif = hops.get(0).oif();
            gateway = hops.get(0).gateway();
        }
        return new Route(family, table, dst, dstLength, gateway, oif,
                a.containsKey(Nl.RTA_PRIORITY) ? Attributes.u32(a.get(Nl.RTA_PRIORITY)) : 0,
                b.get(5) & 0xff, b.get(6) & 0xff, b.get(7) & 0xff, Optional.ofNullable(a.get(Nl.RTA_PREFSRC)).map(Attributes::address),
                hops);
    }

    /** RTA_MULTIPATH: rtnexthop (8 bytes: len u16, flags u8, hops u8, ifindex i32), each followed by its attributes. */
    static List<Route.NextHop> nexthops(ByteBuffer v) {
        List<Route.NextHop> hops = new ArrayList<>();
        int at = 0;
        while (at + 8 <= v.limit()) {
            int len = v.getShort(at) & 0xffff;
            if (len < 8 || at + len > v.limit()) {
                break; // a malformed tail: keep what was whole
            }
            ByteBuffer one = v.duplicate().position(at).limit(at + len).slice().order(v.order());
            Optional<InetAddress> via = Optional.ofNullable(Attributes.parse(one, 8).get(Nl.RTA_GATEWAY)).map(Attributes::address);
            hops.add(new Route.NextHop(one.getInt(4), via, (one.get(3) & 0xff) + 1));
            at += (len + 3) & ~3; // RTNH_ALIGN
        }
        return hops;
    }

    /** fib_rule_hdr (12 bytes): family, dst_len, src_len, tos, table, res1, res2, action, flags. */
    public static Rule rule(Message m) {
        ByteBuffer b = m.body();
        int family = b.get(0) & 0xff;
        Map<Integer, ByteBuffer> a = Attributes.parse(b, 12);
        int table = a.containsKey(Nl.FRA_TABLE) ? (int) Attributes.u32(a.get(Nl.FRA_TABLE)) : b.get(4) & 0xff;
        Rule.Selectors more = new Rule.Selectors(Optional.ofNullable(a.get(Nl.FRA_DST)).map(Attributes::address), b.get(1) & 0xff,
                a.containsKey(Nl.FRA_IIFNAME) ? Attributes.string(a.get(Nl.FRA_IIFNAME)) : "",
                a.containsKey(Nl.FRA_OIFNAME) ? Attributes.string(a.get(Nl.FRA_OIFNAME)) : "",
                a.containsKey(Nl.FRA_FWMARK) ? Attributes.u32(a.get(Nl.FRA_FWMARK)) : 0,
                a.containsKey(Nl.FRA_FWMASK) ? Attributes.u32(a.get(Nl.FRA_FWMASK)) : 0,
                (b.getInt(8) & Nl.FIB_RULE_INVERT) != 0,
                a.containsKey(Nl.FRA_SUPPRESS_PREFIXLEN) ? (int) Attributes.u32(a.get(Nl.FRA_SUPPRESS_PREFIXLEN)) : -1,
                a.containsKey(Nl.FRA_GOTO) ? Attributes.u32(a.get(Nl.FRA_GOTO)) : 0);
        return new Rule(family, table, a.containsKey(Nl.FRA_PRIORITY) ? Attributes.u32(a.get(Nl.FRA_PRIORITY)) : 0,
                Optional.ofNullable(a.get(Nl.FRA_SRC)).map(Attributes::address), b.get(2) & 0xff,
                a.containsKey(Nl.FRA_PROTOCOL) ? Attributes.u8(a.get(Nl.FRA_PROTOCOL)) : 0, b.get(7) & 0xff, more);
    }

    /** The preferred source the kernel chose for a route-get answer, if any. */
    public static Optional<InetAddress> preferredSource(Message m) {
        return Optional.ofNullable(Attributes.parse(m.body(), 12).get(Nl.RTA_PREFSRC)).map(Attributes::address);
    }

    /** ndmsg (12 bytes): family, pads, ifindex, state, flags, type. */
    public static Optional<Neighbour> neighbour(Message m) {
        ByteBuffer b = m.body();
        int index = b.getInt(4);
        int state = b.getShort(8) & 0xffff;
        ByteBuffer dst = Attributes.parse(b, 12).get(Nl.NDA_DST);
        return dst == null ? Optional.empty() : Optional.of(new Neighbour(index, Attributes.address(dst), state));
    }
}
