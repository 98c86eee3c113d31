package dev.switchboard.engine;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The engine's events for one subscriber, in the order they happened, in a bounded queue: the
 * engine never waits for a subscriber; one that reads too slowly loses events, and is told how
 * many ({@link EngineEvent.EventsLost}) where they were lost: after the events it still holds,
 * before the next it gets.
 */
public final class Subscription implements AutoCloseable {
    /** How many events a subscriber may have unread. */
    static final int CAPACITY = 1024;

    private final BlockingQueue<EngineEvent> queue;
    private long lost; // lost after everything queued, not yet told (under this subscription's lock)
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
        if (closed) {
            return;
        }
        synchronized (this) {
            if (lost == 0 && queue.offer(l.event())) {
                return;
            }
            // a loss is told where it happened: its count goes in the queue only with room for the event after it
            if (lost > 0 && queue.remainingCapacity() >= 2) {
                queue.add(new EngineEvent.EventsLost(lost));
                queue.add(l.event());
                lost = 0;
            } else {
                lost++;
            }
        }
    }

    /** Events up to number {@code seq} are not for this subscription (it came after them). */
    void skipTo(long seq) {
        last = seq;
    }

    /** The next event, waiting up to {@code timeout} for one; null if none came (or this is closed). */
    public EngineEvent poll(long timeout, TimeUnit unit) throws InterruptedException {
        synchronized (this) { // what is queued, else a loss after it; atomic with offer, lest newer events pass the count
            EngineEvent e = queue.poll();
            if (e == null && lost > 0) {
                e = new EngineEvent.EventsLost(lost);
                lost = 0;
            }
            if (e != null || closed) {
                return e;
            }
        }
        return queue.poll(timeout, unit); // a loss needs a full queue, which wakes this first
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
