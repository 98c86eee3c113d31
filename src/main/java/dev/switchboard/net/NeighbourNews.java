package dev.switchboard.net;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which neighbour notifications are news: an entry that becomes usable or fails. NUD's own cycle
 * (reachable, stale, delay, probe) is not, nor is resolving (incomplete): a gateway probed by ARP
 * each second would bury every other event, and a dead one would say "failed" each second. What
 * it remembers is bounded by the kernel's table: entries gone from it are forgotten.
 */
final class NeighbourNews {
    private final Map<String, Neighbour.Usable> known = new HashMap<>();

    NeighbourNews(NetState state) {
        state.neighbours().stream().filter(n -> n.usable() != Neighbour.Usable.UNKNOWN).forEach(n -> known.put(key(n), n.usable()));
    }

    /** Whether {@code now} (a notification, in the order they came) changes what can be said of its entry. */
    boolean news(Neighbour now) {
        if (now.usable() == Neighbour.Usable.UNKNOWN) {
            return false;
        }
        return known.put(key(now), now.usable()) != now.usable();
    }

    /** Forgets the entries the kernel no longer has. */
    void keepOnly(NetState state) {
        Set<String> present = state.neighbours().stream().map(NeighbourNews::key).collect(Collectors.toSet());
        known.keySet().retainAll(present);
    }

    private static String key(Neighbour n) {
        return n.index() + " " + n.address().getHostAddress();
    }
}
