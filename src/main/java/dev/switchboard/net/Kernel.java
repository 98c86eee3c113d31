package dev.switchboard.net;

import dev.switchboard.config.IpLiteral;
import dev.switchboard.net.netlink.Message;
import dev.switchboard.net.netlink.Nl;
import dev.switchboard.sys.Errno;
import dev.switchboard.sys.SysException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's network state, read and changed over rtnetlink. One instance per network
 * namespace: it acts on the namespace of the thread that opened it, from whatever thread calls.
 * Interfaces are named in the API and resolved through netlink, never through the caller's
 * namespace (if_nametoindex would ask the wrong one).
 */
public final class Kernel implements AutoCloseable {
    /** The errors that are a route get's answer (no route, a rejecting rule or route, a source or link not there). */
    private static final java.util.Set<String> REFUSALS = java.util.Set.of("ENETUNREACH", "EHOSTUNREACH", "EACCES", "EINVAL", "ENODEV");
    private final NetlinkSocket socket;

    private Kernel(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens the kernel of the calling thread's network namespace. */
    public static Kernel open() throws SysException {
        return new Kernel(NetlinkSocket.open());
    }

    /** Links, addresses, routes (all tables), neighbours and rules, as `ip -d link; ip addr; ip route show table all; ip neigh; ip rule`. */
    public NetState dump() throws SysException {
        List<Link> links = new ArrayList<>();
        for (Message m : socket.dump(Requests.dump(Nl.RTM_GETLINK, Nl.AF_UNSPEC), "dump links")) {
            if (m.type() == Nl.RTM_NEWLINK) {
                links.add(Decode.link(m));
            }
        }
        List<Address> addresses = new ArrayList<>();
        for (Message m : socket.dump(Requests.dump(Nl.RTM_GETADDR, Nl.AF_UNSPEC), "dump addresses")) {
            if (m.type() == Nl.RTM_NEWADDR) {
                addresses.add(Decode.address(m));
            }
        }
        List<Route> routes = new ArrayList<>();
        for (Message m : socket.dump(Requests.dump(Nl.RTM_GETROUTE, Nl.AF_UNSPEC), "dump routes")) {
            if (m.type() == Nl.RTM_NEWROUTE) {
                routes.add(Decode.route(m));
            }
        }
        List<Neighbour> neighbours = new ArrayList<>();
        for (Message m : socket.dump(Requests.dump(Nl.RTM_GETNEIGH, Nl.AF_UNSPEC), "dump neighbours")) {
            if (m.type() == Nl.RTM_NEWNEIGH) {
                Decode.neighbour(m).ifPresent(neighbours::add);
            }
        }
        List<Rule> rules = new ArrayList<>();
        for (Message m : socket.dump(Requests.dump(Nl.RTM_GETRULE, Nl.AF_UNSPEC), "dump rules")) {
            if (m.type() == Nl.RTM_NEWRULE) {
                rules.add(Decode.rule(m));
            }
        }
        return new NetState(links, addresses, routes, neighbours, rules);
    }

    /** The index of link {@code name} in this namespace. */
    public int index(String name) throws SysException {
        return Decode.link(socket.get(Requests.getLink(name), "find link " + name)).index();
    }

    /** Whether link {@code name} exists here. */
    public boolean exists(String name) throws SysException {
        try {
            index(name);
            return true;
        } catch (SysException e) {
            if (e.errno() == Errno.ENODEV) {
                return false;
            }
            throw e;
        }
    }

    /** `ip link add NAME type veth peer name PEER [netns NS]`; {@code peerNsFd} &lt; 0 keeps the peer here. */
    public void addVeth(String name, String peer, int peerNsFd) throws SysException {
        socket.request(Requests.addVeth(name, peer, peerNsFd), "add link " + name + " type veth peer " + peer);
    }

    /** `ip link add link PARENT name NAME type vlan id ID`. */
    public void addVlan(String name, String parent, int id) throws SysException {
        socket.request(Requests.addVlan(name, index(parent), id), "add link " + name + " vlan " + id + " on " + parent);
    }

    /** `ip link del NAME`. */
    public void deleteLink(String name) throws SysException {
        socket.request(Requests.deleteLink(index(name)), "delete link " + name);
    }

    /** `ip link set NAME up|down`. */
    public void setUp(String name, boolean up) throws SysException {
        socket.request(Requests.setUp(index(name), up), "set link " + name + (up ? " up" : " down"));
    }

    /** `ip link set NAME mtu MTU`. */
    public void setMtu(String name, int mtu) throws SysException {
        socket.request(Requests.setMtu(index(name), mtu), "set link " + name + " mtu " + mtu);
    }

    /** `ip addr add ADDRESS/PREFIX dev NAME`. */
    public void addAddress(String name, InetAddress address, int prefix) throws SysException {
        socket.request(Requests.address(true, index(name), address, prefix),
                "add address " + IpLiteral.format(address) + "/" + prefix + " dev " + name);
    }

    /**
     * `ip addr add ADDRESS/PREFIX dev NAME nodad`: an IPv6 address that is a source at once, not
     * tentative for a second; its local route comes a moment after the answer (watch for it).
     */
    public void addAddressNoDad(String name, InetAddress address, int prefix) throws SysException {
        socket.request(Requests.address(true, index(name), address, prefix, Nl.IFA_F_NODAD),
                "add address " + IpLiteral.format(address) + "/" + prefix + " dev " + name + " nodad");
    }

    /** `ip link set NAME addrgenmode none`: no IPv6 link-local address of its own when it comes up. */
    public void noLinkLocal(String name) throws SysException {
        socket.request(Requests.noLinkLocal(index(name)), "set link " + name + " addrgenmode none");
    }

    /** `ip neigh replace ADDRESS dev DEV [lladdr LLADDR] nud STATE` ({@code lladdr} null: none). */
    public void putNeighbour(int index, InetAddress address, int state, byte[] lladdr) throws SysException {
        socket.request(Requests.putNeighbour(index, address, state, lladdr), "neigh replace " + IpLiteral.format(address) + " nud " + state);
    }

    /**
     * `sysctl net.ipv4.conf.NAME.promote_secondaries=1`: without it, deleting an interface's first
     * IPv4 address in a subnet silently deletes every other address of that subnet too.
     */
    public void promoteSecondaries(String name) throws SysException {
        socket.request(Requests.setIpv4DevConf(index(name), Nl.IPV4_DEVCONF_PROMOTE_SECONDARIES, 1),
                "set net.ipv4.conf." + name + ".promote_secondaries=1");
    }

    /** `sysctl net.ipv4.conf.NAME.forwarding=0|1`: whether IPv4 packets arriving on NAME may be routed on. */
    public void setIpv4Forwarding(String name, boolean on) throws SysException {
        socket.request(Requests.setIpv4DevConf(index(name), Nl.IPV4_DEVCONF_FORWARDING, on ? 1 : 0),
                "set net.ipv4.conf." + name + ".forwarding=" + (on ? 1 : 0));
    }

    /** `ip addr del ADDRESS/PREFIX dev NAME`. */
    public void deleteAddress(String name, InetAddress address, int prefix) throws SysException {
        socket.request(Requests.address(false, index(name), address, prefix),
                "delete address " + IpLiteral.format(address) + "/" + prefix + " dev " + name);
    }

    /** `ip route add|replace|del default via GATEWAY dev NAME metric M proto P`. */
    public void changeDefaultRoute(Requests.RouteOp op, InetAddress gateway, String name, long metric, int protocol)
            throws SysException {
        Route route = Route.defaultVia(gateway, index(name), metric, protocol);
        String verb = switch (op) {
            case ADD -> "add";
            case REPLACE -> "replace";
            case DELETE -> "delete";
        };
        socket.request(Requests.route(op, route), verb + " route " + route.describe(name));
    }

    /** `ip route add|replace|del ROUTE` of any table, its link already resolved into {@code route.oif()}. */
    public void changeRoute(Requests.RouteOp op, Route route, String name) throws SysException {
        socket.request(Requests.route(op, route), op.name().toLowerCase(java.util.Locale.ROOT) + " route " + route.describe(name));
    }

    /** `ip rule add|del from SRC lookup TABLE priority PRIO proto PROTO`. */
    public void changeRule(boolean add, Rule rule) throws SysException {
        socket.request(Requests.rule(add, rule), (add ? "add rule " : "delete rule ") + rule.describe());
    }

    /**
     * `ip route get DST [from SRC] [oif DEV]`: the route, gateway and interface a packet to
     * {@code dst} from {@code src} takes, pinned to {@code device} when given.
     */
    public RouteAnswer routeGet(InetAddress dst, InetAddress src, Optional<String> device) throws SysException {
        int oif = device.isPresent() ? index(device.get()) : 0;
        Message m = socket.get(Requests.routeGet(dst, src, oif),
                "route get " + IpLiteral.format(dst) + device.map(d -> " oif " + d).orElse(""));
        Route r = Decode.route(m);
        return new RouteAnswer(r.oif(), r.gateway(), Decode.preferredSource(m));
    }

    /**
     * `ip route get DST [from SRC] [oif DEV] [mark MARK]`, in the shape of {@link RouteLookup}'s
     * answer (no rule, no route: the kernel does not say which): what the pure lookup must agree
     * with. A refusal that is the kernel's answer (no route, a rejecting rule or route, a source
     * not the box's) is the answer's error. The source is the query's when it has one: IPv6's
     * answer then names the one the kernel would pick for a socket without (in RTA_PREFSRC).
     */
    public RouteLookup.Answer routeGet(RouteLookup.Query q) throws SysException {
        Message m;
        try {
            m = socket.get(Requests.routeGet(q.dst(), q.src().orElse(null), q.oif(), q.mark()), "route get " + IpLiteral.format(q.dst()));
        } catch (SysException e) {
            if (REFUSALS.contains(e.errnoName())) {
                return new RouteLookup.Answer(Optional.empty(), 0, Optional.empty(), 0, 0, Optional.empty(), Optional.empty(),
                        Optional.of(e.errnoName()));
            }
            throw e;
        }
        Route r = Decode.route(m);
        Optional<InetAddress> source = q.src().or(() -> Decode.preferredSource(m));
        return new RouteLookup.Answer(Optional.empty(), r.table(), Optional.empty(), r.type(), r.oif(), r.gateway(), source, Optional.empty());
    }

    /**
     * `ip route get fibmatch DST [from SRC] [oif DEV] [mark MARK]`: the route that decided (its
     * table, prefix, metric, type), or empty when none did (a refusal, IPv4's on-link fallback).
     */
    public Optional<Route> routeMatch(RouteLookup.Query q) throws SysException {
        try {
            return Optional.of(Decode.route(socket.get(Requests.routeGet(q.dst(), q.src().orElse(null), q.oif(), q.mark(), true),
                    "route get fibmatch " + IpLiteral.format(q.dst()))));
        } catch (SysException e) {
            if (REFUSALS.contains(e.errnoName())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** `ip neigh get ADDRESS dev DEV`: the entry, or empty when the kernel has none. */
    public Optional<Neighbour> neighbour(int index, InetAddress address) throws SysException {
        try {
            return Decode.neighbour(socket.get(Requests.getNeighbour(index, address), "neigh get " + IpLiteral.format(address)));
        } catch (SysException e) {
            if (e.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Has the kernel check a known neighbour again now: NUD_PROBE sends unicast solicitations at
     * once (instead of after STALE's delay) and ends REACHABLE on an answer, FAILED without one;
     * the entry's address stays usable meanwhile.
     */
    public void probeNeighbour(int index, InetAddress address) throws SysException {
        socket.request(Requests.setNeighbourState(index, address, Neighbour.NUD_PROBE), "neigh change " + IpLiteral.format(address) + " nud probe");
    }

    /** Has the kernel resolve a neighbour it has no address for (none, or FAILED), as a waiting packet would. */
    public void useNeighbour(int index, InetAddress address) throws SysException {
        socket.request(Requests.useNeighbour(index, address), "neigh use " + IpLiteral.format(address));
    }

    /** Where a reply goes: out of link {@code oif}, through {@code gateway} (none if on-link). */
    public record RouteAnswer(int oif, Optional<InetAddress> gateway, Optional<InetAddress> source) {}

    @Override
    public void close() {
        socket.close();
    }
}
