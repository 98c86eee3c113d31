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
 */
public record InterfaceSpec(
        String name,
        List<Cidr> addresses,
        Optional<InetAddress> gateway,
        OptionalLong metric,
        OptionalInt mtu,
        LinkState state,
        Optional<VlanSpec> vlan,
        Optional<CheckSpec> check) {

    public InterfaceSpec {
        addresses = List.copyOf(addresses);
    }

    /** IPv4 or IPv6 family of the default route, if there is one. */
    public Optional<Family> gatewayFamily() {
        return gateway.map(Family::of);
    }
}
