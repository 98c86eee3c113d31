package dev.switchboard.engine;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The engine's events: told by its loop ({@link #publish}), numbered and kept ({@link #commit},
 * the last {@value #RECENT}, for the state) and only then handed to every subscription
 * ({@link #deliver}), so that a subscriber who hears of a change reads a state that holds it.
 * The loop never waits on a subscriber. One that asks for the kept events gets them first, none
 * twice and none missed.
 */
final class Events {
    static final int RECENT = 100;

    private final Object lock = new Object(); // held only to hand events over, never while anything waits
    private final ArrayDeque<EngineState.Logged> recent = new ArrayDeque<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final List<EngineState.Logged> told = new ArrayList<>(); // the loop's: told, not yet kept
    private long seq;

    /** From the loop: an event, kept and handed on at the next {@link #commit} and {@link #deliver}. */
    void publish(EngineEvent e, Instant at) {
        told.add(new EngineState.Logged(0, at, e));
    }

    /** From the loop: the events told since the last commit, numbered and kept; they are to be delivered next. */
    List<EngineState.Logged> commit() {
        List<EngineState.Logged> fresh = new ArrayList<>();
        synchronized (lock) {
            for (EngineState.Logged l : told) {
                EngineState.Logged numbered = new EngineState.Logged(++seq, l.at(), l.event());
                fresh.add(numbered);
                recent.addLast(numbered);
            }
            while (recent.size() > RECENT) {
                recent.removeFirst();
            }
        }
        told.clear();
        return fresh;
    }

    /** From the loop, once the state that holds them is published: the events to every subscription. */
    void deliver(List<EngineState.Logged> fresh) {
        if (fresh.isEmpty()) {
            return;
        }
        synchronized (lock) {
            subscriptions.forEach(s -> fresh.forEach(s::offer));
        }
    }

    /** {@link #commit} and {@link #deliver} at once, where no state is published between. */
    void flush() {
        deliver(commit());
    }

    /** The kept events, oldest first. */
    List<EngineState.Logged> recent() {
        synchronized (lock) {
            return List.copyOf(recent);
        }
    }

    /** A new subscription; with {@code replay}, the kept events come first. */
    Subscription subscribe(boolean replay) {
        List<Subscription> made = new ArrayList<>(1);
        Subscription s = new Subscription(Subscription.CAPACITY, () -> subscriptions.remove(made.get(0)));
        made.add(s);
        synchronized (lock) {
            if (replay) {
                recent.forEach(s::offer);
            } else {
                s.skipTo(seq);
            }
            subscriptions.add(s);
        }
        return s;
    }

    /**
     * {@code listener} told of each event on a thread of its own, until the handle is closed:
     * a listener that blocks holds up nobody but itself.
     */
    AutoCloseable subscribe(Consumer<EngineEvent> listener, boolean replay) {
        Subscription s = subscribe(replay);
        Thread t = new Thread(() -> {
            try {
                while (!s.closed()) {
                    EngineEvent e = s.poll(1, TimeUnit.SECONDS);
                    if (e != null) {
                        listener.accept(e);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                s.close(); // a broken listener hears no more, and troubles nobody else
            }
        }, "switchboard-events");
        t.setDaemon(true);
        t.start();
        return s::close; // the thread sees it within a second; it is not interrupted, lest a listener's I/O be cut
    }

    /** The engine stopped: every subscription ends. */
    void closeAll() {
        new ArrayList<>(subscriptions).forEach(Subscription::close);
    }
}
