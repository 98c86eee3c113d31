package dev.switchboard.proxy;

import dev.switchboard.config.ServerSpec;
import io.netty.channel.EventLoop;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A server of a backend as the proxy runs it: its health (checked), whether an operator
 * disabled it, and its counters. Health starts up, as HAProxy's does, so traffic flows at once;
 * a server with health checks says "checking" until the first result, rather than UP on no
 * evidence.
 */
final class Server {
    private final ServerSpec spec;
    private final AtomicInteger active = new AtomicInteger();
    final LongAdder total = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder failedConnects = new LongAdder();
    private volatile boolean healthy = true;
    private volatile boolean enabled = true;
    private volatile boolean checking; // health checks run and none has answered yet
    private volatile Instant lastChange = Instant.now();
    private int streak; // consecutive check results against the current state; health checker's thread only
    /** Idle HTTP connections, per event loop: each deque is used on its own loop only. */
    private final Map<EventLoop, ArrayDeque<ServerConnection>> pools = new ConcurrentHashMap<>();

    Server(ServerSpec spec, boolean checked) {
        this.spec = spec;
        this.checking = checked;
    }

    /** Whether health checks run on it and none has come back yet. */
    boolean checking() {
        return checking;
    }

    ServerSpec spec() {
        return spec;
    }

    int active() {
        return active.get();
    }

    void opened() {
        active.incrementAndGet();
        total.increment();
    }

    void closed() {
        active.decrementAndGet();
    }

    boolean takesTraffic() {
        return healthy && enabled;
    }

    boolean healthy() {
        return healthy;
    }

    boolean enabled() {
        return enabled;
    }

    void setEnabled(boolean on) {
        if (enabled != on) {
            enabled = on;
            lastChange = Instant.now();
        }
    }

    Instant lastChange() {
        return lastChange;
    }

    /**
     * Counts a check result; after {@code fall} failures in a row a healthy server goes down,
     * after {@code rise} successes in a row a down one comes back. Returns whether it changed.
     */
    boolean checked(boolean ok, int rise, int fall) {
        if (checking) {
            checking = false;
            lastChange = Instant.now(); // its state is known from now on
        }
        if (ok == healthy) {
            streak = 0;
            return false;
        }
        streak++;
        if (streak >= (healthy ? fall : rise)) {
            healthy = ok;
            streak = 0;
            lastChange = Instant.now();
            return true;
        }
        return false;
    }

    /** The idle connections kept for requests on {@code loop}; call on that loop. */
    ArrayDeque<ServerConnection> pool(EventLoop loop) {
        return pools.computeIfAbsent(loop, l -> new ArrayDeque<>());
    }

    /** Closes the idle connections, for a server that is gone from the config. */
    void closeIdle() {
        pools.forEach((loop, pool) -> loop.execute(() -> new ArrayList<>(pool).forEach(c -> c.channel().close())));
    }
}
