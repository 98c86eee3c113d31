package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.net.Kernel;
import dev.switchboard.net.Netns;
import dev.switchboard.net.Requests.RouteOp;
import dev.switchboard.net.Route;
import dev.switchboard.sys.Namespaces;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's problem, built from network namespaces: the appliance with eth0 (internet) and eth2
 * (LAN), default routes metric 0 and 2; a gateway behind each, forwarding; an internet client
 * behind eth0's gateway and a LAN client behind eth2's. eth0's gateway has no route to the LAN.
 * The LAN client reaches a bind pinned to eth2, and does not reach the same service unpinned:
 * its replies would leave through the internet gateway and die.
 */
class SeedTopologyTest {
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    Netns ns(String name) throws Exception {
        Netns ns = Netns.create(name);
        cleanup.add(ns);
        return ns;
    }

    static InetAddress ip(String text) {
        return IpLiteral.parse(text).orElseThrow();
    }

    /** A veth between two namespaces, both ends up and addressed. */
    static void wire(Netns a, String aName, String aAddress, Netns b, String bName, String bAddress) throws Exception {
        a.kernel().addVeth(aName, bName, b.fd());
        a.kernel().setUp(aName, true);
        b.kernel().setUp(bName, true);
        a.kernel().addAddress(aName, ip(aAddress), 24);
        b.kernel().addAddress(bName, ip(bAddress), 24);
    }

    @Test
    void theLanClientReachesThePinnedBindAndNotTheUnpinnedOne() throws Exception {
        Netns box = ns("appliance");
        Netns gw0 = ns("gw-internet");
        Netns gw2 = ns("gw-lan");
        Netns internet = ns("internet-client");
        Netns lan = ns("lan-client");
        wire(box, "eth0", "203.0.113.10", gw0, "in0", "203.0.113.1");
        wire(box, "eth2", "10.2.0.10", gw2, "in2", "10.2.0.1");
        wire(gw0, "out0", "198.18.0.1", internet, "c0", "198.18.0.10");
        wire(gw2, "out2", "10.50.0.1", lan, "c2", "10.50.0.10");
        for (var gw : List.of(gw0, gw2)) {
            for (String dev : gw == gw0 ? List.of("in0", "out0") : List.of("in2", "out2")) {
                gw.kernel().setIpv4Forwarding(dev, true); // the gateways route; the appliance never does
            }
        }
        internet.kernel().changeDefaultRoute(RouteOp.ADD, ip("198.18.0.1"), "c0", 0, 4);
        lan.kernel().changeDefaultRoute(RouteOp.ADD, ip("10.50.0.1"), "c2", 0, 4);
        Kernel k = box.kernel();
        k.changeDefaultRoute(RouteOp.ADD, ip("203.0.113.1"), "eth0", 0, Route.PROTO_SWITCHBOARD);
        k.changeDefaultRoute(RouteOp.ADD, ip("10.2.0.1"), "eth2", 2, Route.PROTO_SWITCHBOARD);

        // the service behind the frontends, on the appliance's loopback
        box.kernel().setUp("lo", true);
        ServerSocket service = box.call(() -> new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        cleanup.add(service);
        Thread serve = new Thread(() -> {
            while (!service.isClosed()) {
                try (Socket s = service.accept()) {
                    s.getOutputStream().write("exchange".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return;
                }
            }
        });
        serve.setDaemon(true);
        serve.start();

        String toml = """
                [interfaces.eth0]
                addresses = ["203.0.113.10/24"]
                [interfaces.eth2]
                addresses = ["10.2.0.10/24"]
                [frontends.ft_exchange]
                backend = "bk_exchange"
                binds = [ { address = "203.0.113.10:443" },
                          { address = "10.2.0.10:443", interface = "eth2" },
                          { address = "10.2.0.10:8443" } ]
                [backends.bk_exchange]
                servers = [ { name = "ex1", address = "127.0.0.1:%d" } ]
                """.formatted(service.getLocalPort());
        Config config = ((ConfigLoader.Loaded) ConfigLoader.parse(toml, "seed.toml")).config();
        int fd = box.fd();
        ThreadFactory inBox = r -> new Thread(() -> {
            try {
                Namespaces.enterNet(fd); // the proxy's connections to servers are made on these threads
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            r.run();
        });
        Proxy proxy = box.call(() -> Proxy.start(config, 1, inBox, line -> { }));
        cleanup.add(proxy);
        assertTrue(proxy.binds().stream().allMatch(BindStatus::listening), proxy.binds().toString());

        assertEquals("exchange", internet.call(() -> ask("203.0.113.10", 443)), "internet client, unpinned bind");
        assertEquals("exchange", lan.call(() -> ask("10.2.0.10", 443)), "LAN client, bind pinned to eth2");
        // the negative control: without the pin the replies take eth0's gateway, which has no way to the LAN
        assertThrows(SocketTimeoutException.class, () -> lan.call(() -> ask("10.2.0.10", 8443)), "LAN client, unpinned bind");
    }

    static String ask(String address, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1500);
            s.setSoTimeout(3000);
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
