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
    private final Map<String, Gateway> gateways = new LinkedHashMap<>(); // by the appliance's interface
    private Optional<String> internet = Optional.empty(); // the interface the internet client is behind
    private volatile boolean running = true;
    private final Consumer<String> log;

    /** The internet client's address: behind the gateway of the lowest metric, what that gateway's health check asks. */
    public static final String INTERNET_CLIENT = "198.18.0.10";

    /** A gateway: its namespace and the links it forwards between. */
    private record Gateway(Place place, List<String> links) {}

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
            gateways.put(i.name(), new Gateway(net, new ArrayList<>(List.of("up" + n))));
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
        internet = internet(config).map(InterfaceSpec::name).filter(networks::containsKey);
        internet.ifPresent(behind::add);
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
            InetAddress gw = ip("198.18." + c + ".1"); // the first client's is INTERNET_CLIENT's gateway
            net.kernel().addAddress(out, gw, 24);
            client.kernel().addAddress("c" + c, ip("198.18." + c + ".10"), 24);
            net.kernel().setIpv4Forwarding(out, true);
            gateways.get(iface).links().add(out);
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

    /**
     * The health checks the demo adds to the seed's config, as TOML tables after it: the gateway
     * of the lowest metric judged by whether the internet client beyond it answers (so one that
     * stops forwarding is seen dead though its link stays up), the others by ARP; once a second.
     */
    public static String checks(Config config) {
        StringBuilder out = new StringBuilder("\n# the demo's health checks (switchboard.toml(5), check)\n");
        Optional<InterfaceSpec> internet = internet(config);
        for (InterfaceSpec i : config.interfaces().values()) {
            if (i.gateway().isEmpty() || i.metric().isEmpty() || i.check().isPresent()) {
                continue;
            }
            out.append("[interfaces.").append(i.name()).append(".check]\n");
            if (internet.filter(i::equals).isPresent()) {
                out.append("method   = \"icmp\"\ntargets  = [\"").append(INTERNET_CLIENT).append("\"]\n");
            }
            out.append("interval = 1\n");
        }
        return out.toString();
    }

    private static Optional<InterfaceSpec> internet(Config config) {
        return config.interfaces().values().stream().filter(i -> i.metric().isPresent() && i.gateway().isPresent() && i.vlan().isEmpty())
                .min((a, b) -> Long.compare(a.metric().getAsLong(), b.metric().getAsLong()));
    }

    /** The interface whose gateway the internet is behind (the lowest metric's), if the config has one. */
    public Optional<String> internet() {
        return internet;
    }

    /**
     * The bad day, or its end: {@code iface}'s gateway stops forwarding (or forwards again), as an
     * upstream router fails: its link stays up and it still answers ARP.
     */
    public void forwarding(String iface, boolean on) throws SysException {
        Gateway g = gateways.get(iface);
        if (g == null) {
            throw new IllegalArgumentException("no gateway of " + iface + " in the sandbox");
        }
        for (String link : g.links()) {
            g.place().kernel().setIpv4Forwarding(link, on);
        }
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
