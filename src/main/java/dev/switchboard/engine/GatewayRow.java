package dev.switchboard.engine;

import java.util.List;

/**
 * One default route as `switchboard status` and the console show it: which interface, which
 * gateway, its metric, whether the link and the gateway's neighbour entry are alive, whether
 * switchboard owns it, and whether it is the one the kernel uses now (the lowest metric).
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
        boolean winner) {

    public GatewayRow {
        addresses = List.copyOf(addresses);
    }
}
