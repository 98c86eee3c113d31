package dev.switchboard.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Parses IP address literals without ever asking DNS. InetAddress.getByName would resolve
 * anything that does not look numeric; the appliance must never wait on a resolver.
 */
public final class IpLiteral {
    private IpLiteral() {}

    public static Optional<InetAddress> parse(String text) {
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        return parseV4(text);
    }

    /**
     * The address as people write it: dotted quad, or IPv6 in RFC 5952's short form
     * ({@code 2001:db8::10}, not the JDK's {@code 2001:db8:0:0:0:0:0:10}).
     */
    public static String format(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return address.getHostAddress();
        }
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero word is not shortened
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(words[i]));
        }
        return out.toString();
    }

    private static Optional<InetAddress> parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (!p.matches("0|[1-9]\\d{0,2}")) {
                return Optional.empty();
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) v;
        }
        return byAddress(bytes);
    }

    private static Optional<InetAddress> parseV6(String text) {
        // Only hex digits, colons and an embedded dotted quad; no zone ids ("%eth0").
        if (!text.matches("[0-9A-Fa-f:.]{2,45}") || !groupsAreStrict(text)) {
            return Optional.empty();
        }
        try {
            // Brackets make the JDK treat the text as an IPv6 literal and fail instead of resolving.
            return byAddress(InetAddress.getByName("[" + text + "]").getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * What the JDK lets pass and RFC 4291 does not: a group of more than four hex digits
     * ({@code ::00001}), or an embedded IPv4 part that is not a dotted quad as {@link #parseV4} reads one
     * ({@code ::01.2.3.4}), so that one address has one spelling in a config.
     */
    private static boolean groupsAreStrict(String text) {
        String[] groups = text.split(":", -1);
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            boolean embeddedV4 = g.indexOf('.') >= 0;
            if (embeddedV4 ? i != groups.length - 1 || parseV4(g).isEmpty() : g.length() > 4) {
                return false;
            }
        }
        return true;
    }

    private static Optional<InetAddress> byAddress(byte[] bytes) {
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
