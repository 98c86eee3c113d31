package dev.switchboard.plan;

import dev.switchboard.config.Family;
import dev.switchboard.config.IpLiteral;
import java.net.InetAddress;

/**
 * A rule switchboard owns: {@code from ADDRESS lookup TABLE} at {@code priority}, tagged with
 * switchboard's protocol. The kernel keys a rule by all three (and the protocol), so this record
 * is its identity too.
 */
public record PolicyRule(InetAddress from, int table, long priority) {

    public Family family() {
        return Family.of(from);
    }

    /** As `ip rule` prints it. */
    @Override
    public String toString() {
        return (family() == Family.IPV6 ? "-6 " : "") + priority + ": from " + IpLiteral.format(from) + " lookup " + table;
    }
}
