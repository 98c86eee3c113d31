package dev.switchboard.control;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who may hold a connection to the control socket. Of {@link #total} places, the last
 * {@link #forAdmins} are only ever taken by admins, and no viewer's user holds more than
 * {@link #perViewer} (subscriptions included), so no one who may only look can keep root out:
 * a `switchboard confirm` during a try always gets through.
 */
final class Slots {
    private final int total;
    private final int forAdmins;
    private final int perViewer;
    private int taken;
    private int takenByViewers;
    private final Map<String, Integer> byViewer = new HashMap<>();

    Slots(int total, int forAdmins, int perViewer) {
        this.total = total;
        this.forAdmins = forAdmins;
        this.perViewer = perViewer;
    }

    /** Takes a place for {@code peer}, or says why not. */
    synchronized Optional<String> take(Peer peer) {
        if (taken >= total) {
            return Optional.of("too many clients (" + total + "); try again later");
        }
        if (!peer.admin()) {
            if (takenByViewers >= total - forAdmins) {
                return Optional.of("too many clients who may only look (" + (total - forAdmins) + "); try again later");
            }
            int mine = byViewer.getOrDefault(peer.user(), 0);
            if (mine >= perViewer) {
                return Optional.of("too many connections of " + peer.user() + " (" + perViewer + "); close one first");
            }
            byViewer.put(peer.user(), mine + 1);
            takenByViewers++;
        }
        taken++;
        return Optional.empty();
    }

    synchronized void give(Peer peer) {
        taken--;
        if (!peer.admin()) {
            takenByViewers--;
            byViewer.merge(peer.user(), -1, (a, b) -> a + b == 0 ? null : a + b);
        }
    }
}
