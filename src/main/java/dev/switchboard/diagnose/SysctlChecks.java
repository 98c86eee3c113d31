package dev.switchboard.diagnose;

import dev.switchboard.config.BindSpec;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.net.Link;
import dev.switchboard.net.NetState;
import dev.switchboard.net.Route;
import dev.switchboard.net.RouteLookup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Doctor's checks of the kernel's settings: forwarding, ip_nonlocal_bind, rp_filter, ARP. Pure. */
final class SysctlChecks {
    private SysctlChecks() {}

    static List<Finding> forwarding(Map<String, String> sysctls) {
        List<Finding> out = new ArrayList<>();
        for (String name : List.of(Sysctls.IP_FORWARD, Sysctls.IPV6_FORWARDING)) {
            Optional<Integer> v = Sysctls.number(sysctls, name);
            if (v.isEmpty()) {
                continue; // not read: an IPv6-less kernel, or a snapshot without it
            }
            if (v.get() != 0) {
                out.add(Finding.fail(name, "is " + v.get() + ": the box routes between its networks (the DMZs reach each other"
                        + " through it); a load balancer never forwards", Sysctls.keep(name, 0)));
            } else {
                out.add(Finding.ok(name, "is 0: the box does not route between its networks"));
            }
        }
        return out;
    }

    /**
     * Strict rp_filter drops a packet whose source the kernel would not reach back through the
     * interface it came in on; that lookup knows nothing of a bind's pin, so a LAN client of a bind
     * pinned to eth2 fails it when the main table's default route is eth0's.
     */
    static List<Finding> rpFilter(Snapshot s) {
        Map<String, List<ReplyRoute>> byInterface = new LinkedHashMap<>();
        for (ReplyRoute r : s.engine().replies()) {
            if (r.bind().address().address().getAddress().length == 4) { // rp_filter is IPv4's alone
                r.arrives().ifPresent(i -> byInterface.computeIfAbsent(i, k -> new ArrayList<>()).add(r));
            }
        }
        List<Finding> out = new ArrayList<>();
        byInterface.forEach((iface, binds) -> {
            String subject = "rp_filter " + iface;
            Optional<Integer> mode = Sysctls.effective(s.sysctls(), iface, "rp_filter");
            if (mode.isEmpty()) {
                return;
            }
            if (mode.get() != 1) {
                out.add(Finding.ok(subject, "is " + mode.get() + (mode.get() == 2 ? " (loose)" : " (off)") + " for " + Doctor.names(binds)));
                return;
            }
            List<String> broken = new ArrayList<>();
            String back = "";
            for (ReplyRoute r : binds) {
                Optional<String> reverse = reversePath(s.net(), r.bind());
                if (!reverse.equals(Optional.of(iface))) {
                    broken.add(Doctor.name(r));
                    back = reverse.orElse("no route");
                }
            }
            if (broken.isEmpty()) {
                out.add(Finding.ok(subject, "is strict (1), and the way back to clients is " + iface + " for " + Doctor.names(binds)));
            } else {
                out.add(Finding.fail(subject, "is strict (1) (the larger of all's and " + iface + "'s): it drops the clients of "
                        + String.join(", ", broken) + " arriving on " + iface + ", since the kernel's way back to them is " + back,
                        "loose mode: " + Sysctls.keep(Sysctls.conf(iface, "rp_filter"), 2)));
            }
        });
        return out;
    }

    /**
     * The interface the kernel's reverse path check finds for a client beyond the local subnets of
     * a bind: the route back to the client from the bind's address, with no pin (the check knows
     * none), by the same lookup as the reply routes.
     */
    static Optional<String> reversePath(NetState net, BindSpec bind) {
        int family = bind.address().address().getAddress().length == 4 ? Route.AF_INET : Route.AF_INET6;
        Optional<java.net.InetAddress> src = bind.address().isWildcard() ? Optional.empty() : Optional.of(bind.address().address());
        RouteLookup.Answer a = RouteLookup.lookup(net, new RouteLookup.Query(RouteLookup.farAway(net, family), src, 0, 0));
        return a.ok() ? Optional.of(net.linkName(a.oif())) : Optional.empty();
    }

    /** ARP flux: with several interfaces up (with IPv4 addresses), each answers for the others' addresses unless told not to. */
    static List<Finding> arp(NetState net, Map<String, String> sysctls) {
        // an interface without an IPv4 address has nothing to answer ARP for
        List<String> up = net.links().stream().filter(l -> l.up() && !l.name().equals("lo")
                && net.addresses(l.index()).stream().anyMatch(a -> a.isIpv4() && !a.address().isLoopbackAddress()))
                .map(Link::name).toList();
        if (up.size() < 2) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        for (String setting : List.of("arp_ignore", "arp_announce")) {
            int want = setting.equals("arp_ignore") ? 1 : 2;
            List<String> zero = up.stream().filter(i -> Sysctls.effective(sysctls, i, setting).equals(Optional.of(0))).toList();
            String subject = Sysctls.conf("all", setting);
            if (zero.isEmpty()) {
                if (up.stream().anyMatch(i -> Sysctls.effective(sysctls, i, setting).isPresent())) {
                    out.add(Finding.ok(subject, "is not 0 on any of the " + up.size() + " interfaces up with IPv4 addresses"));
                }
                continue;
            }
            String why = setting.equals("arp_ignore") ? "each answers ARP for the others' addresses (ARP flux)"
                    : "ARP requests may carry another interface's address as their source";
            out.add(Finding.warn(subject, "is 0 on " + String.join(", ", zero) + " with " + up.size() + " interfaces up with IPv4 addresses"
                    + sharedSubnet(net, up).map(x -> " (" + x + ")").orElse("") + ": " + why, Sysctls.keep(subject, want)));
        }
        return out;
    }

    /** Two interfaces up in one IPv4 subnet, where ARP flux bites hardest: "eth1 and eth3 share 10.1.0.0/24". */
    static Optional<String> sharedSubnet(NetState net, List<String> up) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String name : up) {
            int index = net.link(name).map(Link::index).orElse(-1);
            for (dev.switchboard.net.Address a : net.addresses(index)) {
                if (!a.isIpv4()) {
                    continue;
                }
                byte[] b = a.address().getAddress();
                int bits = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
                int mask = a.prefixLength() == 0 ? 0 : -1 << (32 - a.prefixLength());
                int n = bits & mask;
                String subnet = ((n >>> 24) & 0xff) + "." + ((n >>> 16) & 0xff) + "." + ((n >>> 8) & 0xff) + "." + (n & 0xff) + "/" + a.prefixLength();
                String other = seen.putIfAbsent(subnet, name);
                if (other != null && !other.equals(name)) {
                    return Optional.of(other + " and " + name + " share " + subnet);
                }
            }
        }
        return Optional.empty();
    }

    /** ip_nonlocal_bind on: every bind succeeds, also on an address the box does not have; freebind says so per bind. */
    static List<Finding> nonlocalBind(Map<String, String> sysctls) {
        Optional<Integer> v = Sysctls.number(sysctls, Sysctls.NONLOCAL_BIND);
        if (v.isEmpty()) {
            return List.of();
        }
        if (v.get() == 0) {
            return List.of(Finding.ok(Sysctls.NONLOCAL_BIND, "is 0: only a bind with freebind = true listens on an address the box lacks"));
        }
        return List.of(Finding.warn(Sysctls.NONLOCAL_BIND, "is " + v.get() + ": every bind of every program succeeds, also on an"
                + " address this box does not have, so a mistyped bind listens on nothing and says nothing",
                Sysctls.keep(Sysctls.NONLOCAL_BIND, 0) + "; give the binds that need it freebind = true"));
    }
}
