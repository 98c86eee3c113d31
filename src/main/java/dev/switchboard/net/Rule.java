package dev.switchboard.net;

import dev.switchboard.config.IpLiteral;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A FIB rule as the kernel keeps it (`ip rule`): packets from {@code src}/{@code srcLength} (any
 * when empty) look up {@code table}, tried in the order of {@code priority}. Switchboard's carry
 * {@link Route#PROTO_SWITCHBOARD}, so it knows them from everyone else's.
 */
public record Rule(int family, int table, long priority, Optional<InetAddress> src, int srcLength, int protocol, int action) {
    public static final int FR_ACT_TO_TBL = 1;

    /** `from ADDRESS lookup TABLE priority PRIORITY proto 83`: the one kind switchboard makes. */
    public static Rule fromAddress(InetAddress address, int table, long priority) {
        boolean v4 = address instanceof Inet4Address;
        return new Rule(v4 ? Route.AF_INET : Route.AF_INET6, table, priority, Optional.of(address), v4 ? 32 : 128,
                Route.PROTO_SWITCHBOARD, FR_ACT_TO_TBL);
    }

    public boolean isIpv4() {
        return family == Route.AF_INET;
    }

    public boolean owned() {
        return protocol == Route.PROTO_SWITCHBOARD;
    }

    /** As `ip rule` prints it. */
    public String describe() {
        String from = src.map(s -> IpLiteral.format(s) + (srcLength == (isIpv4() ? 32 : 128) ? "" : "/" + srcLength)).orElse("all");
        return (isIpv4() ? "" : "-6 ") + priority + ": from " + from + " lookup " + table
                + (protocol == Route.PROTO_SWITCHBOARD ? " proto switchboard" : protocol == 0 ? "" : " proto " + protocol);
    }
}
