package dev.switchboard.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rules that relate several parts of a config: unique metrics, gateways inside their networks,
 * references between frontends, binds, backends and interfaces. Pure: a config in, problems out.
 */
final class Validator {
    private final SourceMap sources;
    private final List<Problem> problems = new ArrayList<>();

    private Validator(SourceMap sources) {
        this.sources = sources;
    }

    static List<Problem> validate(Config config, SourceMap sources) {
        Validator v = new Validator(sources);
        if (config.interfaces().isEmpty() && config.frontends().isEmpty()) {
            // an empty or truncated file (": > switchboard.toml") would remove everything switchboard manages
            v.report("", "declares no interfaces and no frontends: applied, it would remove every address, default route and bind"
                    + " switchboard manages", "an empty or cut file? man switchboard.toml shows what one holds");
        }
        v.interfaces(config);
        v.frontends(config);
        v.backends(config);
        v.metrics(config);
        return v.problems;
    }

    /** The metrics listener cannot share a frontend's port and address: one of the two would not listen. */
    private void metrics(Config config) {
        config.appliance().metrics().ifPresent(at -> {
            BindSpec mine = new BindSpec(at, Optional.empty(), false, false);
            config.frontends().values().stream().filter(f -> f.binds().stream().anyMatch(mine::overlaps)).findFirst()
                    .ifPresent(f -> report(KeyPath.child("appliance", "metrics"), "metrics " + at + " overlaps a bind of frontend " + f.name(),
                            "give /metrics a port of its own, e.g. \"127.0.0.1:9101\""));
        });
    }

    private void interfaces(Config config) {
        Map<String, String> metricOwner = new HashMap<>();
        Map<InetAddress, String> addressOwner = new HashMap<>();
        Map<String, String> vlanOwner = new HashMap<>();
        Map<Integer, String> tableOwner = new HashMap<>();
        for (InterfaceSpec i : config.interfaces().values()) {
            String path = KeyPath.child("interfaces", i.name());
            if (sources.troubledUnder(path)) {
                continue; // its own problems come first; rules on half-read values would mislead
            }
            gateway(i, path);
            i.metric().ifPresent(metric -> i.gatewayFamily().ifPresent(family -> {
                if (family == Family.IPV6 && metric == 0) {
                    // the kernel stores an IPv6 route's metric 0 as 1024: it would never match the config
                    report(KeyPath.child(path, "metric"), "an IPv6 default route cannot have metric 0",
                            "the kernel turns it into 1024; use 1 or more");
                    return;
                }
                String owner = metricOwner.putIfAbsent(family + "/" + metric, i.name());
                if (owner != null) {
                    report(KeyPath.child(path, "metric"), "metric %d is already %s's %s default route".formatted(metric, owner, family),
                            "each interface needs its own metric, or the kernel sends every reply through one gateway");
                }
            }));
            for (int n = 0; n < i.addresses().size(); n++) {
                Cidr cidr = i.addresses().get(n);
                String owner = addressOwner.putIfAbsent(cidr.address(), i.name());
                if (owner != null) {
                    report(KeyPath.element(KeyPath.child(path, "addresses"), n),
                            "address " + IpLiteral.format(cidr.address()) + " is already on " + owner,
                            "an address belongs to one interface");
                }
            }
            i.mtu().ifPresent(mtu -> {
                if (mtu < 1280 && i.addresses().stream().anyMatch(a -> a.family() == Family.IPV6)) {
                    report(KeyPath.child(path, "mtu"), "mtu " + mtu + " is too small for IPv6",
                            "IPv6 needs at least 1280");
                }
            });
            i.vlan().ifPresent(vlan -> vlanRules(config, i, vlan, path, vlanOwner));
            i.table().ifPresent(table -> tableRules(i, table, KeyPath.child(path, "table"), tableOwner));
            i.check().ifPresent(check -> checkRules(i, check, KeyPath.child(path, "check")));
        }
    }

    /** A table holds the interface's own default route: it needs a gateway, and is the interface's alone. */
    private void tableRules(InterfaceSpec i, int table, String path, Map<Integer, String> tableOwner) {
        if (i.gateway().isEmpty()) {
            report(path, "a table without a gateway would send replies nowhere",
                    "add gateway = \"ADDRESS\" and metric = N, or remove table");
        }
        String owner = tableOwner.putIfAbsent(table, i.name());
        if (owner != null) {
            report(path, "table " + table + " is already " + owner + "'s",
                    "each interface needs its own table, or one's default route would send the other's replies");
        }
    }

    /** A check judges the interface's gateway: its targets must be reachable that way, and a round must end before the next. */
    private void checkRules(InterfaceSpec i, CheckSpec check, String path) {
        if (i.gateway().isEmpty()) {
            report(path, "a check without a gateway has nothing to judge", "add gateway = \"ADDRESS\" or remove check");
            return;
        }
        if (check.timeout().compareTo(check.interval()) > 0) {
            report(KeyPath.child(path, "timeout"), "timeout %s s is longer than interval %s s".formatted(
                    seconds(check.timeout()), seconds(check.interval())), "a probe round must end before the next begins");
        }
        InetAddress gw = i.gateway().get();
        Map<CheckTarget, Integer> seen = new HashMap<>();
        for (int n = 0; n < check.targets().size(); n++) {
            CheckTarget t = check.targets().get(n);
            // when targets is absent the gateway stands in, and has no line of its own: the check's line is used
            String at = KeyPath.element(KeyPath.child(path, "targets"), n);
            String what = "target " + t;
            if (t.family() != Family.of(gw)) {
                report(at, what + " is " + t.family() + " but the gateway " + IpLiteral.format(gw) + " is " + Family.of(gw),
                        "probes leave through this interface's gateway: use " + Family.of(gw) + " targets");
                continue;
            }
            Integer first = seen.putIfAbsent(t, n);
            if (first != null) {
                report(at, what + " is already targets[" + first + "]", "list each target once");
            }
            if (i.addresses().stream().anyMatch(a -> a.address().equals(t.address()))) {
                report(at, what + " is " + i.name() + "'s own address", "a target answers from beyond the interface");
            } else if (check.method() == CheckMethod.ARP && !t.address().equals(gw)
                    && !(t.address() instanceof Inet6Address && t.address().isLinkLocalAddress())
                    && i.addresses().stream().noneMatch(a -> a.contains(t.address()))) {
                report(at, what + " is not on " + i.name() + "'s link", "arp asks neighbours on the link; for addresses"
                        + " beyond the gateway use method = \"icmp\" or \"tcp\"");
            }
        }
    }

    private static String seconds(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
    }

    private void gateway(InterfaceSpec i, String path) {
        String gwPath = KeyPath.child(path, "gateway");
        if (i.gateway().isPresent() && i.metric().isEmpty()) {
            report(gwPath, "a gateway needs a metric", "add metric = N, unique among the interfaces' default routes");
        }
        if (i.gateway().isEmpty() && i.metric().isPresent()) {
            report(KeyPath.child(path, "metric"), "a metric without a gateway has no route to apply to",
                    "add gateway = \"ADDRESS\" or remove metric");
        }
        if (i.gateway().isEmpty()) {
            return;
        }
        InetAddress gw = i.gateway().get();
        if (i.addresses().stream().anyMatch(a -> a.address().equals(gw))) {
            report(gwPath, IpLiteral.format(gw) + " is this interface's own address", "the gateway is the next router");
            return;
        }
        boolean linkLocal = gw instanceof Inet6Address && gw.isLinkLocalAddress();
        if (!linkLocal && i.addresses().stream().noneMatch(a -> a.contains(gw))) {
            List<String> nets = i.addresses().stream().filter(a -> a.family() == Family.of(gw)).map(Cidr::toString).toList();
            report(gwPath, IpLiteral.format(gw) + " is not inside any of " + i.name() + "'s networks",
                    nets.isEmpty() ? "give " + i.name() + " an " + Family.of(gw) + " address in the gateway's network"
                            : "on " + String.join(", ", nets) + "; a gateway must be reachable directly");
        }
    }

    private void vlanRules(Config config, InterfaceSpec i, VlanSpec vlan, String path, Map<String, String> vlanOwner) {
        String vlanPath = KeyPath.child(path, "vlan");
        if (vlan.parent().equals(i.name())) {
            report(KeyPath.child(vlanPath, "parent"), "a VLAN cannot ride on itself", "name the physical interface, e.g. \"eth1\"");
        } else if (!declared("interfaces", vlan.parent())) {
            report(KeyPath.child(vlanPath, "parent"), "parent \"" + vlan.parent() + "\" is not declared",
                    hint("declare [interfaces." + vlan.parent() + "]", vlan.parent(), config.interfaces().keySet()));
        }
        String owner = vlanOwner.putIfAbsent(vlan.parent() + "/" + vlan.id(), i.name());
        if (owner != null) {
            report(KeyPath.child(vlanPath, "id"), "VLAN " + vlan.id() + " on " + vlan.parent() + " is already " + owner,
                    "one sub-interface per VLAN id and parent");
        }
    }

    private void frontends(Config config) {
        List<Located<BindSpec>> seen = new ArrayList<>();
        for (FrontendSpec f : config.frontends().values()) {
            String path = KeyPath.child("frontends", f.name());
            if (!declared("backends", f.backend())) {
                report(KeyPath.child(path, "backend"), "backend \"" + f.backend() + "\" is not declared",
                        hint("declare [backends." + f.backend() + "]", f.backend(), config.backends().keySet()));
            }
            for (int n = 0; n < f.binds().size(); n++) {
                BindSpec bind = f.binds().get(n);
                String bindPath = KeyPath.element(KeyPath.child(path, "binds"), n);
                bind.interfaceName().filter(name -> !declared("interfaces", name)).ifPresent(name ->
                        report(KeyPath.child(bindPath, "interface"), "interface \"" + name + "\" is not declared",
                                hint("declare [interfaces." + name + "]", name, config.interfaces().keySet())));
                for (Located<BindSpec> other : seen) {
                    if (bind.overlaps(other.value())) {
                        report(KeyPath.child(bindPath, "address"), "bind " + bind + " collides with " + other.value()
                                        + " at line " + sources.line(other.path()),
                                "two binds share a port only on different interfaces or different addresses");
                    }
                }
                seen.add(new Located<>(bind, bindPath));
            }
        }
    }

    private void backends(Config config) {
        for (BackendSpec b : config.backends().values()) {
            String path = KeyPath.child("backends", b.name());
            if (b.servers().isEmpty() && !sources.troubledUnder(KeyPath.child(path, "servers"))) {
                report(KeyPath.child(path, "servers"), "backend has no servers",
                        "servers = [ { name = \"s1\", address = \"10.2.0.21:443\" } ]");
            }
            Map<String, Integer> names = new HashMap<>();
            for (int n = 0; n < b.servers().size(); n++) {
                Integer first = names.putIfAbsent(b.servers().get(n).name(), n);
                if (first != null) {
                    report(KeyPath.child(KeyPath.element(KeyPath.child(path, "servers"), n), "name"),
                            "server name \"" + b.servers().get(n).name() + "\" is already used by servers[" + first + "]",
                            "server names are unique within a backend");
                }
            }
        }
    }

    private boolean declared(String section, String name) {
        return sources.declares(KeyPath.child(section, name));
    }

    private static String hint(String fallback, String name, Iterable<String> known) {
        List<String> names = new ArrayList<>();
        known.forEach(names::add);
        Optional<String> close = Suggest.closest(name, names);
        return close.map(s -> "did you mean \"" + s + "\"?").orElse(fallback);
    }

    private void report(String keyPath, String message, String hint) {
        problems.add(sources.problem(keyPath, message, hint));
    }

    private record Located<T>(T value, String path) {}
}
