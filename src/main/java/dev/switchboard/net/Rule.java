package dev.switchboard.net;

import dev.switchboard.config.IpLiteral;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A FIB rule as the kernel keeps it (`ip rule`): packets from {@code src}/{@code srcLength} (any
 * when empty), and as {@code more} selects, look up {@code table} (or end as {@code action} says),
 * tried in the order of {@code priority}. Switchboard's carry {@link Route#PROTO_SWITCHBOARD}, so
 * it knows them from everyone else's.
 */
public record Rule(int family, int table, long priority, Optional<InetAddress> src, int srcLength, int protocol, int action,
        Selectors more) {
    public static final int FR_ACT_TO_TBL = 1;
    public static final int FR_ACT_GOTO = 2;
    public static final int FR_ACT_NOP = 3;
    public static final int FR_ACT_BLACKHOLE = 6;
    public static final int FR_ACT_UNREACHABLE = 7;
    public static final int FR_ACT_PROHIBIT = 8;

    public Rule {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(more, "more");
        prefix("srcLength", srcLength, src);
    }

    /**
     * A prefix length the address can have: 0 to its bits (128 when there is none). The kernel
     * never gives another, but a snapshot is a file anyone may have written.
     */
    static void prefix(String name, int length, Optional<InetAddress> address) {
        int bits = address.map(a -> a.getAddress().length * 8).orElse(128);
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException(name + " " + length + " is not a prefix length of a " + bits + "-bit address");
        }
    }

    /** A rule that selects by source alone. */
    public Rule(int family, int table, long priority, Optional<InetAddress> src, int srcLength, int protocol, int action) {
        this(family, table, priority, src, srcLength, protocol, action, Selectors.NONE);
    }

    /**
     * The rest of what a rule selects on and does (`to`, `iif`, `oif`, `fwmark`, `not`,
     * `suppress_prefixlength`, `goto`); empty names and a zero mask select everything.
     *
     * @param suppressPrefixLength a table's answer this short or shorter does not count (-1: none does)
     * @param gotoPriority the priority a {@link #FR_ACT_GOTO} rule continues at
     */
    public record Selectors(Optional<InetAddress> dst, int dstLength, String iif, String oif, long fwmark, long fwmask, boolean invert,
            int suppressPrefixLength, long gotoPriority) {
        public static final Selectors NONE = new Selectors(Optional.empty(), 0, "", "", 0, 0, false, -1, 0);

        public Selectors {
            Objects.requireNonNull(dst, "dst");
            Objects.requireNonNull(iif, "iif");
            Objects.requireNonNull(oif, "oif");
            prefix("dstLength", dstLength, dst);
        }
    }

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

    /** As `ip rule` prints it (the kernel's own protocol left out, as `ip` does). */
    public String describe() {
        int full = isIpv4() ? 32 : 128;
        String from = src.map(s -> IpLiteral.format(s) + (srcLength == full ? "" : "/" + srcLength)).orElse("all");
        StringBuilder b = new StringBuilder((isIpv4() ? "" : "-6 ") + priority + ": " + (more.invert() ? "not " : "") + "from " + from);
        more.dst().ifPresent(d -> b.append(" to ").append(IpLiteral.format(d)).append(more.dstLength() == full ? "" : "/" + more.dstLength()));
        if (more.fwmark() != 0 || more.fwmask() != 0) {
            b.append(" fwmark 0x").append(Long.toHexString(more.fwmark()))
                    .append(more.fwmask() == 0xffffffffL ? "" : "/0x" + Long.toHexString(more.fwmask()));
        }
        if (!more.iif().isEmpty()) {
            b.append(" iif ").append(more.iif());
        }
        if (!more.oif().isEmpty()) {
            b.append(" oif ").append(more.oif());
        }
        b.append(switch (action) {
            case FR_ACT_TO_TBL -> " lookup " + tableName(table);
            case FR_ACT_GOTO -> " goto " + more.gotoPriority();
            case FR_ACT_NOP -> " nop";
            case FR_ACT_BLACKHOLE -> " blackhole";
            case FR_ACT_UNREACHABLE -> " unreachable";
            case FR_ACT_PROHIBIT -> " prohibit";
            default -> " action " + action;
        });
        if (more.suppressPrefixLength() >= 0) {
            b.append(" suppress_prefixlength ").append(more.suppressPrefixLength());
        }
        return b + (protocol == Route.PROTO_SWITCHBOARD ? " proto switchboard" : protocol == 0 || protocol == 2 ? "" : " proto " + protocol);
    }

    /** main, local and default by name, as `ip` prints them; any other by number. */
    public static String tableName(int table) {
        return switch (table) {
            case Route.TABLE_MAIN -> "main";
            case Route.TABLE_LOCAL -> "local";
            case 253 -> "default";
            default -> Integer.toString(table);
        };
    }
}
