package dev.switchboard.config;

import java.net.Inet6Address;
import java.net.InetAddress;

/** An address a gateway check asks; {@code port} is 0 for ARP and ICMP, 1-65535 for TCP. */
public record CheckTarget(InetAddress address, int port) {

    public static CheckTarget of(InetAddress address) {
        return new CheckTarget(address, 0);
    }

    public Family family() {
        return Family.of(address);
    }

    /** {@code 198.18.0.5}, {@code 198.18.0.5:443} or {@code [2001:db8::5]:443}, as the config writes it. */
    @Override
    public String toString() {
        String host = IpLiteral.format(address);
        if (port == 0) {
            return host;
        }
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }
}
