package dev.switchboard.net;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pure route lookup against the kernel's own answer (RTM_GETROUTE, as `ip route get DST from
 * SRC oif DEV mark MARK`), for IPv4, on random addresses, tables, routes (unicast, with and without
 * gateway and preferred source, and the rejecting types) and rules (from, to, iif, oif, fwmark,
 * not, suppress_prefixlength, goto, the rejecting actions) in a namespace: they must agree every
 * time ({@link RandomBoxes}, which the IPv6 test shares). A failure prints the seed; {@code
 * -Dlookup.seed=N} runs that one again, {@code -Dlookup.rounds=N} sets how many boxes.
 */
class RouteLookupPropertyTest {
    @Test
    void thePureLookupAgreesWithTheKernel() throws Exception {
        RandomBoxes.run(new V4(), getClass().getSimpleName());
    }

    /** 10.net.sub.host in /16 and /24 subnets. */
    static final class V4 implements RandomBoxes.Family {
        private static final RandomBoxes.Shape SHAPE = new RandomBoxes.Shape(Route.AF_INET, new int[] {16, 24}, 8,
                RandomBoxes.ip("10.9.9.9"), RandomBoxes.ip("127.0.0.1"),
                List.of(RandomBoxes.prefix("0.0.0.0", 0), RandomBoxes.prefix("10.0.0.0", 8), RandomBoxes.prefix("192.0.2.0", 24),
                        RandomBoxes.prefix("198.51.0.0", 16), RandomBoxes.prefix("198.51.100.0", 24), RandomBoxes.prefix("203.0.113.0", 25),
                        RandomBoxes.prefix("192.0.2.77", 32)));

        @Override
        public RandomBoxes.Shape shape() {
            return SHAPE;
        }

        @Override
        public InetAddress address(Random random, int net, int sub, int host) {
            return RandomBoxes.ip("10." + net + "." + sub + "." + host);
        }

        @Override
        public int net(Random random, int link) {
            return link;
        }

        @Override
        public Optional<InetAddress> linkGateway(Random random) {
            return Optional.empty();
        }

        @Override
        public boolean host(InetAddress a) {
            int first = a.getAddress()[0] & 0xff;
            return !a.isAnyLocalAddress() && first != 0 && first != 127 && first < 224;
        }
    }
}
