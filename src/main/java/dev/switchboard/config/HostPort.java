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

    /**
     * Why a text {@link #parse} refuses is not ADDRESS:PORT, when a closer reason than that can be
     * given, with what to write: the message goes after the quoted text. An IPv4-mapped IPv6
     * address ({@code [::ffff:1.2.3.4]:80}) is refused, not taken: the JDK reads it as IPv4, the
     * kernel carries its traffic and routes its replies as IPv4, so it would be 1.2.3.4 in every
     * listing, and a config keeps one spelling for one address.
     */
    public static Optional<String> mistake(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        String port = colon > 0 ? text.substring(colon + 1) : "";
        boolean portOk = port.matches("[1-9]\\d{0,4}") && Integer.parseInt(port) <= 65535; // else the generic words, which say the range
        if (portOk && host.length() > 2 && host.startsWith("[") && host.endsWith("]")) {
            String inside = host.substring(1, host.length() - 1);
            Optional<InetAddress> v4 = IpLiteral.parse(inside).filter(a -> !(a instanceof Inet6Address));
            if (v4.isPresent()) {
                String plain = IpLiteral.format(v4.get()) + ":" + port;
                return Optional.of(inside.indexOf(':') >= 0
                        ? "is an IPv4-mapped IPv6 address, which is IPv4 to the kernel: write \"" + plain + "\""
                        : "has an IPv4 address in brackets, which are for IPv6: write \"" + plain + "\"");
            }
        } else if (!host.startsWith("[") && (IpLiteral.parse(text).orElse(null) instanceof Inet6Address
                || IpLiteral.parse(host).orElse(null) instanceof Inet6Address)) { // "2001:db8::5:443" is both
            return Optional.of("has an IPv6 address without brackets: an IPv6 address and its port are written \"[2001:db8::5]:443\"");
        }
        return Optional.empty();
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
