package dev.switchboard.net;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which neighbour notifications are news: an entry that becomes usable or fails. NUD's own cycle
 * (reachable, stale, delay, probe) is not, nor is resolving (incomplete): a gateway probed by ARP
 * each second would bury every other event, and a dead one would say "failed" each second. A
 * failed entry the kernel drops (its table's garbage collection) is remembered, up to a bound, so
 * that a dead gateway probed again is not news again; the others are forgotten with the entry.
 */
final class NeighbourNews {
    /** The most entries remembered: the kernel's own table holds 1,024 by default (gc_thresh3). */
    static final int REMEMBERED = 4096;

    private final Map<String, Neighbour.Usable> known = new HashMap<>();

    NeighbourNews(NetState state) {
        sync(state);
    }

    /** Whether {@code now} (a notification, in the order they came) changes what can be said of its entry. */
    boolean news(Neighbour now) {
        if (now.usable() == Neighbour.Usable.UNKNOWN) {
            return false;
        }
        return known.put(key(now), now.usable()) != now.usable();
    }

    /** Takes the entries as the kernel has them now: after a lost notification (a socket overrun), what was missed is not news. */
    void sync(NetState state) {
        state.neighbours().stream().filter(n -> n.usable() != Neighbour.Usable.UNKNOWN).forEach(n -> known.put(key(n), n.usable()));
        keepOnly(state);
    }

    /** Forgets the usable entries the kernel no longer has, and, past the bound, the failed ones too. */
    void keepOnly(NetState state) {
        Set<String> present = state.neighbours().stream().map(NeighbourNews::key).collect(Collectors.toSet());
        known.entrySet().removeIf(e -> !present.contains(e.getKey()) && e.getValue() != Neighbour.Usable.FAILED);
        if (known.size() > REMEMBERED) {
            known.keySet().retainAll(present);
        }
    }

    int remembered() {
        return known.size();
    }

    private static String key(Neighbour n) {
        return n.index() + " " + n.address().getHostAddress();
    }
}
