package dev.switchboard.net.netlink;

/** Constants of linux/netlink.h, linux/rtnetlink.h, linux/if_link.h and friends, named as there. */
public final class Nl {
    private Nl() {}

    // nlmsghdr types and flags
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_DUMP = 0x300;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    public static final int NLM_F_CAPPED = 0x100; // on NLMSG_ERROR: the request is not echoed
    public static final int NLM_F_ACK_TLVS = 0x200; // on NLMSG_ERROR: extended ack attributes follow
    public static final int NLMSGERR_ATTR_MSG = 1;
    public static final int NETLINK_EXT_ACK = 11;
    public static final int NETLINK_ROUTE = 0;
    public static final int HEADER = 16;

    // rtnetlink message types
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;
    public static final int RTM_NEWNEIGH = 28;
    public static final int RTM_DELNEIGH = 29;
    public static final int RTM_GETNEIGH = 30;
    public static final int RTM_NEWRULE = 32;
    public static final int RTM_DELRULE = 33;
    public static final int RTM_GETRULE = 34;

    // multicast groups (bit = 1 << (group - 1))
    public static final int RTNLGRP_LINK = 1;
    public static final int RTNLGRP_NEIGH = 3;
    public static final int RTNLGRP_IPV4_IFADDR = 5;
    public static final int RTNLGRP_IPV4_ROUTE = 7;
    public static final int RTNLGRP_IPV6_IFADDR = 9;
    public static final int RTNLGRP_IPV6_ROUTE = 11;
    public static final int RTNLGRP_IPV4_RULE = 8;
    public static final int RTNLGRP_IPV6_RULE = 19;

    // address families
    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    // ifinfomsg flags and attributes
    public static final int IFF_UP = 0x1;
    public static final int IFF_LOWER_UP = 0x10000;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_LINK = 5;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_LINKINFO = 18;
    public static final int IFLA_STATS64 = 23;
    public static final int IFLA_NET_NS_FD = 28;
    public static final int IFLA_AF_SPEC = 26;
    public static final int IFLA_INET_CONF = 1;
    public static final int IFLA_INET6_ADDR_GEN_MODE = 8;
    public static final int IN6_ADDR_GEN_MODE_NONE = 1;
    public static final int IPV4_DEVCONF_FORWARDING = 1;
    public static final int IPV4_DEVCONF_PROMOTE_SECONDARIES = 20;
    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;
    public static final int IFLA_VLAN_ID = 1;
    public static final int VETH_INFO_PEER = 1;

    // ifaddrmsg attributes
    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    /** ifa_flags: an IPv6 address usable at once, without duplicate address detection. */
    public static final int IFA_F_NODAD = 0x02;

    // rtmsg fields and attributes
    public static final int RTA_DST = 1;
    public static final int RTA_OIF = 4;
    public static final int RTA_GATEWAY = 5;
    public static final int RTA_PRIORITY = 6;
    public static final int RTA_MULTIPATH = 9;
    public static final int RTA_PREFSRC = 7;
    public static final int RTA_TABLE = 15;
    public static final int RTA_SRC = 2;
    public static final int RTA_MARK = 16;
    // rtm_type: what a route does with a packet
    public static final int RTN_UNICAST = 1;
    public static final int RTN_LOCAL = 2;
    public static final int RTN_BLACKHOLE = 6;
    public static final int RTN_UNREACHABLE = 7;
    public static final int RTN_PROHIBIT = 8;
    /** A `throw` route: this table has no answer after all, and the lookup goes on with the next rule. */
    public static final int RTN_THROW = 9;
    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_NOWHERE = 255;
    /** rtm_flags of a route get: answer with the route that matched rather than the result. */
    public static final int RTM_F_FIB_MATCH = 0x2000;

    // fib_rule_hdr fields and attributes (linux/fib_rules.h)
    public static final int FRA_DST = 1;
    public static final int FRA_SRC = 2;
    public static final int FRA_IIFNAME = 3;
    public static final int FRA_GOTO = 4;
    public static final int FRA_FWMARK = 10;
    public static final int FRA_SUPPRESS_PREFIXLEN = 14;
    public static final int FRA_FWMASK = 16;
    public static final int FRA_OIFNAME = 17;
    public static final int FIB_RULE_INVERT = 2;
    public static final int FRA_PRIORITY = 6;
    public static final int FRA_TABLE = 15;
    public static final int FRA_PROTOCOL = 21;
    public static final int FR_ACT_UNSPEC = 0;
    public static final int FR_ACT_TO_TBL = 1;
    public static final int FR_ACT_GOTO = 2;
    public static final int RT_TABLE_UNSPEC = 0;

    // ndmsg flags and attributes
    public static final int NTF_USE = 0x01;
    public static final int NDA_DST = 1;
    public static final int NDA_LLADDR = 2;
}
