package dev.switchboard.proxy;

import io.netty.channel.Channel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may connect now: the one budget all frontends share and each frontend's own cap. When one
 * is reached, the listeners concerned stop accepting, so new connections wait in the kernel's
 * listen queue (as HAProxy stops accepting) instead of being accepted and reset; they accept again
 * as connections end. A connection accepted in the same burst as the one that filled the budget
 * is refused, and counted.
 */
final class Admission {
    private final AtomicInteger open = new AtomicInteger();
    private volatile int budget;
    private final Map<Channel, Frontend> listeners = new ConcurrentHashMap<>();
    private volatile boolean paused; // some listener stopped accepting: look at them as connections end

    Admission(int budget) {
        this.budget = budget;
    }

    /** A new budget (or new caps: the frontends were updated before): pause what is full now, resume what is not. */
    void budget(int connections) {
        this.budget = connections;
        pauseFull();
        resume();
    }

    int budget() {
        return budget;
    }

    int open() {
        return open.get();
    }

    void watch(Channel listener, Frontend frontend) {
        listeners.put(listener, frontend);
        listener.closeFuture().addListener(f -> listeners.remove(listener));
        pauseFull();
    }

    /** Takes a place for a new connection of {@code f}, or says no; on yes, {@link #release} gives it back. */
    boolean admit(Frontend f) {
        int all = open.incrementAndGet();
        int mine = f.current.incrementAndGet();
        var cap = f.spec().maxconn();
        if (all > budget || cap.isPresent() && mine > cap.getAsInt()) {
            open.decrementAndGet();
            f.current.decrementAndGet();
            return false;
        }
        if (all >= budget || cap.isPresent() && mine >= cap.getAsInt()) {
            pauseFull();
        }
        return true;
    }

    void release(Frontend f) {
        int left = open.decrementAndGet();
        f.current.decrementAndGet();
        if (paused) {
            resume();
        }
        if (left == 0) {
            synchronized (none) {
                none.notifyAll();
            }
        }
    }

    private final Object none = new Object(); // told when the last connection ends

    /** Waits until no connection is open, or {@code nanos} have passed: a drain's end, awaited, not polled. */
    void awaitNoneOpen(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (none) {
            for (long left = nanos; open.get() > 0 && left > 0; left = deadline - System.nanoTime()) {
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(none, left);
            }
        }
    }

    private boolean full(Frontend f) {
        var cap = f.spec().maxconn();
        return open.get() >= budget || cap.isPresent() && f.current.get() >= cap.getAsInt();
    }

    // pausing and resuming are rare (at the limit only) and under one lock, so a resume never
    // clears the mark of a pause made meanwhile

    private synchronized void pauseFull() {
        listeners.forEach((l, g) -> {
            if (full(g)) {
                pause(l);
            }
        });
    }

    private synchronized void pause(Channel listener) {
        // marked first, then looked at again: a connection that ended meanwhile saw the mark, or
        // is seen there, so a listener is never left paused with room to spare
        paused = true;
        if (listener.eventLoop().inEventLoop()) {
            stop(listener);
        } else {
            // only on its own loop does it stop at once: from elsewhere, epoll lets one more
            // connection in when a read is pending (and it is, on a listener that was accepting)
            listener.eventLoop().execute(() -> stop(listener));
        }
    }

    private void stop(Channel listener) {
        listener.config().setAutoRead(false);
        paused = true; // again: a resume that ran before this task may have cleared the mark
        Frontend f = listeners.get(listener);
        if (f != null && !full(f)) {
            listener.config().setAutoRead(true);
        }
    }

    private synchronized void resume() {
        boolean still = false;
        for (var e : listeners.entrySet()) {
            if (full(e.getValue())) {
                still |= !e.getKey().config().isAutoRead();
            } else if (!e.getKey().config().isAutoRead()) {
                e.getKey().config().setAutoRead(true);
            }
        }
        paused = still;
    }
}
