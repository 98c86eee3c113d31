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
 * A server of a backend as the proxy runs it: its health (checked), the state an operator put it
 * in (ready, drain, maint) and its weight, both runtime only, and its counters. Health starts
 * up, as HAProxy's does, so traffic flows at once; a server with health checks says "checking"
 * until the first result, rather than UP on no evidence.
 */
final class Server {
    private final ServerSpec spec;
    private final AtomicInteger active = new AtomicInteger();
    final LongAdder total = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder failedConnects = new LongAdder();
    final LongAdder checkFailures = new LongAdder();
    final LongAdder checkDowns = new LongAdder();
    final HttpCounts http = new HttpCounts();
    final PerSecond rate = new PerSecond(total);
    private volatile boolean healthy = true;
    private volatile Stats.Admin admin = Stats.Admin.READY;
    private volatile int weight;
    private volatile String checkStatus = "INI"; // HAProxy's word for the last check's result
    private volatile boolean checking; // health checks run and none has answered yet
    private volatile Instant lastChange = Instant.now();
    private int streak; // consecutive check results against the current state; health checker's thread only
    /** Idle HTTP connections, per event loop: each deque is used on its own loop only. */
    private final Map<EventLoop, ArrayDeque<ServerConnection>> pools = new ConcurrentHashMap<>();
    private LoopPool lastPool; // the pool last asked for, and its loop

    Server(ServerSpec spec, boolean checked) {
        this.spec = spec;
        this.checking = checked;
        this.weight = spec.weight();
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

    /** Healthy and ready: a drained server takes no new connection or request, one in maintenance none at all. */
    boolean takesTraffic() {
        return healthy && admin == Stats.Admin.READY && weight > 0;
    }

    boolean healthy() {
        return healthy;
    }

    boolean enabled() {
        return admin != Stats.Admin.MAINT;
    }

    Stats.Admin admin() {
        return admin;
    }

    /**
     * An operator's state: out of READY, its idle pooled connections close (no new request goes
     * there), while those under way finish.
     */
    void setAdmin(Stats.Admin to) {
        if (admin != to) {
            admin = to;
            lastChange = Instant.now();
            if (to != Stats.Admin.READY) {
                closeIdle();
            }
        }
    }

    /** Its weight now, which an operator may change from the config's (0 takes no new traffic, as HAProxy). */
    int weight() {
        return weight;
    }

    void setWeight(int w) {
        weight = w;
    }

    String checkStatus() {
        return checkStatus;
    }

    Instant lastChange() {
        return lastChange;
    }

    /**
     * Counts a check result; after {@code fall} failures in a row a healthy server goes down,
     * after {@code rise} successes in a row a down one comes back. Returns whether it changed.
     */
    boolean checked(boolean ok, String status, int rise, int fall) {
        checkStatus = status;
        if (!ok) {
            checkFailures.increment();
        }
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
            if (!ok) {
                checkDowns.increment();
            }
            lastChange = Instant.now();
            return true;
        }
        return false;
    }

    /** The idle connections kept for requests on {@code loop}; call on that loop. */
    ArrayDeque<ServerConnection> pool(EventLoop loop) {
        LoopPool last = lastPool; // asked twice a request: a map lookup each time was 3% of the event loop's time
        if (last == null || last.loop() != loop) {
            last = new LoopPool(loop, pools.computeIfAbsent(loop, l -> new ArrayDeque<>()));
            lastPool = last; // racy between loops, and safe: the record's fields are final
        }
        return last.pool();
    }

    private record LoopPool(EventLoop loop, ArrayDeque<ServerConnection> pool) {}

    /** Closes the idle connections, for a server that is gone from the config. */
    void closeIdle() {
        pools.forEach((loop, pool) -> loop.execute(() -> new ArrayList<>(pool).forEach(c -> c.channel().close())));
    }
}
