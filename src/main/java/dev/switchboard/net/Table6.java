package dev.switchboard.net;

import dev.switchboard.net.netlink.Nl;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One IPv6 table's answer, as fib6_table_lookup and rt6_select give it: the longest prefix that
 * has a route that qualifies, else the next shorter (fib6_backtrack). In a prefix the routes of
 * the lowest metric are tried first, in the kernel's order (as a dump lists them), and only when
 * none qualifies the rest; the first of the best score wins. A route scores for being on the
 * pinned interface, each path of a multipath route on its own; a pinned query without a source
 * or to a link-local address (the kernel's strict lookup) takes no other (nor a rejecting route,
 * whose device is the loopback). A path whose gateway's neighbour entry is FAILED does not
 * qualify while another path does, down to the shortest prefix; only then is the
 * lookup done again without that condition. Assumes, as the kernel of every distribution has it,
 * CONFIG_IPV6_ROUTER_PREF; and forwarding off (the appliance never routes) and every route's
 * router preference medium (which a snapshot does not keep). Pure.
 */
final class Table6 {
    private static final int HARD = -3; // RT6_NUD_FAIL_HARD
    private static final int PROBE = -2; // RT6_NUD_FAIL_PROBE

    private Table6() {}

    static RouteLookup.TableResult lookup(NetState net, int table, RouteLookup.Query q) {
        List<Route> covering = new ArrayList<>();
        for (Route r : net.routes()) {
            if (r.table() == table && r.family() == Route.AF_INET6 && RouteLookup.covers(r.dst(), r.dstLength(), q.dst())) {
                covering.add(r);
            }
        }
        // longest prefix first, a prefix's routes by metric, each metric's in the kernel's order (the sort is stable)
        covering.sort(Comparator.comparingInt(Route::dstLength).reversed().thenComparingLong(Route::metric));
        boolean strict = q.pinDecides(); // RT6_LOOKUP_F_IFACE (rt6_need_strict)
        for (boolean reachable : new boolean[] {true, false}) {
            for (int from = 0; from < covering.size();) {
                int to = from;
                while (to < covering.size() && covering.get(to).dstLength() == covering.get(from).dstLength()) {
                    to++;
                }
                Sibling chosen = select(net, covering.subList(from, to), q, strict, reachable);
                if (chosen != null) {
                    String reject = RouteLookup.reject(chosen.route().type());
                    return reject.isEmpty() ? RouteLookup.TableResult.of(chosen.route(), chosen.path()) : RouteLookup.TableResult.error(reject);
                }
                from = to;
            }
        }
        return RouteLookup.TableResult.error("EAGAIN");
    }

    /**
     * One path of a route: the kernel keeps each next hop of an IPv6 multipath route as a route of
     * its own (a sibling), and scores each on its own link and gateway.
     */
    private record Sibling(Route route, Route.NextHop path) {}

    /** rt6_select in one prefix: the best of the lowest metric's routes, else the best of the rest. */
    private static Sibling select(NetState net, List<Route> prefix, RouteLookup.Query q, boolean strict, boolean reachable) {
        long lowest = prefix.get(0).metric();
        Sibling best = best(net, prefix.stream().filter(r -> r.metric() == lowest).toList(), q, strict, reachable);
        return best != null ? best : best(net, prefix.stream().filter(r -> r.metric() != lowest).toList(), q, strict, reachable);
    }

    private static Sibling best(NetState net, List<Route> routes, RouteLookup.Query q, boolean strict, boolean reachable) {
        Sibling best = null;
        int score = -1;
        for (Route r : routes) {
            for (Route.NextHop path : r.paths()) {
                int s = score(net, r.type(), path, q, strict, reachable);
                if (s > score) {
                    best = new Sibling(r, path);
                    score = s;
                }
            }
        }
        return best;
    }

    /** rt6_score_route: 2 on the pinned interface (or none pinned), else 0; below 0 does not qualify. */
    private static int score(NetState net, int type, Route.NextHop path, RouteLookup.Query q, boolean strict, boolean reachable) {
        int m = q.oif() == 0 || path.oif() == q.oif() ? 2 : 0;
        if (m == 0 && strict) {
            return HARD;
        }
        boolean failed = path.gateway().flatMap(g -> net.neighbour(path.oif(), g)).filter(n -> (n.state() & Neighbour.NUD_FAILED) != 0).isPresent();
        return reachable && failed && type == Nl.RTN_UNICAST ? PROBE : m;
    }
}
