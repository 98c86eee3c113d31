package dev.switchboard.proxy;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Picks a server among those that may take traffic now. Implementations are small and pure but
 * for their own counters; the caller runs them under the backend's lock.
 */
interface Balancer {

    /** A server from {@code candidates} (never empty) for a client at {@code client}. */
    Server pick(List<Server> candidates, InetAddress client);

    static Balancer of(dev.switchboard.config.Balance balance) {
        return switch (balance) {
            case ROUNDROBIN -> new SmoothWeighted();
            case LEASTCONN -> new LeastConnections();
            case SOURCE -> new SourceHash();
        };
    }

    /**
     * Smooth weighted round robin (as nginx): each pick adds every server's weight to its
     * credit, takes the one with most credit and charges it the total, so weights 5:1:1 give
     * a a b a c a a rather than five a's in a row.
     */
    final class SmoothWeighted implements Balancer {
        private final java.util.Map<Server, Long> credit = new java.util.HashMap<>();

        @Override
        public Server pick(List<Server> candidates, InetAddress client) {
            Server best = null;
            long total = 0;
            for (Server s : candidates) {
                long c = credit.merge(s, (long) s.spec().weight(), Long::sum);
                total += s.spec().weight();
                if (best == null || c > credit.get(best)) {
                    best = s;
                }
            }
            credit.merge(best, -total, Long::sum);
            if (credit.size() > candidates.size()) { // a server left the rotation: it starts afresh when back
                credit.keySet().retainAll(new java.util.HashSet<>(candidates));
            }
            return best;
        }
    }

    /** The server with the fewest connections per unit of weight; ties go to the earlier one. */
    final class LeastConnections implements Balancer {
        @Override
        public Server pick(List<Server> candidates, InetAddress client) {
            Server best = candidates.get(0);
            for (Server s : candidates) {
                if ((long) s.active() * best.spec().weight() < (long) best.active() * s.spec().weight()) {
                    best = s;
                }
            }
            return best;
        }
    }

    /**
     * A hash of the client's address over the weighted list, so a client keeps its server for
     * as long as the set of servers that may take traffic does not change.
     */
    final class SourceHash implements Balancer {
        @Override
        public Server pick(List<Server> candidates, InetAddress client) {
            int total = candidates.stream().mapToInt(s -> s.spec().weight()).sum();
            int slot = Math.floorMod(mix(Arrays.hashCode(client.getAddress())), total);
            for (Server s : candidates) {
                slot -= s.spec().weight();
                if (slot < 0) {
                    return s;
                }
            }
            return candidates.get(candidates.size() - 1);
        }

        private static int mix(int h) { // spread neighbouring addresses apart
            h ^= h >>> 16;
            h *= 0x85ebca6b;
            h ^= h >>> 13;
            return h;
        }
    }

}
