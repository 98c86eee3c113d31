package dev.switchboard.cli;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One line per event to standard output, written by a thread of its own so that an event loop
 * never waits on a slow terminal or journal. When more pile up than it holds, lines are dropped
 * and the count of dropped lines is said when there is room again.
 */
final class StdoutLog implements Consumer<String>, AutoCloseable {
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(10_000);
    private final AtomicLong dropped = new AtomicLong();
    private final PrintWriter out;
    private final Thread writer;
    private volatile boolean open = true;

    StdoutLog(PrintWriter out) {
        this.out = out;
        this.writer = new Thread(this::drain, "log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    @Override
    public void accept(String line) {
        if (!lines.offer(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + line)) {
            dropped.incrementAndGet();
        }
    }

    private void drain() {
        try {
            while (open || !lines.isEmpty()) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    continue;
                }
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    out.println("(" + lost + " log lines dropped: more came than could be written)");
                }
                out.println(line);
                if (lines.isEmpty()) {
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() throws InterruptedException {
        open = false;
        writer.join(2000);
    }
}
