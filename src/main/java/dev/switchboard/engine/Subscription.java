package dev.switchboard.engine;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's events for one subscriber, in the order they happened, in a bounded queue: the
 * engine never waits for a subscriber; one that reads too slowly loses events, and is told how
 * many ({@link EngineEvent.EventsLost}) before the next it gets.
 */
public final class Subscription implements AutoCloseable {
    /** How many events a subscriber may have unread. */
    static final int CAPACITY = 1024;

    private final BlockingQueue<EngineEvent> queue;
    private final AtomicLong lost = new AtomicLong();
    private final Runnable onClose;
    private long last; // the number of the last event taken in (under the Events' lock): none twice
    private volatile boolean closed;

    Subscription(int capacity, Runnable onClose) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onClose = onClose;
    }

    /** From the engine: never blocks; an event already taken in (a replayed one) is not taken again. */
    void offer(EngineState.Logged l) {
        if (l.seq() <= last) {
            return;
        }
        last = l.seq();
        if (!closed && !queue.offer(l.event())) {
            lost.incrementAndGet();
        }
    }

    /** Events up to number {@code seq} are not for this subscription (it came after them). */
    void skipTo(long seq) {
        last = seq;
    }

    /** The next event, waiting up to {@code timeout} for one; null if none came (or this is closed). */
    public EngineEvent poll(long timeout, TimeUnit unit) throws InterruptedException {
        long n = lost.getAndSet(0);
        if (n > 0) {
            return new EngineEvent.EventsLost(n);
        }
        return closed ? queue.poll() : queue.poll(timeout, unit);
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        onClose.run();
    }
}
