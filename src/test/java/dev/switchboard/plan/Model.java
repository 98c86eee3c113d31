package dev.switchboard.plan;

import dev.switchboard.config.Cidr;
import dev.switchboard.config.Family;
import dev.switchboard.config.VlanSpec;
import dev.switchboard.plan.Observed.ObservedLink;
import dev.switchboard.plan.Observed.ObservedRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model of the kernel's rules that matter to plans, for checking plans' properties over many
 * cases: a route's slot is its family and metric (EEXIST when taken), an address is on a link
 * once, a link must exist to change it. The real kernel is tested in network namespaces.
 */
public final class Model {
    final Map<String, ObservedLink> links = new LinkedHashMap<>();
    final List<ObservedRoute> routes = new ArrayList<>();
    final List<TableRoute> tableRoutes = new ArrayList<>();
    final List<PolicyRule> rules = new ArrayList<>();

    public Model(Observed start) {
        links.putAll(start.links());
        routes.addAll(start.defaultRoutes());
        tableRoutes.addAll(start.tableRoutes());
        rules.addAll(start.rules());
    }

    public Observed observed() {
        return new Observed(links, routes, tableRoutes, rules);
    }

    /** Make before break: a rule exists only while its table has a default route to send traffic to. */
    private boolean tableHasDefault(int table) {
        return tableRoutes.stream().anyMatch(r -> r.table() == table && r.isDefault());
    }

    private boolean tableSlotFree(TableRoute route) {
        return tableRoutes.stream().noneMatch(r -> r.table() == route.table() && r.dst().equals(route.dst()) && r.metric() == route.metric());
    }

    public void apply(Change change) {
        if (change instanceof Change.CreateVlan c) {
            require(!links.containsKey(c.name()), "EEXIST link " + c.name());
            ObservedLink parent = link(c.parent());
            links.put(c.name(), new ObservedLink(c.name(), Optional.of(new VlanSpec(c.parent(), c.id())), parent.mtu(), false, List.of()));
        } else if (change instanceof Change.DeleteVlan c) {
            link(c.name());
            links.remove(c.name());
            routes.removeIf(r -> r.owned().map(o -> o.device().equals(c.name())).orElse(false));
        } else if (change instanceof Change.SetMtu c) {
            ObservedLink l = link(c.link());
            links.put(l.name(), new ObservedLink(l.name(), l.vlan(), c.mtu(), l.up(), l.addresses()));
        } else if (change instanceof Change.SetState c) {
            ObservedLink l = link(c.link());
            links.put(l.name(), new ObservedLink(l.name(), l.vlan(), l.mtu(), c.state() == dev.switchboard.config.LinkState.UP, l.addresses()));
        } else if (change instanceof Change.AddAddress c) {
            ObservedLink l = link(c.link());
            require(!l.addresses().contains(c.address()), "EEXIST address " + c.address());
            List<Cidr> a = new ArrayList<>(l.addresses());
            a.add(c.address());
            links.put(l.name(), new ObservedLink(l.name(), l.vlan(), l.mtu(), l.up(), a));
        } else if (change instanceof Change.DeleteAddress c) {
            ObservedLink l = link(c.link());
            require(l.addresses().contains(c.address()), "EADDRNOTAVAIL " + c.address());
            List<Cidr> a = new ArrayList<>(l.addresses());
            a.remove(c.address());
            links.put(l.name(), new ObservedLink(l.name(), l.vlan(), l.mtu(), l.up(), a));
        } else if (change instanceof Change.AddRoute c) {
            require(slotFree(c.route().family(), c.route().metric()), "EEXIST route " + c.route());
            require(link(c.route().device()).up(), "ENETDOWN " + c.route());
            routes.add(ObservedRoute.owned(c.route()));
        } else if (change instanceof Change.DeleteRoute c) {
            require(routes.remove(ObservedRoute.owned(c.route())), "ESRCH route " + c.route());
        } else if (change instanceof Change.ReplaceRoute c) {
            require(routes.remove(ObservedRoute.owned(c.was())), "ESRCH route " + c.was());
            routes.add(ObservedRoute.owned(c.route()));
        } else if (change instanceof Change.AddTableRoute c) {
            require(tableSlotFree(c.route()), "EEXIST route " + c.route());
            require(link(c.route().device()).up(), "ENETDOWN " + c.route());
            tableRoutes.add(c.route());
        } else if (change instanceof Change.DeleteTableRoute c) {
            require(tableRoutes.remove(c.route()), "ESRCH route " + c.route());
            int table = c.route().table();
            require(tableHasDefault(table) || rules.stream().noneMatch(r -> r.table() == table),
                    "BREAK: a rule still sends traffic to table " + table + ", now without a default route");
        } else if (change instanceof Change.ReplaceTableRoute c) {
            require(tableRoutes.remove(c.was()), "ESRCH route " + c.was());
            tableRoutes.add(c.route());
        } else if (change instanceof Change.AddRule c) {
            require(!rules.contains(c.rule()), "EEXIST rule " + c.rule());
            require(tableHasDefault(c.rule().table()), "BREAK: rule " + c.rule() + " before its table has a default route");
            rules.add(c.rule());
        } else if (change instanceof Change.DeleteRule c) {
            require(rules.remove(c.rule()), "ENOENT rule " + c.rule());
        }
    }

    boolean hasRoute(String device, Family family) {
        return routes.stream().anyMatch(r -> r.owned().map(o -> o.device().equals(device) && o.family() == family).orElse(false));
    }

    private boolean slotFree(Family family, long metric) {
        return routes.stream().noneMatch(r -> r.family() == family && r.metric() == metric);
    }

    private ObservedLink link(String name) {
        ObservedLink l = links.get(name);
        require(l != null, "ENODEV " + name);
        return l;
    }

    private static void require(boolean ok, String error) {
        if (!ok) {
            throw new IllegalStateException(error);
        }
    }
}
