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
        if (!text.matches("[0-9A-Fa-f:.]{2,45}")) {
            return Optional.empty();
        }
        try {
            // Brackets make the JDK treat the text as an IPv6 literal and fail instead of resolving.
            return byAddress(InetAddress.getByName("[" + text + "]").getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> byAddress(byte[] bytes) {
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
