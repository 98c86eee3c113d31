package dev.switchboard.engine;

import dev.switchboard.health.GatewayStatus;
import java.util.List;
import java.util.Optional;

/**
 * One default route as `switchboard status` and the console show it: which interface, which
 * gateway, its metric, whether the link and the gateway's neighbour entry are alive, whether
 * switchboard owns it, whether it is the one the kernel uses now (the lowest metric), and its
 * gateway's health as the engine judges it (empty where no engine judges, or the route is not
 * one of the config's).
 */
public record GatewayRow(
        String family,
        String device,
        List<String> addresses,
        String gateway,
        long metric,
        String link,
        String neighbour,
        boolean managed,
        boolean winner,
        Optional<GatewayStatus> health) {

    public GatewayRow {
        addresses = List.copyOf(addresses);
        health = health == null ? Optional.empty() : health;
    }

    /** A row read from the kernel alone: no health known. */
    public GatewayRow(String family, String device, List<String> addresses, String gateway, long metric, String link, String neighbour,
            boolean managed, boolean winner) {
        this(family, device, addresses, gateway, metric, link, neighbour, managed, winner, Optional.empty());
    }

    /** The same row, with its gateway's health. */
    public GatewayRow withHealth(Optional<GatewayStatus> status) {
        return new GatewayRow(family, device, addresses, gateway, metric, link, neighbour, managed, winner, status);
    }
}
