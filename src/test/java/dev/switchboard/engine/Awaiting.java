package dev.switchboard.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A test's wait for the engine's events: no sleep, the event itself. */
public final class Awaiting {
    private Awaiting() {}

    /**
     * Events until one of {@code type} that {@code wanted} matches, within {@code within}; the
     * others seen on the way are kept in {@code seen}, and said if none comes.
     */
    public static <T extends EngineEvent> T await(Subscription events, Class<T> type, Predicate<T> wanted, Duration within,
            List<EngineEvent> seen) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        for (long left = within.toNanos(); left > 0; left = end - System.nanoTime()) {
            EngineEvent e = events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                break;
            }
            seen.add(e);
            if (type.isInstance(e) && wanted.test(type.cast(e))) {
                return type.cast(e);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " as wanted within " + within + " among " + seen);
    }

    /**
     * Until the engine's state is as {@code wanted}, within {@code within}: what happened before
     * the subscription (an engine judges its gateways from its start) is in the state, and what
     * comes after is told, each event after the state that holds it.
     */
    public static void awaitState(Engine engine, Subscription events, Predicate<EngineState> wanted, Duration within, List<EngineEvent> seen)
            throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!wanted.test(engine.state())) {
            long left = end - System.nanoTime();
            EngineEvent e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                throw new AssertionError("the engine's state not as wanted within " + within + " among " + seen);
            }
            seen.add(e);
        }
    }

    /** Whether {@code iface}'s gateway is judged alive in {@code s}. */
    public static boolean alive(EngineState s, String iface) {
        return s.gateways().stream().anyMatch(r -> r.device().equals(iface)
                && r.health().filter(h -> h.state() == dev.switchboard.health.HealthState.ALIVE).isPresent());
    }

    /**
     * Until {@code latch} opens, as a blocking read waits: an interrupt does not cut it short (it
     * is kept for the caller), so a test can hold a thread that its owner shuts down meanwhile.
     */
    public static void uninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
