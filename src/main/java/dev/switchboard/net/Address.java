package dev.switchboard.net;

import dev.switchboard.config.IpLiteral;
import java.net.Inet4Address;
import java.net.InetAddress;

/** An address on an interface, with its prefix length. */
public record Address(int index, InetAddress address, int prefixLength) {

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    @Override
    public String toString() {
        return IpLiteral.format(address) + "/" + prefixLength;
    }
}
