package dev.switchboard.demo;

import dev.switchboard.config.BackendSpec;
import dev.switchboard.config.BindSpec;
import dev.switchboard.config.Cidr;
import dev.switchboard.config.Config;
import dev.switchboard.config.FrontendSpec;
import dev.switchboard.config.InterfaceSpec;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.config.Mode;
import dev.switchboard.config.ServerSpec;
import dev.switchboard.net.Kernel;
import dev.switchboard.net.Requests.RouteOp;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The world around an appliance, made of network namespaces for {@code switchboard demo}: the
 * calling thread's namespace is the appliance, and for each of its interfaces a network with
 * the interface's gateway (routing, as gateways do) and the backends' servers that live in its
 * subnet. Behind the gateway of the lowest metric sits an internet client; behind the gateway of
 * each interface a bind is pinned to, a client of that network. The clients keep a little
 * traffic going so the counters move. The appliance's own interfaces are made but left bare:
 * bringing them up, addressed and routed, is the engine's job.
 */
public final class Sandbox implements AutoCloseable {
    private final List<Place> places = new ArrayList<>();
    private final List<AutoCloseable> servers = new ArrayList<>();
    private volatile boolean running = true;
    private final Consumer<String> log;

    private Sandbox(Consumer<String> log) {
        this.log = log;
    }

    /** Builds the world of {@code config} around the calling thread's namespace. */
    public static Sandbox build(Config config, Consumer<String> log) throws Exception {
        Sandbox s = new Sandbox(log);
        try {
            s.make(config);
            return s;
        } catch (Exception e) {
            s.close();
            throw e;
        }
    }

    private void make(Config config) throws Exception {
        Kernel appliance = Kernel.open();
        appliance.setUp("lo", true);
        Map<String, Place> networks = new LinkedHashMap<>();
        int n = 0;
        for (InterfaceSpec i : config.interfaces().values()) {
            if (i.vlan().isPresent()) {
                continue; // a VLAN rides on its parent's wire
            }
            Place net = place("net-" + i.name());
            networks.put(i.name(), net);
            appliance.addVeth(i.name(), "up" + n, net.fd());
            net.kernel().setUp("up" + n, true);
            for (Cidr c : i.addresses()) {
                if (i.gateway().isPresent() && sameFamily(i.gateway().get(), c.address())) {
                    net.kernel().addAddress("up" + n, i.gateway().get(), c.prefixLength());
                }
            }
            net.kernel().setIpv4Forwarding("up" + n, true);
            n++;
        }
        appliance.close();
        // the servers: each in the network whose subnet holds its address
        for (BackendSpec b : config.backends().values()) {
            boolean http = config.frontends().values().stream().anyMatch(f -> f.backend().equals(b.name()) && f.mode() == Mode.HTTP);
            for (ServerSpec server : b.servers()) {
                Optional<String> home = network(config, server.address().address());
                if (home.isEmpty()) {
                    log.accept("demo: " + b.name() + "/" + server.name() + " " + server.address() + " is in no interface's subnet: not started");
                    continue;
                }
                Place net = networks.get(home.get());
                String dev = "up" + List.copyOf(networks.keySet()).indexOf(home.get());
                net.kernel().addAddress(dev, server.address().address(), prefix(config, home.get(), server.address().address()));
                ServerSocket socket = net.call(() -> new ServerSocket(server.address().port(), 50, server.address().address()));
                servers.add(socket);
                net.spawn("demo-" + server.name(), () -> serve(socket, server.name(), http));
            }
        }
        // the clients: behind the internet's gateway, and behind each pinned interface's
        List<String> behind = new ArrayList<>();
        config.interfaces().values().stream().filter(i -> i.metric().isPresent() && i.gateway().isPresent() && networks.containsKey(i.name()))
                .min((a, b) -> Long.compare(a.metric().getAsLong(), b.metric().getAsLong())).ifPresent(i -> behind.add(i.name()));
        for (FrontendSpec f : config.frontends().values()) {
            for (BindSpec bind : f.binds()) {
                bind.interfaceName().filter(networks::containsKey).filter(i -> !behind.contains(i)).ifPresent(behind::add);
            }
        }
        Map<String, Place> clients = new LinkedHashMap<>();
        int c = 0;
        for (String iface : behind) {
            Place net = networks.get(iface);
            Place client = place("client-" + iface);
            String out = "out" + c;
            net.kernel().addVeth(out, "c" + c, client.fd());
            net.kernel().setUp(out, true);
            client.kernel().setUp("c" + c, true);
            InetAddress gw = ip("198.18." + c + ".1");
            net.kernel().addAddress(out, gw, 24);
            client.kernel().addAddress("c" + c, ip("198.18." + c + ".10"), 24);
            net.kernel().setIpv4Forwarding(out, true);
            client.kernel().changeDefaultRoute(RouteOp.ADD, gw, "c" + c, 0, 4);
            clients.put(iface, client);
            c++;
        }
        // a little traffic: each bind asked now and then by the client of its network
        for (FrontendSpec f : config.frontends().values()) {
            for (BindSpec bind : f.binds()) {
                String iface = bind.interfaceName().orElse(behind.isEmpty() ? "" : behind.get(0));
                Place client = clients.get(iface);
                if (client != null && !bind.address().isWildcard()) {
                    client.spawn("demo-traffic-" + f.name(), () -> ask(bind.address().socketAddress(), f.mode() == Mode.HTTP));
                }
            }
        }
        log.accept("demo: " + networks.size() + " networks with their gateways, " + servers.size() + " servers, " + clients.size()
                + " clients (" + String.join(", ", clients.keySet().stream().map(i -> "behind " + i).toList()) + ")");
    }

    private Place place(String name) throws SysException {
        Place p = Place.create(name);
        places.add(p);
        return p;
    }

    private static boolean sameFamily(InetAddress a, InetAddress b) {
        return a.getAddress().length == b.getAddress().length;
    }

    private static InetAddress ip(String text) {
        return IpLiteral.parse(text).orElseThrow();
    }

    /** The interface whose subnet holds {@code address}. */
    static Optional<String> network(Config config, InetAddress address) {
        for (InterfaceSpec i : config.interfaces().values()) {
            for (Cidr c : i.addresses()) {
                if (c.contains(address)) {
                    return Optional.of(i.name());
                }
            }
        }
        return Optional.empty();
    }

    private static int prefix(Config config, String iface, InetAddress address) {
        return config.interfaces().get(iface).addresses().stream().filter(c -> c.contains(address)).findFirst()
                .map(Cidr::prefixLength).orElse(24);
    }

    /** A server: HTTP answering its name, or TCP echoing what it gets after a greeting line. */
    private void serve(ServerSocket socket, String name, boolean http) {
        while (running) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> answer(s, name, http), "demo-" + name + "-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void answer(Socket s, String name, boolean http) {
        try (s) {
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            if (!http) {
                out.write(("hello from " + name + "\n").getBytes(StandardCharsets.US_ASCII));
                in.transferTo(out);
                return;
            }
            StringBuilder head = new StringBuilder();
            for (int b; (b = in.read()) >= 0; ) {
                head.append((char) b);
                if (head.toString().endsWith("\r\n\r\n")) {
                    byte[] body = ("hello from " + name + "\n").getBytes(StandardCharsets.US_ASCII);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                    head.setLength(0);
                }
            }
        } catch (IOException e) {
            // the proxy closed it: fine
        }
    }

    /** A client that asks {@code to} about every half second while the sandbox runs. */
    private void ask(InetSocketAddress to, boolean http) {
        while (running) {
            try (Socket s = new Socket()) {
                s.connect(to, 2000);
                s.setSoTimeout(3000);
                OutputStream out = s.getOutputStream();
                if (http) {
                    out.write(("GET / HTTP/1.1\r\nHost: " + to.getAddress().getHostAddress() + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
                    s.shutdownOutput();
                }
                s.getInputStream().readAllBytes();
            } catch (IOException e) {
                // a server down, a bind not there yet: the dashboard says which
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        for (AutoCloseable s : servers) {
            try {
                s.close();
            } catch (Exception ignored) {
                // going away anyway
            }
        }
        for (int i = places.size() - 1; i >= 0; i--) {
            places.get(i).close();
        }
    }
}
