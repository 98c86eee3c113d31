package dev.switchboard.engine;

import dev.switchboard.net.Kernel;
import dev.switchboard.net.Link;
import dev.switchboard.net.NetState;
import dev.switchboard.sys.SysException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine loop's last reading of the kernel and what is shown of it: the gateway table, the
 * state where replies are looked up, the interfaces' counters. Readings come from the loop itself
 * (after a change, each second) and from the monitor, queued; one begun before the reading in
 * force is not taken, or a monitor's reading queued behind a change would undo what the loop read
 * after it, and `status` would show the routes of before.
 */
final class KernelReading {
    private NetState net = new NetState(List.of(), List.of(), List.of(), List.of());
    private List<GatewayRow> gateways = List.of();
    private Map<String, EngineState.LinkBytes> links = Map.of();
    private long linksNanos;
    private boolean taken; // a reading is in force
    private long begun; // System.nanoTime() when the reading in force began (compared by difference: nanoTime may wrap)

    /** Reads the kernel now. */
    void readNow(Kernel kernel) throws SysException {
        long at = System.nanoTime();
        take(kernel.dump(), at);
    }

    /** A reading begun no later than {@code at} (a monitor's: when it was queued); not taken if the one in force began after. */
    void take(NetState s, long at) {
        if (taken && at - begun < 0) {
            return;
        }
        taken = true;
        begun = at;
        net = s;
        gateways = Gateways.rows(s);
        Map<String, EngineState.LinkBytes> bytes = new HashMap<>();
        for (Link l : s.links()) {
            bytes.put(l.name(), new EngineState.LinkBytes(l.rxBytes(), l.txBytes()));
        }
        links = bytes;
        linksNanos = System.nanoTime();
    }

    NetState net() {
        return net;
    }

    List<GatewayRow> gateways() {
        return gateways;
    }

    Map<String, EngineState.LinkBytes> links() {
        return links;
    }

    long linksNanos() {
        return linksNanos;
    }
}
