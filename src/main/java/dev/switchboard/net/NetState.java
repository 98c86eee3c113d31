package dev.switchboard.net;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A snapshot of the kernel's links, addresses, routes (every table), neighbours and rules, from one dump. */
public record NetState(List<Link> links, List<Address> addresses, List<Route> routes, List<Neighbour> neighbours, List<Rule> rules) {

    public NetState {
        links = List.copyOf(links);
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        neighbours = List.copyOf(neighbours);
        rules = List.copyOf(rules);
    }

    /** A snapshot without rules (a kernel with only its own three). */
    public NetState(List<Link> links, List<Address> addresses, List<Route> routes, List<Neighbour> neighbours) {
        this(links, addresses, routes, neighbours, List.of());
    }

    /** The routes of table {@code table}. */
    public List<Route> routes(int table) {
        return routes.stream().filter(r -> r.table() == table).toList();
    }

    public Optional<Link> link(String name) {
        return links.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    public Optional<Link> link(int index) {
        return links.stream().filter(l -> l.index() == index).findFirst();
    }

    public String linkName(int index) {
        return link(index).map(Link::name).orElse("if" + index);
    }

    public List<Address> addresses(int index) {
        return addresses.stream().filter(a -> a.index() == index).toList();
    }

    /** The main table's default routes, lowest metric first, IPv4 before IPv6. */
    public List<Route> defaultRoutes() {
        return routes.stream()
                .filter(r -> r.table() == Route.TABLE_MAIN && r.isDefault() && r.type() == 1)
                .sorted(Comparator.comparing((Route r) -> !r.isIpv4()).thenComparingLong(Route::metric))
                .toList();
    }

    public Optional<Neighbour> neighbour(int index, InetAddress address) {
        return neighbours.stream().filter(n -> n.index() == index && n.address().equals(address)).findFirst();
    }
}
