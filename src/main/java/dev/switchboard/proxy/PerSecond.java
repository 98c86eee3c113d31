package dev.switchboard.proxy;

import java.util.concurrent.atomic.LongAdder;

/**
 * HAProxy's "rate": how many a counter grew by over the last whole second. The proxy's tick
 * samples the counter once a second; nothing is added on the path of a connection.
 */
final class PerSecond {
    private final LongAdder counter;
    private volatile long previous;
    private volatile long last;

    PerSecond(LongAdder counter) {
        this.counter = counter;
        this.previous = counter.sum();
        this.last = previous;
    }

    /** Once a second, from one thread. */
    void tick() {
        previous = last;
        last = counter.sum();
    }

    long lastSecond() {
        return Math.max(0, last - previous);
    }
}
