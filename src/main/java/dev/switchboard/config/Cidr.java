package dev.switchboard.config;

import java.net.InetAddress;
import java.util.Optional;

/** An interface address with its prefix length, as in {@code 10.2.0.10/24}. */
public record Cidr(InetAddress address, int prefixLength) {

    public Family family() {
        return Family.of(address);
    }

    /** Whether {@code other} lies inside this address's network. */
    public boolean contains(InetAddress other) {
        byte[] a = address.getAddress();
        byte[] b = other.getAddress();
        if (a.length != b.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (a[full] & mask) == (b[full] & mask);
    }

    /** Parses {@code ADDRESS/PREFIX} with a literal address; never resolves a name. */
    public static Optional<Cidr> parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || text.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        Optional<InetAddress> address = IpLiteral.parse(text.substring(0, slash));
        String prefix = text.substring(slash + 1);
        if (address.isEmpty() || !prefix.matches("\\d{1,3}")) {
            return Optional.empty();
        }
        int length = Integer.parseInt(prefix);
        int max = address.get().getAddress().length * 8;
        return length > max ? Optional.empty() : Optional.of(new Cidr(address.get(), length));
    }

    @Override
    public String toString() {
        return IpLiteral.format(address) + "/" + prefixLength;
    }
}
