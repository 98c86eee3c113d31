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
    private volatile boolean closed;

    Subscription(int capacity, Runnable onClose) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onClose = onClose;
    }

    /** From the engine: never blocks. */
    void offer(EngineEvent e) {
        if (!closed && !queue.offer(e)) {
            lost.incrementAndGet();
        }
    }

    /** The next event, waiting up to {@code timeout} for one; null if none came (or this is closed). */
    public EngineEvent poll(long timeout, TimeUnit unit) throws InterruptedException {
        long n = lost.getAndSet(0);
        if (n > 0) {
            return new EngineEvent.EventsLost(n);
        }
        return closed ? queue.poll() : queue.poll(timeout, unit);
    }

    /** The next event of type {@code type}, skipping others, waiting up to {@code timeout} in all; null if none came. */
    public <T extends EngineEvent> T await(Class<T> type, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (long left = unit.toNanos(timeout); left > 0; left = deadline - System.nanoTime()) {
            EngineEvent e = poll(left, TimeUnit.NANOSECONDS);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        return null;
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
