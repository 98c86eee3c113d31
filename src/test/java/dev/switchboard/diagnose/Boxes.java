package dev.switchboard.diagnose;

import dev.switchboard.config.BindSpec;
import dev.switchboard.config.HostPort;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineState;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.net.Address;
import dev.switchboard.net.Link;
import dev.switchboard.net.Neighbour;
import dev.switchboard.net.NetState;
import dev.switchboard.net.Route;
import dev.switchboard.net.Rule;
import dev.switchboard.proxy.BindStatus;
import dev.switchboard.proxy.Stats;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seed box by hand, healthy: eth0 (internet, the winning default route), eth1 (DMZ), eth2
 * (LAN, a second gateway) with the frontend {@code lan} pinned to eth2 and {@code web} on eth0;
 * loose rp_filter, ARP settled, forwarding off. Each test breaks one thing.
 */
public final class Boxes {
    public static final Instant AT = Instant.parse("2030-01-02T03:04:05Z");
    public static final BindSpec LAN = new BindSpec(HostPort.parse("10.2.0.10:443").orElseThrow(), Optional.of("eth2"), false, false);
    public static final BindSpec WEB = new BindSpec(HostPort.parse("203.0.113.10:80").orElseThrow(), Optional.empty(), false, false);

    private Boxes() {}

    public static InetAddress ip(String s) {
        return IpLiteral.parse(s).orElseThrow();
    }

    public static List<Link> links() {
        return List.of(new Link(1, "lo", "", 0, 0, true, true, "UNKNOWN", 65536, 0, 0),
                new Link(2, "eth0", "veth", 0, 0, true, true, "UP", 1500, 10, 20),
                new Link(3, "eth1", "veth", 0, 0, true, true, "UP", 1500, 0, 0),
                new Link(4, "eth2", "veth", 0, 0, true, true, "UP", 1500, 5, 6));
    }

    public static NetState net(int gatewayNeighbourState, List<Rule> rules, List<Route> extra) {
        List<Route> routes = new java.util.ArrayList<>(List.of(Route.defaultVia(ip("203.0.113.1"), 2, 0, Route.PROTO_SWITCHBOARD),
                Route.defaultVia(ip("10.2.0.1"), 4, 2, Route.PROTO_SWITCHBOARD)));
        routes.addAll(extra);
        return new NetState(links(), List.of(new Address(2, ip("203.0.113.10"), 24), new Address(3, ip("10.1.0.10"), 24),
                new Address(4, ip("10.2.0.10"), 24)), routes,
                List.of(new Neighbour(2, ip("203.0.113.1"), gatewayNeighbourState), new Neighbour(4, ip("10.2.0.1"), Neighbour.NUD_REACHABLE)),
                rules);
    }

    public static Map<String, String> sysctls() {
        Map<String, String> s = new HashMap<>();
        s.put(Sysctls.IP_FORWARD, "0");
        s.put(Sysctls.IPV6_FORWARDING, "0");
        for (String i : List.of("all", "default", "lo", "eth0", "eth1", "eth2")) {
            s.put(Sysctls.conf(i, "rp_filter"), i.equals("all") ? "0" : "2");
            s.put(Sysctls.conf(i, "arp_ignore"), "1");
            s.put(Sysctls.conf(i, "arp_announce"), "2");
        }
        return s;
    }

    public static List<GatewayRow> gateways() {
        return List.of(new GatewayRow("inet", "eth0", List.of("203.0.113.10/24"), "203.0.113.1", 0, "up", "REACHABLE", true, true),
                new GatewayRow("inet", "eth2", List.of("10.2.0.10/24"), "10.2.0.1", 2, "up", "REACHABLE", true, false));
    }

    public static List<ReplyRoute> replies() {
        return List.of(new ReplyRoute("lan", LAN, Optional.of("eth2"), Optional.of("eth2"), Optional.of("10.2.0.1"), Optional.empty()),
                new ReplyRoute("web", WEB, Optional.of("eth0"), Optional.of("eth0"), Optional.of("203.0.113.1"), Optional.empty()));
    }

    public static Stats.Snapshot stats(boolean lanListens, int serversUp) {
        Optional<String> error = lanListens ? Optional.empty() : Optional.of("Cannot assign requested address");
        return new Stats.Snapshot(7, List.of(new Stats.FrontendStats("lan", "tcp", 0, 3, 0, 0, 1, 2, 0, List.of(
                new Stats.BindStats(new BindStatus("lan", LAN, lanListens ? Optional.of(new InetSocketAddress(LAN.address().address(), 443))
                        : Optional.empty(), error), 0, 3))),
                new Stats.FrontendStats("web", "http", 0, 1, 0, 1, 1, 2, 0, List.of(
                        new Stats.BindStats(new BindStatus("web", WEB, Optional.of(new InetSocketAddress(WEB.address().address(), 80)),
                                Optional.empty()), 0, 1)))),
                List.of(new Stats.BackendStats("bk", "roundrobin", serversUp, 2, 0, 4, 1, 2, 0)),
                List.of(new Stats.ServerStats("bk", "s1", "10.1.0.21:443", serversUp > 0, true, false, AT, 0, 4, 1, 2, 0),
                        new Stats.ServerStats("bk", "s2", "10.1.0.22:443", serversUp > 1, true, false, AT, 0, 0, 0, 0, 0)));
    }

    public static EngineState engine(List<ReplyRoute> replies, Stats.Snapshot stats, Optional<Engine.PendingTry> pending) {
        return new EngineState("3 interfaces, 2 frontends", "/etc/switchboard/switchboard.toml", AT, gateways(), 5,
                Map.of("eth0", new EngineState.LinkBytes(10, 20)), stats, replies, pending, Optional.empty(), Optional.empty(), List.of());
    }

    /** The same engine state with other gateway rows (their health, a failover's metrics). */
    public static EngineState withGateways(EngineState e, List<GatewayRow> rows) {
        return new EngineState(e.summary(), e.configFile(), e.at(), rows, e.linksNanos(), e.links(), e.stats(), e.replies(), e.pending(),
                e.changing(), e.engine(), e.events());
    }

    /** The healthy box. */
    public static Snapshot healthy() {
        return of(true, engine(replies(), stats(true, 2), Optional.empty()), net(Neighbour.NUD_REACHABLE, List.of(), List.of()), sysctls());
    }

    public static Snapshot of(boolean running, EngineState engine, NetState net, Map<String, String> sysctls) {
        return Snapshot.of(AT, "lb1", new Snapshot.Versions("switchboard 1.0", "6.8.0", "17"), running, "the engine at /run/x.sock",
                engine, Optional.empty(), net, sysctls, "/etc/switchboard/switchboard.toml", Optional.of("[appliance]\nname = \"lb1\"\n"), Optional.of(List.of()));
    }

    public static Snapshot withDrift(Snapshot s, Optional<List<String>> drift) {
        return Snapshot.of(s.at(), s.host(), s.versions(), s.engineRunning(), s.stateFrom(), s.engine(), s.orphanTry(), s.net(),
                s.sysctls(), s.configFile(), s.config(), drift);
    }

    public static Snapshot withSysctl(Snapshot s, String name, String value) {
        Map<String, String> m = new HashMap<>(s.sysctls());
        m.put(name, value);
        return of(s.engineRunning(), s.engine(), s.net(), m);
    }
}
