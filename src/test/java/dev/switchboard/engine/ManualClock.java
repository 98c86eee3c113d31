package dev.switchboard.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A countdown's clock that moves only when a test says: a try's expiry without waiting its seconds. */
final class ManualClock implements TryClock {
    private record Task(Instant at, Runnable run, boolean[] cancelled) {}

    private Instant now = Instant.now();
    private final List<Task> tasks = new ArrayList<>();

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Cancel schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now.plus(delay), task, cancelled));
        return () -> {
            synchronized (this) {
                cancelled[0] = true;
            }
        };
    }

    /** Moves time on by {@code d}, running (on this thread) the tasks that fell due, in their order. */
    void advance(Duration d) {
        List<Task> due = new ArrayList<>();
        synchronized (this) {
            now = now.plus(d);
            tasks.removeIf(t -> {
                boolean isDue = !t.at().isAfter(now);
                if (isDue && !t.cancelled()[0]) {
                    due.add(t);
                }
                return isDue || t.cancelled()[0];
            });
        }
        due.sort((a, b) -> a.at().compareTo(b.at()));
        due.forEach(t -> t.run().run());
    }
}
