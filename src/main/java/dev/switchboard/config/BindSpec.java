package dev.switchboard.config;

import java.util.Optional;

/**
 * Where a frontend listens. With {@code interfaceName} the socket is pinned to that interface
 * (SO_BINDTODEVICE), so replies leave through that interface's default route.
 */
public record BindSpec(HostPort address, Optional<String> interfaceName, boolean freebind, boolean acceptProxy) {

    /** Whether both could not listen at once: same port, overlapping address and interface. */
    public boolean overlaps(BindSpec other) {
        HostPort a = address;
        HostPort b = other.address;
        boolean sameAddress = a.address().equals(b.address())
                || (a.family() == b.family() && (a.isWildcard() || b.isWildcard()));
        boolean sameDevice = interfaceName.isEmpty() || other.interfaceName.isEmpty()
                || interfaceName.equals(other.interfaceName);
        return a.port() == b.port() && sameAddress && sameDevice;
    }

    @Override
    public String toString() {
        return address + interfaceName.map(i -> " interface " + i).orElse("");
    }
}
