package dev.switchboard.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time of a try's countdown: when it is, and a task for later. The engine's own is the wall
 * clock ({@link #system}); a test drives one of its own and waits no real seconds.
 */
public interface TryClock {
    Instant now();

    /**
     * Runs {@code task} once, {@code delay} from now, on a thread of the clock's; the task must
     * not block (the engine's posts a command to its loop). The handle cancels it.
     */
    Cancel schedule(Duration delay, Runnable task);

    /** Cancels a scheduled task; one that ran already, or is running, is not undone. */
    interface Cancel {
        void cancel();
    }

    /** Wall-clock time; tasks run on one daemon thread of the JVM's, shared by its engines (they only post). */
    static TryClock system() {
        return SystemClock.INSTANCE;
    }

    /** The wall clock and its one timer thread. */
    final class SystemClock implements TryClock {
        static final SystemClock INSTANCE = new SystemClock();

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-try-countdown");
            t.setDaemon(true);
            return t;
        });

        private SystemClock() {}

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public Cancel schedule(Duration delay, Runnable task) {
            ScheduledFuture<?> f = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        }
    }
}
