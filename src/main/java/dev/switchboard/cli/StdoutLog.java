package dev.switchboard.cli;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One line per event to standard output, written by a thread of its own so that an event loop
 * never waits on a slow terminal, file or journal: an event loop only offers the line (nothing is
 * allocated for it beyond the line itself, and nobody is woken), and the writer, every
 * {@value #PAUSE_MILLIS} ms, takes what has piled up, stamps it with the time and writes it with
 * one flush: under load, one write for hundreds of lines. When more pile up than it holds, lines
 * are dropped, counted, and the count is said when there is room again.
 */
final class StdoutLog implements Consumer<String>, AutoCloseable {
    private static final int BATCH = 1024;
    /** How long the writer rests when nothing is queued: a line is written at most this late. */
    static final long PAUSE_MILLIS = 10;

    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(10_000);
    private final AtomicLong dropped = new AtomicLong();
    private final PrintWriter out;
    private final Thread writer;
    private volatile boolean open = true;
    private long stampedMillis = -1;
    private String stamp = "";

    StdoutLog(PrintWriter out) {
        this.out = out;
        this.writer = new Thread(this::drain, "log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    @Override
    public void accept(String line) {
        if (!lines.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    private void drain() {
        List<String> batch = new ArrayList<>(BATCH);
        while (open || !lines.isEmpty()) {
            // a rest, not a wait on the queue: a waiting reader makes every offer a wake-up, a
            // system call per line; resting, the lines of the last 10 ms go in one write
            if (lines.drainTo(batch, BATCH) == 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PAUSE_MILLIS));
                continue;
            }
            // stamped as written: a line waited at most the rest and the writing of the last batch
            String now = stamp();
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                out.append(now).append(" (").append(String.valueOf(lost)).append(" log lines dropped: more came than could be written)\n");
            }
            for (String line : batch) {
                out.append(now).append(' ').append(line).append('\n');
            }
            batch.clear();
            out.flush();
        }
        out.flush();
    }

    /** HH:MM:SS.mmm, formatted once per millisecond at most. */
    private String stamp() {
        long millis = System.currentTimeMillis();
        if (millis != stampedMillis) {
            stampedMillis = millis;
            stamp = LocalTime.now().truncatedTo(ChronoUnit.MILLIS).toString();
        }
        return stamp;
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() throws InterruptedException {
        open = false;
        LockSupport.unpark(writer);
        writer.join(2000);
    }
}
