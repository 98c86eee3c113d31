package dev.switchboard.net;

import dev.switchboard.net.netlink.Nl;
import dev.switchboard.sys.SysException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link RouteLookupPropertyTest} for IPv6: the pure lookup against the kernel's RTM_GETROUTE on
 * random boxes ({@link RandomBoxes}) whose links have global (2001:db8::/32) and unique local
 * (fd00::/8) addresses in /48 and /64 subnets, sometimes one subnet on two links, and link-local
 * ones; routes through global and link-local gateways, some of whose neighbour entries are FAILED
 * (which the kernel passes over) or STALE. Addresses go in with `nodad` (each awaited through its
 * local route's notification) and links make no link-local address of their own, so no address
 * is tentative when the box is read. Kept away from what a snapshot cannot say (see {@link
 * RouteLookup}): multipath routes (the generator adds with NLM_F_EXCL, so a second route of a
 * prefix and metric is refused, never merged), address flags, RA route preferences, links down.
 * {@code -Dlookup.seed=N} runs one box again, {@code -Dlookup.rounds=N} sets how many.
 */
class RouteLookup6PropertyTest {
    @Test
    void thePureLookupAgreesWithTheKernel() throws Exception {
        RandomBoxes.run(new V6(), getClass().getSimpleName());
    }

    /** 2001:db8:net:sub::host, or fd00:0:net:sub::host one time in four, in /48 and /64 subnets. */
    static final class V6 implements RandomBoxes.Family {
        private static final RandomBoxes.Shape SHAPE = new RandomBoxes.Shape(Route.AF_INET6, new int[] {48, 64}, 64,
                RandomBoxes.ip("2001:db8:9:9::9"), RandomBoxes.ip("::1"),
                List.of(RandomBoxes.prefix("::", 0), RandomBoxes.prefix("2001:db8::", 32), RandomBoxes.prefix("fd00::", 8),
                        RandomBoxes.prefix("2001:db8:77::", 48), RandomBoxes.prefix("2001:db8:77:5::", 64), RandomBoxes.prefix("2001:db8:6600::", 40),
                        RandomBoxes.prefix("2001:db8:77:5::4d", 128), RandomBoxes.prefix("fe80::", 64)));

        @Override
        public RandomBoxes.Shape shape() {
            return SHAPE;
        }

        @Override
        public InetAddress address(Random random, int net, int sub, int host) {
            String prefix = random.nextInt(4) == 0 ? "fd00:0:" : "2001:db8:";
            return RandomBoxes.ip(prefix + Integer.toHexString(net) + ":" + sub + "::" + Integer.toHexString(host));
        }

        @Override
        public int net(Random random, int link) {
            return random.nextInt(5) == 0 ? random.nextInt(RandomBoxes.LINKS) : link; // sometimes one subnet on two links
        }

        @Override
        public Optional<InetAddress> linkGateway(Random random) {
            return random.nextInt(3) == 0 ? Optional.of(RandomBoxes.ip("fe80::" + (1 + random.nextInt(3)))) : Optional.empty();
        }

        @Override
        public boolean host(InetAddress a) {
            return a instanceof Inet6Address && !a.isAnyLocalAddress() && !a.isLoopbackAddress() && !a.isMulticastAddress();
        }

        @Override
        public void prepare(Kernel k, String link) throws SysException {
            k.noLinkLocal(link);
        }

        @Override
        public boolean addAddress(Kernel k, String link, InetAddress address, int length) {
            try {
                k.addAddressNoDad(link, address, length);
                return true;
            } catch (SysException e) {
                return false;
            }
        }

        @Override
        public void more(Kernel k, Random random, int i, List<InetAddress> local) {
            if (random.nextBoolean()) {
                InetAddress address = RandomBoxes.ip("fe80::" + (i + 1) + ":" + (10 + random.nextInt(3)));
                if (addAddress(k, "eth" + i, address, 64)) {
                    local.add(address);
                }
            }
        }

        @Override
        public void gateway(Kernel k, Random random, int index, InetAddress gateway) throws SysException {
            int pick = random.nextInt(6);
            if (pick < 2) {
                k.putNeighbour(index, gateway, Neighbour.NUD_FAILED, null);
            } else if (pick == 2) {
                k.putNeighbour(index, gateway, Neighbour.NUD_STALE, new byte[] {2, 0, 0, 0, 0, (byte) (1 + random.nextInt(200))});
            }
        }

        /** Each address's local route comes after the kernel's answer (DAD's work, done at once with nodad): awaited. */
        @Override
        public void settle(Netns ns, Kernel k, List<InetAddress> local, Runnable build) throws Exception {
            RandomBoxes.await(ns, Nl.RTNLGRP_IPV6_ROUTE, local, m -> {
                if (m.type() != Nl.RTM_NEWROUTE) {
                    return Optional.empty();
                }
                Route r = Decode.route(m);
                return r.table() == Route.TABLE_LOCAL && r.type() == Nl.RTN_LOCAL ? Optional.of(r.dst()) : Optional.empty();
            }, build);
        }
    }
}
