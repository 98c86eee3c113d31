package dev.switchboard.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/** A literal {@code ADDRESS:PORT} ({@code [v6]:PORT} for IPv6); never a host name. */
public record HostPort(InetAddress address, int port) {

    public static Optional<HostPort> parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String host = text.substring(0, colon);
        String port = text.substring(colon + 1);
        if (host.startsWith("[") != host.endsWith("]")) {
            return Optional.empty();
        }
        boolean bracketed = host.startsWith("[");
        if (bracketed) {
            host = host.substring(1, host.length() - 1);
        }
        Optional<InetAddress> address = IpLiteral.parse(host);
        if (address.isEmpty() || bracketed != (address.get() instanceof Inet6Address)
                || !port.matches("[1-9]\\d{0,4}")) { // "0080" is not how a port is written: one spelling each
            return Optional.empty();
        }
        int p = Integer.parseInt(port);
        return p > 65535 ? Optional.empty() : Optional.of(new HostPort(address.get(), p));
    }

    public boolean isWildcard() {
        return address.isAnyLocalAddress();
    }

    public Family family() {
        return Family.of(address);
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    @Override
    public String toString() {
        String host = IpLiteral.format(address);
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }
}
