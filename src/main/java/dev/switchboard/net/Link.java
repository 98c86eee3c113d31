package dev.switchboard.net;

import java.util.Optional;

/**
 * A network interface as the kernel reports it. {@code up} is the administrative state (IFF_UP),
 * {@code carrier} whether the cable or peer is there (IFF_LOWER_UP), {@code operstate} the RFC 2863
 * word the kernel derives from both. {@code vlanId} and {@code parentIndex} are 0 unless a VLAN.
 */
public record Link(int index, String name, String kind, int parentIndex, int vlanId, boolean up, boolean carrier,
        String operstate, int mtu, long rxBytes, long txBytes) {

    public boolean isVlan() {
        return "vlan".equals(kind);
    }

    public Optional<Integer> vlan() {
        return isVlan() ? Optional.of(vlanId) : Optional.empty();
    }

    /** up, down or no-carrier: what an operator wants to know about a link at a glance. */
    public String linkWord() {
        if (!up) {
            return "down";
        }
        return carrier ? "up" : "no-carrier";
    }
}
