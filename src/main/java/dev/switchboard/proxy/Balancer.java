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
        private final java.util.Map<Server, long[]> credit = new java.util.HashMap<>(); // a holder each: no boxing per pick

        @Override
        public Server pick(List<Server> candidates, InetAddress client) {
            if (candidates.size() == 1) { // its credit would gain its weight and lose it again
                credit.clear(); // the others left: all start afresh when back (on an empty map, nothing)
                return candidates.get(0);
            }
            Server best = null;
            long bestCredit = 0;
            long total = 0;
            for (Server s : candidates) {
                long[] c = credit.computeIfAbsent(s, k -> new long[1]);
                c[0] += s.weight();
                total += s.weight();
                if (best == null || c[0] > bestCredit) {
                    best = s;
                    bestCredit = c[0];
                }
            }
            credit.get(best)[0] -= total;
            if (credit.size() > candidates.size()) { // a server left the rotation: it starts afresh when back
                credit.keySet().retainAll(new java.util.HashSet<>(candidates));
            }
            return best;
        }
    }

    /**
     * The server with the fewest connections per unit of weight, counting the one being placed,
     * as HAProxy's leastconn: (connections + 1) / weight. Without the + 1 every idle server
     * scores 0 whatever its weight; with it, a server of weight 2 takes its second connection
     * when one of weight 1 takes its first. Ties go round, so servers of equal load share the
     * traffic instead of the first in the list taking all of it (short requests leave every
     * server at 0 most of the time).
     */
    final class LeastConnections implements Balancer {
        private int next; // where the next look begins: the one after the last picked

        @Override
        public Server pick(List<Server> candidates, InetAddress client) {
            int n = candidates.size();
            int start = Math.floorMod(next, n);
            Server best = null;
            long bestLoad = 0;
            int bestAt = start;
            for (int k = 0; k < n; k++) {
                int i = start + k < n ? start + k : start + k - n;
                Server s = candidates.get(i);
                long load = s.active() + 1L;
                // load / weight < bestLoad / best's weight, without division
                if (best == null || load * best.weight() < bestLoad * s.weight()) {
                    best = s;
                    bestLoad = load;
                    bestAt = i;
                }
            }
            next = bestAt + 1;
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
            int total = candidates.stream().mapToInt(s -> s.weight()).sum();
            int slot = Math.floorMod(mix(Arrays.hashCode(client.getAddress())), total);
            for (Server s : candidates) {
                slot -= s.weight();
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
