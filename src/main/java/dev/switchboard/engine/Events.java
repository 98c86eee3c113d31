package dev.switchboard.engine;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The engine's events: told by its loop to every subscription (never waiting on one), the last
 * {@value #RECENT} kept for the state. A subscriber that asks for them gets the kept ones first,
 * none twice and none missed.
 */
final class Events {
    static final int RECENT = 100;

    private final Object lock = new Object(); // held only to hand events over, never while anything waits
    private final ArrayDeque<EngineState.Logged> recent = new ArrayDeque<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private long seq;

    /** From the loop: keeps the event and hands it to every subscription. */
    void publish(EngineEvent e, Instant at) {
        synchronized (lock) {
            recent.addLast(new EngineState.Logged(++seq, at, e));
            while (recent.size() > RECENT) {
                recent.removeFirst();
            }
            subscriptions.forEach(s -> s.offer(e));
        }
    }

    /** The kept events, oldest first. */
    List<EngineState.Logged> recent() {
        synchronized (lock) {
            return List.copyOf(recent);
        }
    }

    /** A new subscription; with {@code replay}, the kept events come first. */
    Subscription subscribe(boolean replay) {
        Subscription[] made = new Subscription[1];
        Subscription s = new Subscription(Subscription.CAPACITY, () -> subscriptions.remove(made[0]));
        made[0] = s;
        synchronized (lock) {
            if (replay) {
                recent.forEach(l -> s.offer(l.event()));
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
                    EngineEvent e = s.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                    if (e != null) {
                        listener.accept(e);
                    }
                }
            } catch (InterruptedException e) {
                // closed
            } catch (RuntimeException e) {
                s.close(); // a broken listener hears no more, and troubles nobody else
            }
        }, "switchboard-events");
        t.setDaemon(true);
        t.start();
        return () -> {
            s.close();
            t.interrupt();
        };
    }

    /** The engine stopped: every subscription ends. */
    void closeAll() {
        new ArrayList<>(subscriptions).forEach(Subscription::close);
    }
}
