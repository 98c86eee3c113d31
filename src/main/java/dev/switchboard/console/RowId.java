package dev.switchboard.console;

import dev.switchboard.config.HostPort;

/**
 * What a row shows, by its identity rather than its place: a selection follows it when the rows
 * are sorted again, and a key acts on it without reading the cells back.
 */
sealed interface RowId {
    /**
     * A default route: its interface, family and gateway (an interface may have one of each
     * family, and a route through two gateways on one interface shows a row for each), not its
     * metric, which a failover changes.
     */
    record Gateway(String device, String family, String gateway) implements RowId {}

    /** A frontend's bind, by the address it listens on (pinning it does not make it another bind). */
    record Bind(String frontend, HostPort address) implements RowId {}

    record Server(String backend, String name) implements RowId {
        @Override
        public String toString() {
            return backend + "/" + name;
        }
    }

    /** An interface of the config being edited. */
    record Interface(String name) implements RowId {}
}
