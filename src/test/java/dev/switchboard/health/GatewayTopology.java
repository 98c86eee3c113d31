package dev.switchboard.health;

import dev.switchboard.config.IpLiteral;
import dev.switchboard.net.Kernel;
import dev.switchboard.net.Netns;
import dev.switchboard.net.NetlinkSocket;
import dev.switchboard.net.Requests;
import dev.switchboard.net.Route;
import dev.switchboard.sys.LibC;
import dev.switchboard.sys.Sockets;
import dev.switchboard.sys.SysException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The appliance between two gateways, in namespaces of its own:
 * <pre>
 *  appliance eth0 10.0.0.10 ── a0 10.0.0.1  gw0  i0 172.16.0.1 ── g0 172.16.0.2 ┐
 *                                                                               internet, lo 198.18.0.5
 *  appliance eth1 10.1.0.10 ── a1 10.1.0.1  gw1  i1 172.16.1.1 ── g1 172.16.1.2 ┘
 * </pre>
 * The appliance has switchboard's two default routes (eth0 metric 0 wins, eth1 metric 1); each
 * gateway forwards to the internet host, which routes each appliance network back through its
 * own gateway. Nothing of it touches the host's network.
 */
public final class GatewayTopology implements AutoCloseable {
    static final String CONFIG = """
            [interfaces.eth0]
            addresses = ["10.0.0.10/24"]
            gateway = "10.0.0.1"
            metric = 0
            CHECK0
            [interfaces.eth1]
            addresses = ["10.1.0.10/24"]
            gateway = "10.1.0.1"
            metric = 1
            CHECK1
            """;

    public final Netns appliance;
    public final Netns gw0;
    public final Netns gw1;
    public final Netns internet;
    private final Netns[] gateways;

    private GatewayTopology(Netns appliance, Netns[] gateways, Netns internet) {
        this.appliance = appliance;
        this.gateways = gateways;
        this.gw0 = gateways[0];
        this.gw1 = gateways[1];
        this.internet = internet;
    }

    public static InetAddress ip(String text) {
        return IpLiteral.parse(text).orElseThrow();
    }

    public static GatewayTopology create() throws Exception {
        return create(2);
    }

    /** With {@code n} gateways (2 to 9): appliance ethN 10.N.0.10, gateway N at 10.N.0.1, metric N. */
    public static GatewayTopology create(int n) throws Exception {
        Netns app = Netns.create("appliance");
        Netns[] gws = new Netns[n];
        Netns inet = null;
        try {
            for (int i = 0; i < n; i++) {
                gws[i] = Netns.create("gw" + i);
            }
            inet = Netns.create("internet");
            GatewayTopology t = new GatewayTopology(app, gws, inet);
            t.build();
            t.requireIcmp();
            return t;
        } catch (Exception | Error e) { // an abort too: the namespaces made so far go
            if (inet != null) {
                inet.close();
            }
            for (int i = n - 1; i >= 0; i--) {
                if (gws[i] != null) {
                    gws[i].close();
                }
            }
            app.close();
            throw e;
        }
    }

    private void build() throws Exception {
        Netns[] gws = gateways;
        Kernel a = appliance.kernel();
        Kernel i = internet.kernel();
        i.addAddress("lo", ip("198.18.0.5"), 32);
        // loose reverse-path filtering, as switchboard.toml(5) asks: eth1's replies arrive while eth0's route wins
        appliance.call(() -> sysctl("net/ipv4/conf/all/rp_filter", "2"));
        // no duplicate address detection on the links to come: their IPv6 addresses, link-local ones
        // too, are usable at once (the kernel sends no neighbour solicitation from a tentative address)
        List<Netns> all = new ArrayList<>(List.of(gws));
        all.add(appliance);
        all.add(internet);
        for (Netns ns : all) {
            ns.call(() -> sysctl("net/ipv6/conf/default/accept_dad", "0"));
        }
        for (int n = 0; n < gws.length; n++) {
            Kernel g = gws[n].kernel();
            a.addVeth("eth" + n, "a" + n, gws[n].fd());
            a.addAddress("eth" + n, ip("10." + n + ".0.10"), 24);
            a.setUp("eth" + n, true);
            g.addAddress("a" + n, ip("10." + n + ".0.1"), 24);
            g.setUp("a" + n, true);
            g.addVeth("i" + n, "g" + n, internet.fd());
            g.addAddress("i" + n, ip("172.16." + n + ".1"), 24);
            g.setUp("i" + n, true);
            i.addAddress("g" + n, ip("172.16." + n + ".2"), 24);
            i.setUp("g" + n, true);
            g.changeDefaultRoute(Requests.RouteOp.ADD, ip("172.16." + n + ".2"), "i" + n, 0, 4);
            int oif = i.index("g" + n);
            String back = "10." + n + ".0.0";
            String via = "172.16." + n + ".1";
            internet.call(() -> {
                try (NetlinkSocket s = NetlinkSocket.open()) {
                    s.request(Requests.route(Requests.RouteOp.ADD, new Route(Route.AF_INET, Route.TABLE_MAIN, ip(back), 24,
                            Optional.of(ip(via)), oif, 0, 4, 0, 1)), "route add " + back + "/24 via " + via);
                }
                return null;
            });
            forwarding(n, true);
            a.changeDefaultRoute(Requests.RouteOp.ADD, ip("10." + n + ".0.1"), "eth" + n, n, Route.PROTO_SWITCHBOARD);
        }
    }

    public Netns gateway(int n) {
        return gateways[n];
    }

    /** Gateway {@code n} forwards, or stops: written to /proc/sys by a thread inside its namespace. */
    public void forwarding(int n, boolean on) throws Exception {
        gateway(n).call(() -> sysctl("net/ipv4/ip_forward", on ? "1" : "0"));
    }

    static Void sysctl(String key, String value) throws java.io.IOException {
        try {
            Files.writeString(Path.of("/proc/sys", key), value);
        } catch (java.nio.file.FileSystemException e) {
            Assumptions.abort("/proc/sys/" + key + " cannot be written here (" + e.getMessage() + "): a read-only /proc/sys"
                    + " (a container?); the gateways' forwarding cannot be switched");
        }
        return null;
    }

    /** Skips the test, saying why, where neither a ping socket nor a raw one may be opened. */
    private void requireIcmp() throws Exception {
        String refused = appliance.call(() -> {
            for (int type : new int[] {LibC.SOCK_DGRAM, LibC.SOCK_RAW}) {
                try {
                    Sockets.close(Sockets.open(LibC.AF_INET, type, LibC.IPPROTO_ICMP));
                    return null;
                } catch (SysException e) {
                    if (type == LibC.SOCK_RAW) {
                        return e.getMessage();
                    }
                }
            }
            return null;
        });
        if (refused != null) {
            Assumptions.abort("the kernel refuses ICMP sockets here (" + refused + "): run as root (CAP_NET_RAW)");
        }
    }

    public static String config(String check0, String check1) {
        return CONFIG.replace("CHECK0", check0).replace("CHECK1", check1);
    }

    @Override
    public void close() {
        internet.close();
        for (int i = gateways.length - 1; i >= 0; i--) {
            gateways[i].close();
        }
        appliance.close();
    }
}
