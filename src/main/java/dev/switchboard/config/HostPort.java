package dev.switchboard.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/** A literal {@code ADDRESS:PORT} ({@code [v6]:PORT} for IPv6); never a host name. */
public record HostPort(InetAddress address, int port) {

    /**
     * {@code ADDRESS:PORT} cut at its last colon: the address's text (its brackets, if any, taken
     * off and said) and the port's. Nothing is checked but the brackets' pairing: the one split
     * {@link #parse}, {@link #mistake} and {@link #addressOfPeer} share.
     */
    record Parts(String address, String port, boolean bracketed) {
        static Optional<Parts> of(String text) {
            int colon = text.lastIndexOf(':');
            String host = colon > 0 ? text.substring(0, colon) : "";
            if (host.isEmpty() || host.startsWith("[") != host.endsWith("]")) {
                return Optional.empty();
            }
            boolean bracketed = host.startsWith("[");
            return Optional.of(new Parts(bracketed ? host.substring(1, host.length() - 1) : host, text.substring(colon + 1), bracketed));
        }

        /** A port as a config writes one: 1-65535, no leading zero ("0080" is not how a port is written: one spelling each). */
        boolean portWritten() {
            return port.matches("[1-9]\\d{0,4}") && Integer.parseInt(port) <= 65535;
        }
    }

    public static Optional<HostPort> parse(String text) {
        Optional<Parts> parts = Parts.of(text);
        if (parts.isEmpty() || !parts.get().portWritten()) {
            return Optional.empty();
        }
        Optional<InetAddress> address = IpLiteral.parse(parts.get().address());
        if (address.isEmpty() || parts.get().bracketed() != (address.get() instanceof Inet6Address)) {
            return Optional.empty();
        }
        return Optional.of(new HostPort(address.get(), Integer.parseInt(parts.get().port())));
    }

    /**
     * Why a text {@link #parse} refuses is not ADDRESS:PORT, when a closer reason than that can be
     * given, with what to write: the message goes after the quoted text. An IPv4-mapped IPv6
     * address ({@code [::ffff:1.2.3.4]:80}) is refused, not taken: the JDK reads it as IPv4, the
     * kernel carries its traffic and routes its replies as IPv4, so it would be 1.2.3.4 in every
     * listing, and a config keeps one spelling for one address. A port out of range gets the
     * generic words, which say the range.
     */
    public static Optional<String> mistake(String text) {
        Optional<Parts> parts = Parts.of(text);
        if (parts.isPresent() && parts.get().bracketed()) {
            Optional<InetAddress> v4 = IpLiteral.parse(parts.get().address()).filter(a -> !(a instanceof Inet6Address));
            if (v4.isPresent() && parts.get().portWritten()) {
                String plain = IpLiteral.format(v4.get()) + ":" + parts.get().port();
                return Optional.of(parts.get().address().indexOf(':') >= 0
                        ? "is an IPv4-mapped IPv6 address, which is IPv4 to the kernel: write \"" + plain + "\""
                        : "has an IPv4 address in brackets, which are for IPv6: write \"" + plain + "\"");
            }
        } else if (IpLiteral.parse(text).orElse(null) instanceof Inet6Address // "2001:db8::5:443" is both
                || parts.flatMap(p -> IpLiteral.parse(p.address())).orElse(null) instanceof Inet6Address) {
            return Optional.of("has an IPv6 address without brackets: an IPv6 address and its port are written \"[2001:db8::5]:443\"");
        }
        return Optional.empty();
    }

    /**
     * The address of a peer written with its port, as a log shows one: {@code 1.2.3.4:80},
     * {@code [2001:db8::5]:80}, {@code [::ffff:1.2.3.4]:80} (a dual-stack socket's IPv4 peer), any
     * port's digits; empty for anything else.
     */
    public static Optional<InetAddress> addressOfPeer(String text) {
        return Parts.of(text)
                .filter(p -> p.port().matches("\\d{1,5}") && (p.bracketed() || p.address().indexOf(':') < 0))
                .flatMap(p -> IpLiteral.parse(p.address()));
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
