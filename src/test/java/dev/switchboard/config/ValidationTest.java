package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of `check`, tried the way a new user would get it wrong: each case replaces one
 * line of a small valid config and expects the one problem it causes, at that line and key.
 */
class ValidationTest {
    /** A small valid appliance; cases replace one of its lines (numbered in the comments). */
    static final String BASE = """
            [appliance]
            confirm_timeout = 60
            [interfaces.eth0]
            addresses = ["203.0.113.10/24", "2001:db8::10/64"]
            gateway = "203.0.113.1"
            metric = 0
            [interfaces.eth2]
            addresses = ["10.2.0.10/24"]
            gateway = "10.2.0.1"
            metric = 2
            [frontends.ft_exchange]
            mode = "tcp"
            backend = "bk_exchange"
            binds = [ { address = "0.0.0.0:443", interface = "eth2" } ]
            [backends.bk_exchange]
            balance = "roundrobin"
            servers = [ { name = "ex1", address = "10.2.0.21:443" } ]
            health = { interval = 2, rise = 2, fall = 3 }
            """;

    static String replaceLine(int line, String text) {
        List<String> lines = new java.util.ArrayList<>(BASE.lines().toList());
        lines.set(line - 1, text);
        return String.join("\n", lines) + "\n";
    }

    static String append(String text) {
        return BASE + text;
    }

    static List<Problem> problems(String text) {
        ConfigLoader.Result result = ConfigLoader.parse(text, "test.toml");
        return assertInstanceOf(ConfigLoader.Rejected.class, result, "should be rejected:\n" + text).problems();
    }

    @Test
    void baseIsValid() {
        assertInstanceOf(ConfigLoader.Loaded.class, ConfigLoader.parse(BASE, "test.toml"));
    }

    @Test
    void tableAndRulePriorityAreRead() {
        Config c = assertInstanceOf(ConfigLoader.Loaded.class, ConfigLoader.parse(
                replaceLine(2, "rule_priority = 900").replace("metric = 2\n", "metric = 2\ntable = 100000\n"), "test.toml")).config();
        assertEquals(java.util.OptionalInt.of(100000), c.interfaces().get("eth2").table());
        assertEquals(java.util.OptionalInt.empty(), c.interfaces().get("eth0").table());
        assertEquals(900, c.appliance().rulePriority());
        Config d = assertInstanceOf(ConfigLoader.Loaded.class, ConfigLoader.parse(BASE, "test.toml")).config();
        assertEquals(Appliance.DEFAULT_RULE_PRIORITY, d.appliance().rulePriority());
        assertEquals(java.util.Optional.empty(), d.appliance().metrics(), "absent: off");
    }

    @Test
    void metricsIsAnAddressAndPort() {
        Config c = assertInstanceOf(ConfigLoader.Loaded.class, ConfigLoader.parse(replaceLine(2, "metrics = \"[::1]:9101\""), "test.toml")).config();
        assertEquals("[::1]:9101", c.appliance().metrics().orElseThrow().toString());
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                // line, key, message fragment, hint fragment, config
                Arguments.of(2, "appliance.confirm_timeout", "TOML syntax", "", replaceLine(2, "confirm_timeout = ")),
                Arguments.of(3, "interfaces.eth0", "TOML syntax", "", replaceLine(3, "[interfaces.eth0")),
                Arguments.of(2, "appliance.confirm_timout", "unknown key", "did you mean 'confirm_timeout'?", replaceLine(2, "confirm_timout = 60")),
                Arguments.of(5, "interfaces.eth0.gatway", "unknown key", "did you mean 'gateway'?", replaceLine(5, "gatway = \"203.0.113.1\"")),
                Arguments.of(2, "appliance.confirm_timeout", "must be between 5 and 3600, not 0", "rolls back", replaceLine(2, "confirm_timeout = 0")),
                Arguments.of(2, "appliance.confirm_timeout", "must be a whole number from 5 to 3600, not the number 1.5", "", replaceLine(2, "confirm_timeout = 1.5")),
                Arguments.of(2, "appliance.transport", "must be one of epoll, io_uring, not \"io-uring\"", "did you mean 'io_uring'?",
                        replaceLine(2, "transport = \"io-uring\"")),
                Arguments.of(4, "interfaces.eth0.addresses[0]", "\"203.0.113.10\" is not an address/prefix", "prefix length", replaceLine(4, "addresses = [\"203.0.113.10\"]")),
                Arguments.of(4, "interfaces.eth0.addresses[0]", "\"203.0.113.300/24\" is not an address/prefix", "", replaceLine(4, "addresses = [\"203.0.113.300/24\"]")),
                Arguments.of(4, "interfaces.eth0.addresses", "must be an array, not the string", "", replaceLine(4, "addresses = \"203.0.113.10/24\"")),
                Arguments.of(5, "interfaces.eth0.gateway", "\"gw.example.com\" is not an IP address", "never resolved", replaceLine(5, "gateway = \"gw.example.com\"")),
                Arguments.of(5, "interfaces.eth0.gateway", "\"fe80::1%eth0\" has a zone (%eth0): the gateway is on eth0's own link",
                        "gateway = \"fe80::1\"", BASE.replace("gateway = \"203.0.113.1\"\nmetric = 0\n", "gateway = \"fe80::1%eth0\"\nmetric = 5\n")),
                Arguments.of(5, "interfaces.eth0.gateway", "198.51.100.1 is not inside any of eth0's networks", "203.0.113.10/24", replaceLine(5, "gateway = \"198.51.100.1\"")),
                Arguments.of(5, "interfaces.eth0.gateway", "203.0.113.10 is this interface's own address", "", replaceLine(5, "gateway = \"203.0.113.10\"")),
                Arguments.of(5, "interfaces.eth0.gateway", "a gateway needs a metric", "unique", replaceLine(6, "")),
                Arguments.of(10, "interfaces.eth2.metric", "metric 0 is already eth0's IPv4 default route", "own metric", replaceLine(10, "metric = 0")),
                Arguments.of(10, "interfaces.eth2.metric", "must be between 0 and 4294967295, not -1", "", replaceLine(10, "metric = -1")),
                Arguments.of(10, "interfaces.eth2.metric", "a metric without a gateway", "remove metric", replaceLine(9, "")),
                Arguments.of(7, "interfaces.\"eth/2\"", "is not a valid interface name", "no '/'", replaceLine(7, "[interfaces.\"eth/2\"]").replace("interface = \"eth2\"", "interface = \"eth/2\"")),
                Arguments.of(7, "interfaces.averyveryverylongname", "is not a valid interface name", "15 printable ASCII characters", replaceLine(7, "[interfaces.averyveryverylongname]").replace("interface = \"eth2\"", "interface = \"averyveryverylongname\"")),
                Arguments.of(11, "interfaces.eth2.mtu", "must be between 68 and 65535, not 10", "", BASE.replace("metric = 2\n", "metric = 2\nmtu = 10\n")),
                Arguments.of(7, "interfaces.eth0.mtu", "mtu 1000 is too small for IPv6", "1280", BASE.replace("metric = 0\n", "metric = 0\nmtu = 1000\n")),
                Arguments.of(11, "interfaces.eth2.state", "must be one of up, down, not \"dwn\"", "did you mean 'down'?", BASE.replace("metric = 2\n", "metric = 2\nstate = \"dwn\"\n")),
                Arguments.of(20, "interfaces.\"eth2.100\".vlan.id", "must be between 1 and 4094, not 4095", "", append("[interfaces.\"eth2.100\"]\nvlan = { parent = \"eth2\", id = 4095 }\n")),
                Arguments.of(20, "interfaces.\"eth2.100\".vlan.parent", "parent \"eth7\" is not declared", "", append("[interfaces.\"eth2.100\"]\nvlan = { parent = \"eth7\", id = 100 }\n")),
                Arguments.of(20, "interfaces.\"eth2.100\".vlan", "missing key 'id'", "1 to 4094", append("[interfaces.\"eth2.100\"]\nvlan = { parent = \"eth2\" }\n")),
                Arguments.of(22, "interfaces.\"eth2.101\".vlan.id", "VLAN 100 on eth2 is already eth2.100", "", append("[interfaces.\"eth2.100\"]\nvlan = { parent = \"eth2\", id = 100 }\n[interfaces.\"eth2.101\"]\nvlan = { parent = \"eth2\", id = 100 }\n")),
                Arguments.of(8, "interfaces.eth2.addresses[0]", "address 203.0.113.10 is already on eth0", "", replaceLine(8, "addresses = [\"203.0.113.10/24\"]").replace("10.2.0.1\"", "203.0.113.2\"")),
                Arguments.of(12, "frontends.ft_exchange.mode", "must be one of tcp, http, not \"htp\"", "did you mean 'http'?", replaceLine(12, "mode = \"htp\"")),
                Arguments.of(13, "frontends.ft_exchange.backend", "backend \"bk_exchang\" is not declared", "did you mean \"bk_exchange\"?", replaceLine(13, "backend = \"bk_exchang\"")),
                Arguments.of(11, "frontends.ft_exchange", "missing key 'backend'", "backend = ", replaceLine(13, "")),
                Arguments.of(14, "frontends.ft_exchange.binds[0].interface", "interface \"eth3\" is not declared", "", replaceLine(14, "binds = [ { address = \"0.0.0.0:443\", interface = \"eth3\" } ]")),
                Arguments.of(14, "frontends.ft_exchange.binds[0].address", "\"0.0.0.0:99999\" is not ADDRESS:PORT", "1-65535", replaceLine(14, "binds = [ { address = \"0.0.0.0:99999\" } ]")),
                Arguments.of(14, "frontends.ft_exchange.binds[0].address", "\"exchange.example.com:443\" is not ADDRESS:PORT", "", replaceLine(14, "binds = [ { address = \"exchange.example.com:443\" } ]")),
                Arguments.of(14, "frontends.ft_exchange.binds[0].adress", "unknown key", "did you mean 'address'?", replaceLine(14, "binds = [ { adress = \"0.0.0.0:443\" } ]")),
                Arguments.of(14, "frontends.ft_exchange.binds", "a frontend needs at least one bind", "", replaceLine(14, "binds = []")),
                Arguments.of(15, "frontends.ft_exchange.binds[1].address", "bind 0.0.0.0:443 interface eth2 collides with 0.0.0.0:443 interface eth2 at line 14", "",
                        replaceLine(14, "binds = [ { address = \"0.0.0.0:443\", interface = \"eth2\" },\n { address = \"0.0.0.0:443\", interface = \"eth2\" } ]")),
                Arguments.of(14, "frontends.ft_exchange.binds[0].freebind", "must be true or false, not the string \"yes\"", "", replaceLine(14, "binds = [ { address = \"0.0.0.0:443\", freebind = \"yes\" } ]")),
                Arguments.of(14, "frontends.ft_exchange.timeouts.connect", "must be between 1 and 3600, not 0", "", BASE.replace("binds = [", "timeouts = { connect = 0 }\nbinds = [")),
                Arguments.of(14, "frontends.ft_exchange.maxconn", "must be between 1 and 1000000, not 0", "", BASE.replace("binds = [", "maxconn = 0\nbinds = [")),
                Arguments.of(16, "backends.bk_exchange.balance", "must be one of roundrobin, leastconn, source, not \"round-robin\"", "did you mean 'roundrobin'?", replaceLine(16, "balance = \"round-robin\"")),
                Arguments.of(17, "backends.bk_exchange.servers", "backend has no servers", "servers = [", replaceLine(17, "servers = []")),
                Arguments.of(17, "backends.bk_exchange.servers[0].address", "\"10.2.0.21\" is not ADDRESS:PORT", "never resolved", replaceLine(17, "servers = [ { name = \"ex1\", address = \"10.2.0.21\" } ]")),
                Arguments.of(17, "backends.bk_exchange.servers[0].weight", "must be between 1 and 256, not 1000", "", replaceLine(17, "servers = [ { name = \"ex1\", address = \"10.2.0.21:443\", weight = 1000 } ]")),
                Arguments.of(17, "backends.bk_exchange.servers[0]", "missing key 'name'", "", replaceLine(17, "servers = [ { address = \"10.2.0.21:443\" } ]")),
                Arguments.of(17, "backends.bk_exchange.servers[1].name", "server name \"ex1\" is already used by servers[0]", "unique",
                        replaceLine(17, "servers = [ { name = \"ex1\", address = \"10.2.0.21:443\" }, { name = \"ex1\", address = \"10.2.0.22:443\" } ]")),
                Arguments.of(18, "backends.bk_exchange.health.fall", "must be between 1 and 100, not 0", "", replaceLine(18, "health = { interval = 2, rise = 2, fall = 0 }")),
                Arguments.of(18, "backends.bk_exchange.health.path", "\"health\" is not an HTTP path", "starts with '/'", replaceLine(18, "health = { interval = 2, path = \"health\" }")),
                Arguments.of(15, "backends.\"bk exchange\"", "\"bk exchange\" is not a valid name", "letters, digits", replaceLine(15, "[backends.\"bk exchange\"]").replace("backend = \"bk_exchange\"", "backend = \"bk exchange\"")),
                Arguments.of(19, "backend", "unknown key", "did you mean 'backends'?", append("[backend.x]\n")),
                // gateway checks: each added as line 7, in eth0's table
                Arguments.of(7, "interfaces.eth0.check.methd", "unknown key", "did you mean 'method'?", check("methd = \"icmp\"")),
                Arguments.of(7, "interfaces.eth0.check.method", "must be one of arp, icmp, tcp, not \"ping\"", "", check("method = \"ping\"")),
                Arguments.of(7, "interfaces.eth0.check.policy", "must be one of any, all, not \"every\"", "", check("policy = \"every\"")),
                Arguments.of(7, "interfaces.eth0.check.targets[0]", "\"198.18.0.5\" is not ADDRESS:PORT", "198.18.0.5:443", check("method = \"tcp\", targets = [\"198.18.0.5\"]")),
                Arguments.of(7, "interfaces.eth0.check.targets[0]", "\"198.18.0.5:53\" has a port, which icmp does not use", "\"198.18.0.5\"", check("method = \"icmp\", targets = [\"198.18.0.5:53\"]")),
                Arguments.of(7, "interfaces.eth0.check.targets[1]", "\"dns.example\" is not an IP address", "never resolved", check("method = \"icmp\", targets = [\"198.18.0.5\", \"dns.example\"]")),
                Arguments.of(7, "interfaces.eth0.check.targets", "no targets", "leave targets out", check("targets = []")),
                Arguments.of(7, "interfaces.eth0.check.targets", "must be an array, not the string", "", check("targets = \"198.18.0.5\"")),
                Arguments.of(7, "interfaces.eth0.check", "method \"tcp\" needs targets", "198.18.0.5:443", check("method = \"tcp\"")),
                Arguments.of(7, "interfaces.eth0.check.targets[0]", "target 2001:db8::5 is IPv6 but the gateway 203.0.113.1 is IPv4", "IPv4 targets", check("method = \"icmp\", targets = [\"2001:db8::5\"]")),
                Arguments.of(7, "interfaces.eth0.check.targets[1]", "target 198.18.0.5 is already targets[0]", "once", check("method = \"icmp\", targets = [\"198.18.0.5\", \"198.18.0.5\"]")),
                Arguments.of(7, "interfaces.eth0.check.targets[0]", "target 203.0.113.10 is eth0's own address", "", check("method = \"icmp\", targets = [\"203.0.113.10\"]")),
                Arguments.of(7, "interfaces.eth0.check.targets[0]", "target 198.18.0.5 is not on eth0's link", "method = \"icmp\"", check("method = \"arp\", targets = [\"198.18.0.5\"]")),
                Arguments.of(7, "interfaces.eth0.check.interval", "must be between 0.1 and 3600 seconds, not 0.05", "fractional", check("interval = 0.05")),
                Arguments.of(7, "interfaces.eth0.check.interval", "must be a number of seconds from 0.1 to 3600, not the string \"1s\"", "", check("interval = \"1s\"")),
                Arguments.of(7, "interfaces.eth0.check.timeout", "timeout 3 s is longer than interval 2 s", "before the next", check("timeout = 3")),
                Arguments.of(7, "interfaces.eth0.check.timeout", "timeout 0.5 s is longer than interval 0.2 s", "", check("interval = 0.2, timeout = 0.5")),
                Arguments.of(7, "interfaces.eth0.check.rise", "must be between 1 and 100, not 0", "", check("rise = 0")),
                Arguments.of(7, "interfaces.eth0.check.fall", "must be a whole number from 1 to 100, not the number 2.5", "", check("fall = 2.5")),
                Arguments.of(7, "interfaces.eth0.check", "must be a table, not the string \"icmp\"", "", BASE.replace("metric = 0\n", "metric = 0\ncheck = \"icmp\"\n")),
                Arguments.of(9, "interfaces.eth2.check", "a check without a gateway has nothing to judge", "remove check",
                        BASE.replace("gateway = \"10.2.0.1\"\nmetric = 2\n", "check = { method = \"arp\" }\n\n")),
                // policy routing: table added as line 11, in eth2's table
                Arguments.of(11, "interfaces.eth2.table", "table 254 is the kernel's main table", "253, 254 and 255", table("table = 254")),
                Arguments.of(11, "interfaces.eth2.table", "table 253 is the kernel's default table", "", table("table = 253")),
                Arguments.of(11, "interfaces.eth2.table", "must be between 1 and 2147483647, not 0", "1 to 252", table("table = 0")),
                Arguments.of(11, "interfaces.eth2.table", "must be a whole number from 1 to 2147483647, not the string \"102\"", "", table("table = \"102\"")),
                Arguments.of(12, "interfaces.eth2.table", "table 102 is already eth0's", "its own table",
                        table("table = 102").replace("metric = 0\n", "metric = 0\ntable = 102\n")),
                Arguments.of(9, "interfaces.eth2.table", "a table without a gateway would send replies nowhere", "remove table",
                        BASE.replace("gateway = \"10.2.0.1\"\nmetric = 2\n", "table = 102\n\n")),
                Arguments.of(2, "appliance.rule_priority", "must be between 1 and 32765, not 32766", "main table", replaceLine(2, "rule_priority = 32766")),
                Arguments.of(2, "appliance.metrics", "\"localhost:9101\" is not an address and port", "names are never resolved",
                        replaceLine(2, "metrics = \"localhost:9101\"")),
                Arguments.of(2, "appliance.metrics", "metrics 10.2.0.10:443 overlaps a bind of frontend ft_exchange", "a port of its own",
                        replaceLine(2, "metrics = \"10.2.0.10:443\"")));
    }

    static String table(String line) {
        return BASE.replace("metric = 2\n", "metric = 2\n" + line + "\n");
    }

    /** BASE with eth0's check, {@code { KEYS }}, on line 7. */
    static String check(String keys) {
        return BASE.replace("metric = 0\n", "metric = 0\ncheck = { " + keys + " }\n");
    }

    @ParameterizedTest(name = "[{index}] line {0}: {1}: {2}")
    @MethodSource("mistakes")
    void eachMistakeIsLocated(int line, String key, String message, String hint, String config) {
        List<Problem> problems = problems(config);
        assertEquals(1, problems.size(), () -> "expected one problem, got:\n" + String.join("\n", problems.stream().map(Problem::format).toList()));
        Problem p = problems.get(0);
        assertEquals(line, p.line(), p::format);
        assertEquals(key, p.key(), p::format);
        assertTrue(p.message().contains(message), () -> "message of " + p.format());
        assertTrue(p.hint().contains(hint), () -> "hint of " + p.format());
        assertTrue(p.format().startsWith("test.toml:" + line + ":" + p.column() + ": "), p::format);
        assertHintSaysSomethingNew(p);
    }

    /** A hint that repeats its message (the choices, the range) only makes the line longer. */
    static void assertHintSaysSomethingNew(Problem p) {
        assertTrue(p.hint().isEmpty() || !p.message().contains(p.hint()), () -> "hint repeats the message: " + p.format());
        java.util.regex.Matcher range = java.util.regex.Pattern.compile("between (\\S+) and (\\S+)").matcher(p.message());
        if (range.find()) {
            assertTrue(!(p.hint().contains(range.group(1)) && p.hint().contains(range.group(2))), () -> "hint repeats the range: " + p.format());
        }
        java.util.regex.Matcher choices = java.util.regex.Pattern.compile("one of ([^\"]+), not").matcher(p.message());
        if (choices.find()) {
            assertTrue(!p.hint().contains(choices.group(1)), () -> "hint repeats the choices: " + p.format());
        }
    }

    @Test
    void everyProblemIsReportedInOneRun() {
        String config = replaceLine(2, "confirm_timout = 60")
                .replace("gateway = \"10.2.0.1\"", "gateway = \"10.9.0.1\"")
                .replace("backend = \"bk_exchange\"", "backend = \"bk_nothing\"");
        List<Problem> problems = problems(config);
        assertEquals(List.of(2, 9, 13), problems.stream().map(Problem::line).toList(), problems::toString);
    }

    @Test
    void ipv6MetricZeroIsRefusedBecauseTheKernelMakesIt1024() {
        String config = append("[interfaces.eth3]\naddresses = [\"2001:db8:3::10/64\"]\ngateway = \"2001:db8:3::1\"\nmetric = 0\n");
        List<Problem> problems = problems(config);
        assertEquals(List.of("test.toml:22:10: interfaces.eth3.metric: an IPv6 default route cannot have metric 0 (the kernel turns it into 1024; use 1 or more)"),
                problems.stream().map(Problem::format).toList());
    }

    @Test
    void aCheckIsReadWithItsDefaults() {
        Config config = ((ConfigLoader.Loaded) ConfigLoader.parse(check(""), "t")).config();
        CheckSpec c = config.interfaces().get("eth0").check().orElseThrow();
        assertEquals(new CheckSpec(CheckMethod.ARP, List.of(CheckTarget.of(IpLiteral.parse("203.0.113.1").orElseThrow())),
                java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(1), 2, 3, CheckPolicy.ANY), c);
        assertTrue(config.interfaces().get("eth2").check().isEmpty(), "no check: never judged");
    }

    @Test
    void aCheckIsReadAsWritten() {
        Config config = ((ConfigLoader.Loaded) ConfigLoader.parse(check(
                "method = \"tcp\", targets = [\"198.18.0.5:443\", \"198.18.0.6:80\"], interval = 0.5, timeout = 0.25,"
                        + " rise = 1, fall = 5, policy = \"all\""), "t")).config();
        CheckSpec c = config.interfaces().get("eth0").check().orElseThrow();
        assertEquals(CheckMethod.TCP, c.method());
        assertEquals(List.of("198.18.0.5:443", "198.18.0.6:80"), c.targets().stream().map(CheckTarget::toString).toList());
        assertEquals(java.time.Duration.ofMillis(500), c.interval());
        assertEquals(java.time.Duration.ofMillis(250), c.timeout());
        assertEquals(List.of(1, 5), List.of(c.rise(), c.fall()));
        assertEquals(CheckPolicy.ALL, c.policy());
    }

    @Test
    void theIssueExampleIsValid() {
        String config = BASE.replace("addresses = [\"203.0.113.10/24\", \"2001:db8::10/64\"]", "addresses = [\"203.0.113.10/24\"]")
                .replace("metric = 0\n", "metric  = 0\ncheck   = { method = \"icmp\", targets = [\"198.18.0.5\"], interval = 1, timeout = 1,"
                        + " rise = 2, fall = 3, policy = \"any\" }\n");
        assertInstanceOf(ConfigLoader.Loaded.class, ConfigLoader.parse(config, "t"));
    }

    @Test
    void anIpv6GatewayIsCheckedOverNdpWithIpv6Targets() {
        String config = append("[interfaces.eth3]\naddresses = [\"2001:db8:3::10/64\"]\ngateway = \"fe80::1\"\nmetric = 3\n"
                + "check = { method = \"icmp\", targets = [\"2001:db8:99::5\"] }\n[interfaces.eth4]\naddresses = [\"2001:db8:4::10/64\"]\n"
                + "gateway = \"2001:db8:4::1\"\nmetric = 4\ncheck = { method = \"arp\" }\n");
        assertInstanceOf(ConfigLoader.Loaded.class, ConfigLoader.parse(config, "t"));
    }

    @Test
    void sameMetricInTheOtherFamilyIsFine() {
        String config = append("[interfaces.eth3]\naddresses = [\"2001:db8:3::10/64\"]\ngateway = \"2001:db8:3::1\"\nmetric = 2\n");
        assertInstanceOf(ConfigLoader.Loaded.class, ConfigLoader.parse(config, "t"));
    }

    @Test
    void linkLocalIpv6GatewayIsAllowed() {
        String config = append("[interfaces.eth3]\naddresses = [\"2001:db8:3::10/64\"]\ngateway = \"fe80::1\"\nmetric = 3\n");
        assertInstanceOf(ConfigLoader.Loaded.class, ConfigLoader.parse(config, "t"));
    }

    @Test
    void sharedPortOnDifferentInterfacesIsFine() {
        String config = replaceLine(14, "binds = [ { address = \"0.0.0.0:443\", interface = \"eth2\" }, { address = \"0.0.0.0:443\", interface = \"eth0\" } ]");
        assertInstanceOf(ConfigLoader.Loaded.class, ConfigLoader.parse(config, "t"));
    }
}
