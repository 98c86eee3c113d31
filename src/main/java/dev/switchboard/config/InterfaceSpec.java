package dev.switchboard.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One [interfaces.NAME] table. The gateway, when given, becomes this interface's default route
 * with {@code metric}; each interface gets its own metric so that several defaults can coexist.
 * With a {@code check}, the gateway is probed and a dead one's route moves behind the live ones.
 * With a {@code table}, replies from the interface's addresses use a routing table of its own
 * (its connected routes and its default route), chosen by one rule per address.
 */
public record InterfaceSpec(
        String name,
        List<Cidr> addresses,
        Optional<InetAddress> gateway,
        OptionalLong metric,
        OptionalInt mtu,
        LinkState state,
        Optional<VlanSpec> vlan,
        Optional<CheckSpec> check,
        OptionalInt table) {
    /** The kernel's reserved tables: default (253), main (254), local (255). */
    public static final int FIRST_RESERVED_TABLE = 253;
    public static final int LAST_RESERVED_TABLE = 255;

    public InterfaceSpec {
        addresses = List.copyOf(addresses);
    }

    /** Without a table of its own. */
    public InterfaceSpec(String name, List<Cidr> addresses, Optional<InetAddress> gateway, OptionalLong metric, OptionalInt mtu,
            LinkState state, Optional<VlanSpec> vlan, Optional<CheckSpec> check) {
        this(name, addresses, gateway, metric, mtu, state, vlan, check, OptionalInt.empty());
    }

    /** IPv4 or IPv6 family of the default route, if there is one. */
    public Optional<Family> gatewayFamily() {
        return gateway.map(Family::of);
    }
}
