package dev.switchboard.net;

import dev.switchboard.net.netlink.Nl;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's output route lookup (`ip route get DST [from SRC] [oif DEV] [mark MARK]`) done over
 * a {@link NetState}, so a snapshot answers on any machine as its box did: rules by priority and
 * their selectors, then in a table the longest prefix, the lowest metric, the nexthop on {@code
 * oif}; the source address as the kernel picks it. Pure. Modelled on the kernel's fib_rules,
 * IPv4's fib_trie and inet_select_addr, IPv6's fib6_table_lookup, rt6_select ({@link Table6}) and
 * ipv6_dev_get_saddr ({@link Sources#select6}); held to the kernel's answer by property tests
 * for both families. IPv6 differs from IPv4 here: any source is taken (the kernel checks none),
 * a pinned interface without a source is strict and has no on-link fallback, a rule {@code from}
 * a prefix never matches a query without a source, and a gateway whose neighbour is FAILED is
 * passed over. A multipath (ECMP) route answers with the pinned link's path, else its first,
 * the route carrying all its next hops; IPv6 scores each path on its own, as the kernel keeps
 * each as a route of its own, so a path through a FAILED gateway is passed over too. Not
 * modelled, because a snapshot does not hold it: which path of a multipath route a flow takes
 * when the pin does not decide it ({@link Query#pinDecides}; a flow's path is a hash with a
 * per-boot random key), IPv6's included (the kernel merges routes of one prefix and metric
 * through gateways that are appended, `ip -6 route append`, into one); IPv6 address
 * flags (tentative, deprecated, temporary, optimistic) and address labels other than RFC 6724's
 * defaults; the preference (high, low) of routes learnt from router advertisements; links that
 * are down; IPv6 forwarding on (which makes the kernel stop passing over FAILED gateways).
 */
public final class RouteLookup {
    private static final int LOOPBACK = 1; // an output lookup's "incoming" interface, as the kernel sets it

    private RouteLookup() {}

    /** What is asked: a packet to {@code dst}, from {@code src} if the socket has one, out of {@code oif} if pinned (0: not), with mark {@code mark}. */
    public record Query(InetAddress dst, Optional<InetAddress> src, int oif, long mark) {
        public int family() {
            return dst instanceof Inet4Address ? Route.AF_INET : Route.AF_INET6;
        }

        /**
         * Whether the pinned link alone decides the path: IPv4's pin always; IPv6's in the kernel's
         * strict lookup only (RT6_LOOKUP_F_IFACE: no source, or a link-local or loopback destination).
         */
        public boolean pinDecides() {
            return oif > 0 && (family() == Route.AF_INET || src.isEmpty() || dst.isLinkLocalAddress() || dst.isLoopbackAddress());
        }
    }

    /**
     * The kernel's answer: the rule that decided (empty when none did or the pin's fallback did),
     * the table, the route (empty when the kernel assumed the destination on the pinned link because
     * no route matched), its type, the interface, gateway and source; or {@code error}, the errno's
     * name (ENETUNREACH, EHOSTUNREACH, EACCES, EINVAL, ENODEV).
     */
    public record Answer(Optional<Rule> rule, int table, Optional<Route> route, int type, int oif, Optional<InetAddress> gateway,
            Optional<InetAddress> source, Optional<String> error) {
        public static Answer error(String errno) {
            return new Answer(Optional.empty(), 0, Optional.empty(), 0, 0, Optional.empty(), Optional.empty(), Optional.of(errno));
        }

        public boolean ok() {
            return error.isEmpty();
        }
    }

    /** The rules the kernel starts with, for a state that lists none (0 local, 32766 main; IPv4's 32767 default too). */
    static List<Rule> defaultRules(int family) {
        List<Rule> rules = List.of(new Rule(family, Route.TABLE_LOCAL, 0, Optional.empty(), 0, 2, Rule.FR_ACT_TO_TBL),
                new Rule(family, Route.TABLE_MAIN, 32766, Optional.empty(), 0, 2, Rule.FR_ACT_TO_TBL),
                new Rule(family, 253, 32767, Optional.empty(), 0, 2, Rule.FR_ACT_TO_TBL));
        return family == Route.AF_INET6 ? rules.subList(0, 2) : rules;
    }

    public static Answer lookup(NetState net, Query q) {
        int family = q.family();
        boolean v6 = family == Route.AF_INET6;
        if (!v6 && q.src().isPresent() && !isLocal(net, q.src().get())) {
            return Answer.error("ENETUNREACH"); // a source the box does not have: the kernel refuses before any rule
        }
        if (!v6 && q.oif() > 0) {
            Optional<Link> pinned = net.link(q.oif());
            if (pinned.isEmpty()) {
                return Answer.error("ENODEV");
            }
            if (!pinned.get().up()) {
                return Answer.error("ENETUNREACH");
            }
        }
        List<Rule> rules = rules(net, family);
        String failure = "ENETUNREACH"; // no rule answered: ESRCH, which the kernel reports as this
        Found found = null;
        for (int i = 0; i < rules.size() && found == null; i++) {
            Rule rule = rules.get(i);
            if (!matches(net, rule, q)) {
                continue;
            }
            if (rule.action() == Rule.FR_ACT_GOTO) {
                int target = target(rules, rule, i);
                if (target >= 0) {
                    i = target - 1; // the walk goes on from the target, which is matched as any rule
                }
                continue;
            }
            if (rule.action() == Rule.FR_ACT_NOP) {
                continue;
            }
            if (rule.action() != Rule.FR_ACT_TO_TBL) {
                failure = rule.action() == Rule.FR_ACT_UNREACHABLE ? "ENETUNREACH" : rule.action() == Rule.FR_ACT_PROHIBIT ? "EACCES" : "EINVAL";
                break;
            }
            TableResult t = table(net, rule.table(), family, q);
            if (t.error().equals("EAGAIN")) {
                continue;
            }
            if (!t.error().isEmpty()) {
                failure = t.error();
                break;
            }
            if (t.route().dstLength() <= rule.more().suppressPrefixLength()) {
                continue; // suppress_prefixlength: an answer this general does not count here
            }
            found = new Found(rule, t.route(), t.path());
        }
        int lo = net.link("lo").map(Link::index).orElse(LOOPBACK);
        Answer answer;
        if (found == null) {
            if (q.oif() <= 0 || v6) {
                return Answer.error(failure);
            }
            // the kernel's "routing tables are wrong": a pinned socket's packet goes out of its link as if on it
            Optional<InetAddress> source = q.src().or(() -> Sources.select(net, q.oif(), Optional.empty(), Sources.SCOPE_LINK));
            answer = new Answer(Optional.empty(), 0, Optional.empty(), Nl.RTN_UNICAST, q.oif(), Optional.empty(), source, Optional.empty());
        } else {
            Route r = found.route();
            boolean local = r.type() == Nl.RTN_LOCAL;
            Route.NextHop path = found.path();
            Optional<InetAddress> source = q.src().or(r::prefsrc).or(() -> v6 ? Sources.select6(net, path.oif(), q.dst())
                    : local ? Optional.of(q.dst()) : Sources.select(net, path.oif(), path.gateway(), r.scope()));
            answer = new Answer(Optional.of(found.rule()), r.table(), Optional.of(r), r.type(), local ? lo : path.oif(),
                    local ? Optional.empty() : path.gateway(), source, Optional.empty());
        }
        if (!v6 && answer.oif() != lo && answer.source().filter(InetAddress::isLoopbackAddress).isPresent()) {
            return Answer.error("EINVAL"); // a loopback source never leaves the box
        }
        return answer;
    }

    private record Found(Rule rule, Route route, Route.NextHop path) {}

    /**
     * A table's answer: a route and the path of it the packet takes, or an errno's name ("EAGAIN":
     * none here, the next rule is tried).
     */
    record TableResult(Route route, Route.NextHop path, String error) {
        static TableResult of(Route route, Route.NextHop path) {
            return new TableResult(route, path, "");
        }

        static TableResult error(String errno) {
            return new TableResult(null, null, errno);
        }
    }

    /**
     * fib_table_lookup: prefixes longest first, in a prefix the lowest metric first; a reject type
     * (unreachable, blackhole, prohibit, throw) answers with its error at once, a unicast route
     * only if one of its paths is on the pinned link (that path answers).
     */
    static TableResult table(NetState net, int table, int family, Query q) {
        if (family == Route.AF_INET6) {
            return Table6.lookup(net, table, q);
        }
        List<Route> candidates = new ArrayList<>();
        for (Route r : net.routes()) {
            if (r.table() == table && r.family() == family && covers(r.dst(), r.dstLength(), q.dst())) {
                candidates.add(r);
            }
        }
        candidates.sort(Comparator.comparingInt(Route::dstLength).reversed().thenComparingLong(Route::metric));
        for (Route r : candidates) {
            String reject = reject(r.type());
            if (!reject.isEmpty()) {
                return TableResult.error(reject);
            }
            // a multipath route: the pinned link's path, else the first (which one a flow takes is the kernel's hash)
            Optional<Route.NextHop> path = r.paths().stream().filter(h -> q.oif() <= 0 || h.oif() == q.oif()).findFirst();
            if (path.isPresent()) {
                return TableResult.of(r, path.get());
            }
        }
        return TableResult.error("EAGAIN");
    }

    /** A rejecting route type's errno's name ("EAGAIN" for throw: the next rule), or "" for the others. */
    static String reject(int type) {
        return switch (type) {
            case Nl.RTN_BLACKHOLE -> "EINVAL";
            case Nl.RTN_UNREACHABLE -> "EHOSTUNREACH";
            case Nl.RTN_PROHIBIT -> "EACCES";
            case Nl.RTN_THROW -> "EAGAIN";
            default -> "";
        };
    }

    /** fib_rule_match and fib4_rule_match (fib6_rule_match): every selector the rule has, inverted by `not`. */
    static boolean matches(NetState net, Rule rule, Query q) {
        Rule.Selectors m = rule.more();
        boolean match = (m.iif().isEmpty() || index(net, m.iif()) == LOOPBACK)
                && (m.oif().isEmpty() || index(net, m.oif()) == q.oif() && q.oif() > 0)
                && ((m.fwmark() ^ q.mark()) & m.fwmask()) == 0
                && (rule.srcLength() == 0 || rule.src().isEmpty() || fromMatches(rule, q))
                && (m.dstLength() == 0 || m.dst().isEmpty() || covers(m.dst().get(), m.dstLength(), q.dst()));
        return match != m.invert();
    }

    /** A rule's {@code from}: IPv4 holds a query without a source to 0.0.0.0, IPv6 matches none. */
    private static boolean fromMatches(Rule rule, Query q) {
        if (q.src().isEmpty() && q.family() == Route.AF_INET6) {
            return false;
        }
        return covers(rule.src().get(), rule.srcLength(), q.src().orElse(any(q)));
    }

    /** The rule a goto lands on: the first of its priority, after it (the kernel refuses a goto backwards). */
    private static int target(List<Rule> rules, Rule rule, int from) {
        for (int i = from + 1; i < rules.size(); i++) {
            if (rules.get(i).priority() == rule.more().gotoPriority()) {
                return i;
            }
        }
        return -1;
    }

    private static int index(NetState net, String name) {
        return net.link(name).map(Link::index).orElse(-1); // a rule naming a link not there matches nothing
    }

    private static List<Rule> rules(NetState net, int family) {
        List<Rule> rules = net.rules().stream().filter(r -> r.family() == family).toList();
        if (rules.isEmpty()) {
            return defaultRules(family);
        }
        return rules.stream().sorted(Comparator.comparingLong(Rule::priority)).toList(); // stable: the kernel's order within a priority
    }

    /**
     * A client beyond every subnet the box knows of: an address no route longer than a default
     * one covers, in any table, nor a rule's {@code to}; what "a client out there" means for a
     * bind's replies when no client is named.
     */
    public static InetAddress farAway(NetState net, int family) {
        List<String> candidates = family == Route.AF_INET
                ? List.of("198.18.0.1", "192.0.2.1", "203.0.113.1", "198.51.100.1", "100.64.0.1", "1.1.1.1", "9.9.9.9", "8.8.8.8")
                : List.of("2001:db8::1", "3fff::1", "2606:4700:4700::1111", "2001:4860:4860::8888", "2620:fe::fe");
        InetAddress first = null;
        for (String c : candidates) {
            InetAddress a = dev.switchboard.config.IpLiteral.parse(c).orElseThrow();
            first = first == null ? a : first;
            boolean covered = net.routes().stream().anyMatch(r -> r.dstLength() > 0 && covers(r.dst(), r.dstLength(), a))
                    || net.rules().stream().anyMatch(r -> r.more().dstLength() > 0 && r.more().dst().filter(d -> covers(d, r.more().dstLength(), a)).isPresent());
            if (!covered) {
                return a;
            }
        }
        return first;
    }

    /** Whether {@code address} is one of the box's: the local table says so (127.0.0.0/8 too). */
    public static boolean isLocal(NetState net, InetAddress address) {
        Query q = new Query(address, Optional.empty(), 0, 0);
        TableResult t = table(net, Route.TABLE_LOCAL, q.family(), q);
        if (t.route() != null) {
            return t.route().type() == Nl.RTN_LOCAL;
        }
        return net.addresses().stream().anyMatch(a -> a.address().equals(address));
    }

    private static InetAddress any(Query q) {
        return Route.any(q.family() == Route.AF_INET);
    }

    /** Whether {@code address} is in {@code prefix}/{@code length}. */
    public static boolean covers(InetAddress prefix, int length, InetAddress address) {
        byte[] p = prefix.getAddress();
        byte[] a = address.getAddress();
        if (p.length != a.length || length < 0 || length > 8 * p.length) {
            return false;
        }
        for (int bit = 0; bit < length; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((p[bit / 8] & mask) != (a[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
