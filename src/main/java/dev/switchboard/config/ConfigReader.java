package dev.switchboard.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.tomlj.TomlTable;

/**
 * Turns a parsed TOML document into a {@link Config}: types, formats and ranges of each key.
 * Rules that relate several keys live in {@link Validator}. A value with a problem falls back
 * to its default, and an entity lacking an essential key is left out, so that the validator
 * still sees the rest and one run reports every mistake; a config with problems is never used.
 */
final class ConfigReader {
    static final Pattern OBJECT_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final String NAME_HINT = "letters, digits, '_', '.' and '-', at most 64";

    static final Set<String> TOP = Cursor.keys("appliance", "interfaces", "frontends", "backends");
    static final Set<String> APPLIANCE = Cursor.keys("confirm_timeout", "transport", "maxconn", "rule_priority", "metrics");
    static final Set<String> INTERFACE = Cursor.keys("addresses", "gateway", "metric", "mtu", "state", "vlan", "check", "table");
    static final Set<String> CHECK = Cursor.keys("method", "targets", "interval", "timeout", "rise", "fall", "policy");
    static final Set<String> VLAN = Cursor.keys("parent", "id");
    static final Set<String> FRONTEND = Cursor.keys("mode", "backend", "binds", "timeouts", "maxconn", "log");
    static final Set<String> BIND = Cursor.keys("address", "interface", "freebind", "accept_proxy");
    static final Set<String> TIMEOUTS = Cursor.keys("connect", "client", "server", "http_request", "http_keep_alive", "http_body");
    static final Set<String> BACKEND = Cursor.keys("balance", "servers", "health");
    static final Set<String> SERVER = Cursor.keys("name", "address", "weight", "send_proxy");
    static final Set<String> HEALTH = Cursor.keys("interval", "rise", "fall", "path");

    private final SourceMap sources;
    private final Problems problems;

    ConfigReader(SourceMap sources, Problems problems) {
        this.sources = sources;
        this.problems = problems;
    }

    Config read(TomlTable document) {
        Cursor root = Cursor.open(document, "", TOP, sources, problems);
        Appliance appliance = root.table("appliance", APPLIANCE, "")
                .map(this::appliance).orElse(Appliance.defaults());
        return new Config(appliance,
                section(root, "interfaces", INTERFACE, this::iface),
                section(root, "frontends", FRONTEND, this::frontend),
                section(root, "backends", BACKEND, this::backend));
    }

    private interface EntityReader<T> {
        Optional<T> read(String name, Cursor cursor);
    }

    private <T> Map<String, T> section(Cursor root, String key, Set<String> allowed, EntityReader<T> reader) {
        Map<String, T> out = new LinkedHashMap<>();
        String hint = "each entry is a table: [" + key + ".NAME]";
        root.table(key, null, hint).ifPresent(section -> {
            for (String name : section.keys()) {
                section.table(name, allowed, hint).flatMap(c -> reader.read(name, c)).ifPresent(v -> out.put(name, v));
            }
        });
        return out;
    }

    /** More than any open-files limit allows (the kernel's nr_open is 1,048,576 by default), so never a real cap. */
    static final int MAX_CONNECTIONS = 1_000_000;

    private static OptionalInt optionalInt(Optional<Long> value) {
        return value.map(v -> OptionalInt.of(v.intValue())).orElse(OptionalInt.empty());
    }

    private Appliance appliance(Cursor c) {
        return new Appliance(c.integer("confirm_timeout", 5, 3600, Appliance.DEFAULT_CONFIRM_TIMEOUT,
                "seconds an unconfirmed apply waits before it rolls back"),
                c.choice("transport", Transport.class, Transport.IO_URING).orElse(Transport.IO_URING),
                optionalInt(c.integer("maxconn", 1, MAX_CONNECTIONS, "concurrent connections of all frontends together")),
                c.integer("rule_priority", 1, Appliance.MAIN_RULE_PRIORITY - 1, Appliance.DEFAULT_RULE_PRIORITY,
                        "the priority of switchboard's policy rules: before the main table's rule (32766)"),
                c.parsed("metrics", false, HostPort::parse, "an address and port",
                        "where Prometheus scrapes /metrics, e.g. \"127.0.0.1:9101\" or \"[::1]:9101\"; names are never resolved"));
    }

    private Optional<InterfaceSpec> iface(String name, Cursor c) {
        if (!LinuxNames.isValidInterfaceName(name)) {
            c.report(null, "\"" + name + "\" is not a valid interface name", LinuxNames.RULE);
        }
        List<Cidr> addresses = new ArrayList<>();
        for (Cursor.Item item : c.array("addresses", "addresses = [\"10.0.0.10/24\"]")) {
            item.string("an address with its prefix, e.g. \"10.0.0.10/24\"").ifPresent(text -> Cidr.parse(text)
                    .ifPresentOrElse(addresses::add, () -> c.reportAt(item.path, "\"" + text + "\" is not an address/prefix",
                            "write an IP address and a prefix length, e.g. \"10.0.0.10/24\" or \"2001:db8::10/64\"")));
        }
        Optional<InetAddress> gateway = c.parsed("gateway", false, t -> withoutZone(c, name, t), "an IP address",
                "write the gateway's address, e.g. \"10.2.0.1\"; names are never resolved");
        OptionalLong metric = c.integer("metric", 0, 4294967295L, "the default route's metric, unique among the interfaces' (per family)")
                .map(OptionalLong::of).orElse(OptionalLong.empty());
        OptionalInt mtu = c.integer("mtu", 68, 65535, "the interface's MTU, e.g. 1500")
                .map(v -> OptionalInt.of(v.intValue())).orElse(OptionalInt.empty());
        Optional<LinkState> state = c.choice("state", LinkState.class, LinkState.UP);
        Optional<VlanSpec> vlan = c.table("vlan", VLAN, "vlan = { parent = \"eth1\", id = 100 }").flatMap(v -> {
            Optional<String> parent = v.requiredString("parent", "the interface the VLAN rides on, e.g. parent = \"eth1\"");
            Optional<Long> id = v.integer("id", 1, 4094, "an 802.1Q VLAN id");
            if (!v.has("id")) {
                v.report(null, "missing key 'id'", "an 802.1Q VLAN id, 1 to 4094");
            }
            return parent.isPresent() && id.isPresent()
                    ? Optional.of(new VlanSpec(parent.get(), id.get().intValue())) : Optional.empty();
        });
        Optional<CheckSpec> check = c.table("check", CHECK, "check = { method = \"icmp\", targets = [\"198.18.0.5\"] }")
                .map(k -> check(k, gateway));
        return Optional.of(new InterfaceSpec(name, addresses, gateway, metric, mtu, state.orElse(LinkState.UP), vlan, check, table(c)));
    }

    private static final String TABLE_HINT = "a routing table of this interface's own: 1 to 252 or 256 to 2147483647"
            + " (253, 254 and 255 are the kernel's default, main and local), e.g. table = 102";

    private OptionalInt table(Cursor c) {
        Optional<Long> table = c.integer("table", 1, Integer.MAX_VALUE, TABLE_HINT);
        if (table.isPresent() && table.get() >= InterfaceSpec.FIRST_RESERVED_TABLE && table.get() <= InterfaceSpec.LAST_RESERVED_TABLE) {
            c.report("table", "table " + table.get() + " is the kernel's " + switch (table.get().intValue()) {
                case 253 -> "default";
                case 254 -> "main";
                default -> "local";
            } + " table", TABLE_HINT);
            return OptionalInt.empty();
        }
        return optionalInt(table);
    }

    /** Longest a check may wait between rounds or for an answer: an hour, as the backends' checks. */
    static final double MAX_CHECK_SECONDS = 3600;
    /** Below a tenth of a second, probes would mostly measure the box's own scheduling. */
    static final double MIN_CHECK_SECONDS = 0.1;

    private CheckSpec check(Cursor k, Optional<InetAddress> gateway) {
        Optional<CheckMethod> method = k.choice("method", CheckMethod.class, CheckMethod.ARP);
        List<CheckTarget> targets = new ArrayList<>();
        for (Cursor.Item item : k.array("targets", "targets = [\"198.18.0.5\"]")) {
            item.string("an IP address, or ADDRESS:PORT for method = \"tcp\"")
                    .ifPresent(text -> target(k, item.path, text, method).ifPresent(targets::add));
        }
        if (k.has("targets") && targets.isEmpty() && !k.sourcesTroubled("targets")) {
            k.report("targets", "no targets", "leave targets out to ask the gateway itself, or list addresses");
        }
        if (!k.has("targets") && method.isPresent()) {
            if (method.get().needsPorts()) {
                k.report(null, "method \"tcp\" needs targets", "a gateway has no port of its own to connect to:"
                        + " targets = [\"198.18.0.5:443\"]");
            } else {
                gateway.map(CheckTarget::of).ifPresent(targets::add); // the gateway itself, as the contract says
            }
        }
        String seconds = "seconds, whole or fractional";
        return new CheckSpec(method.orElse(CheckMethod.ARP), targets,
                k.seconds("interval", MIN_CHECK_SECONDS, MAX_CHECK_SECONDS, CheckSpec.DEFAULT_INTERVAL,
                        "between probe rounds: " + seconds),
                k.seconds("timeout", MIN_CHECK_SECONDS, MAX_CHECK_SECONDS, CheckSpec.DEFAULT_TIMEOUT,
                        "how long an answer is awaited: " + seconds + ", at most the interval"),
                k.integer("rise", 1, 100, CheckSpec.DEFAULT_RISE, "good rounds in a row that make a dead gateway alive"),
                k.integer("fall", 1, 100, CheckSpec.DEFAULT_FALL, "failed rounds in a row that make a gateway dead"),
                k.choice("policy", CheckPolicy.class, CheckPolicy.ANY).orElse(CheckPolicy.ANY));
    }

    /** One target in the form its method needs: a plain address for arp and icmp, ADDRESS:PORT for tcp. */
    private static Optional<CheckTarget> target(Cursor k, String path, String text, Optional<CheckMethod> method) {
        Optional<HostPort> withPort = HostPort.parse(text);
        Optional<InetAddress> plain = IpLiteral.parse(text);
        if (method.isEmpty()) { // the method's own problem is reported; either form is taken
            return withPort.map(h -> new CheckTarget(h.address(), h.port())).or(() -> plain.map(CheckTarget::of));
        }
        if (method.get().needsPorts()) {
            if (withPort.isEmpty()) {
                k.reportAt(path, "\"" + text + "\" " + HostPort.mistake(text).orElse("is not ADDRESS:PORT"), "tcp connects to a port: e.g. \"198.18.0.5:443\""
                        + " or \"[2001:db8::5]:443\"; names are never resolved");
            }
            return withPort.map(h -> new CheckTarget(h.address(), h.port()));
        }
        if (plain.isEmpty()) {
            k.reportAt(path, withPort.isPresent() ? "\"" + text + "\" has a port, which " + method.get() + " does not use"
                    : "\"" + text + "\" is not an IP address",
                    withPort.isPresent() ? "write the address alone, e.g. \"" + IpLiteral.format(withPort.get().address())
                            + "\"; ports are for method = \"tcp\"" : "write an address, e.g. \"198.18.0.5\"; names are never resolved");
        }
        return plain.map(CheckTarget::of);
    }

    private Optional<FrontendSpec> frontend(String name, Cursor c) {
        int before = problems.total();
        checkObjectName(name, c);
        Optional<Mode> mode = c.choice("mode", Mode.class, Mode.TCP);
        Optional<String> backend = c.requiredString("backend", "the backend that serves this frontend, e.g. backend = \"bk_www\"");
        if (!c.has("binds")) {
            c.report(null, "missing key 'binds'", "binds = [ { address = \"0.0.0.0:443\", interface = \"eth2\" } ]");
        }
        List<BindSpec> binds = new ArrayList<>();
        for (Cursor.Item item : c.array("binds", "binds = [ { address = \"0.0.0.0:443\" } ]")) {
            item.table(BIND, "{ address = \"0.0.0.0:443\", interface = \"eth2\" }").flatMap(this::bind).ifPresent(binds::add);
        }
        if (c.has("binds") && binds.isEmpty() && problems.total() == before) { // else the elements' problems say it
            c.report("binds", "a frontend needs at least one bind", "binds = [ { address = \"0.0.0.0:443\" } ]");
        }
        Timeouts defaults = Timeouts.defaults();
        Timeouts timeouts = c.table("timeouts", TIMEOUTS, "timeouts = { connect = 5, client = 60, server = 60 }")
                .map(t -> {
                    int httpRequest = t.integer("http_request", 1, 3600, defaults.httpRequest(),
                            "seconds a client may take to send a whole request head (HTTP mode)");
                    return new Timeouts(
                            t.integer("connect", 1, 3600, defaults.connect(), "seconds to connect to a server"),
                            t.integer("client", 1, 86400, defaults.client(), "seconds a client may stay silent"),
                            t.integer("server", 1, 86400, defaults.server(), "seconds a server may stay silent"),
                            httpRequest,
                            // as HAProxy's http-keep-alive, which falls back to http-request when unset
                            t.integer("http_keep_alive", 1, 86400, httpRequest, "seconds an idle keep-alive client may wait for its next request"),
                            t.integer("http_body", 1, 3600, defaults.httpBody(),
                                    "seconds a request body may fall behind 1 KiB/s"));
                })
                .orElse(defaults);
        OptionalInt maxconn = optionalInt(c.integer("maxconn", 1, MAX_CONNECTIONS, "this frontend's own cap on concurrent connections"));
        boolean log = !c.has("log") || c.bool("log");
        return backend.map(b -> new FrontendSpec(name, mode.orElse(Mode.TCP), b, binds, timeouts, maxconn, log));
    }

    private Optional<BindSpec> bind(Cursor c) {
        Optional<HostPort> address = c.parsed("address", true, HostPort::parse, "ADDRESS:PORT",
                "an IP address and a port 1-65535, e.g. \"0.0.0.0:443\" or \"[::]:443\"", HostPort::mistake);
        Optional<String> iface = c.string("interface", "the interface whose gateway carries the replies, e.g. \"eth2\"");
        boolean freebind = c.bool("freebind");
        boolean acceptProxy = c.bool("accept_proxy");
        return address.map(a -> new BindSpec(a, iface, freebind, acceptProxy));
    }

    private Optional<BackendSpec> backend(String name, Cursor c) {
        checkObjectName(name, c);
        Optional<Balance> balance = c.choice("balance", Balance.class, Balance.ROUNDROBIN);
        List<ServerSpec> servers = new ArrayList<>();
        for (Cursor.Item item : c.array("servers", "servers = [ { name = \"s1\", address = \"10.2.0.21:443\" } ]")) {
            item.table(SERVER, "{ name = \"s1\", address = \"10.2.0.21:443\" }").flatMap(this::server).ifPresent(servers::add);
        }
        Optional<HealthSpec> health = c.table("health", HEALTH, "health = { interval = 2, rise = 2, fall = 3 }").map(h -> {
            Optional<String> path = h.string("path", "an HTTP path, e.g. \"/health\"");
            path.filter(p -> !p.startsWith("/") || p.chars().anyMatch(ch -> ch <= ' ' || ch == 127))
                    .ifPresent(p -> h.report("path", "\"" + p + "\" is not an HTTP path",
                            "it starts with '/' and has no spaces, e.g. \"/health\""));
            return new HealthSpec(
                    h.integer("interval", 1, 3600, 2, "seconds between checks"),
                    h.integer("rise", 1, 100, 2, "successes in a row that bring a server back"),
                    h.integer("fall", 1, 100, 3, "failures in a row that take a server out"),
                    path);
        });
        return Optional.of(new BackendSpec(name, balance.orElse(Balance.ROUNDROBIN), servers, health));
    }

    private Optional<ServerSpec> server(Cursor c) {
        Optional<String> name = c.requiredString("name", "name = \"s1\"");
        name.filter(n -> !OBJECT_NAME.matcher(n).matches())
                .ifPresent(n -> c.report("name", "\"" + n + "\" is not a valid server name", NAME_HINT));
        Optional<HostPort> address = c.parsed("address", true, HostPort::parse, "ADDRESS:PORT",
                "the server's IP address and port, e.g. \"10.2.0.21:443\"; names are never resolved", HostPort::mistake);
        int weight = c.integer("weight", 1, 256, 1, "the server's share of the connections, relative to the others'");
        boolean sendProxy = c.bool("send_proxy");
        if (name.isEmpty() || address.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ServerSpec(name.get(), address.get(), weight, sendProxy));
    }

    private static void checkObjectName(String name, Cursor c) {
        if (!OBJECT_NAME.matcher(name).matches()) {
            c.report(null, "\"" + name + "\" is not a valid name", NAME_HINT);
        }
    }

    /**
     * A gateway as `ping fe80::1%eth2` writes it: the zone is this interface, which the section
     * already says, so it is refused with the address to write instead ("is not an IP address"
     * would send the operator looking in the wrong place).
     */
    private static Optional<InetAddress> withoutZone(Cursor c, String name, String text) {
        int zone = text.indexOf('%');
        if (zone > 0 && IpLiteral.parse(text.substring(0, zone)).isPresent()) {
            c.report("gateway", "\"" + text + "\" has a zone (" + text.substring(zone) + "): the gateway is on " + name + "'s own link",
                    "write it without: gateway = \"" + text.substring(0, zone) + "\"");
            return Optional.of(IpLiteral.parse(text.substring(0, zone)).orElseThrow()); // said once: not again as "not an IP address"
        }
        return IpLiteral.parse(text);
    }
}
