package dev.switchboard.cli;

import dev.switchboard.sys.LibC;
import dev.switchboard.sys.Limits;
import io.netty.util.internal.PlatformDependent;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One line per event to standard output, written by a thread of its own so that an event loop
 * never waits on a slow terminal, file or journal: an event loop only offers the line to a
 * lock-free queue (nothing is allocated for it beyond the line itself, nobody is woken, and no
 * lock is shared with the writer: a writer preempted while holding one would stall every event
 * loop that logs until it ran again, milliseconds on a busy box), and the writer, every
 * {@value #PAUSE_MILLIS} ms, takes what has piled up, stamps it with the time and writes it with
 * one flush: under load, one write for hundreds of lines. When more pile up than it holds, lines
 * are dropped, counted, and the count is said when there is room again. After a second without
 * a line the writer sleeps until one comes (an idle appliance's process wakes for nothing), and
 * only then does an offer wake it.
 */
final class StdoutLog implements Consumer<String>, AutoCloseable {
    private static final int BATCH = 1024;
    /** How long the writer rests when nothing is queued: a line is written at most this late. */
    static final long PAUSE_MILLIS = 10;

    /** Rests without a line after which the writer sleeps until one comes: a second. */
    static final int RESTS_BEFORE_SLEEP = 100;

    /** How many lines may wait to be written (a power of two: the queue's own size). */
    static final int CAPACITY = 1 << 14;

    private final Queue<String> lines = PlatformDependent.newFixedMpscQueue(CAPACITY); // JCTools', as Netty ships it: many writers, one reader
    private final AtomicLong dropped = new AtomicLong();
    private final PrintWriter out;
    private final Thread writer;
    private volatile boolean open = true;
    private volatile boolean asleep; // the writer waits for a line, not for a rest's end: an offer wakes it
    private volatile int writerTid; // the writer's thread in /proc/self/task, once it runs
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
        } else if (asleep) { // read after the offer: a writer that checked the queue before it would miss the line
            asleep = false;
            LockSupport.unpark(writer);
        }
    }

    /**
     * The writer's nice value: on a box short of CPU, writing the log waits for the event loops
     * rather than take the CPU a request is waiting for; it still gets its share, and what piles
     * up beyond the queue is counted, as ever.
     */
    static final int NICE = 10;

    private void drain() {
        writerTid = LibC.INSTANCE.gettid();
        Limits.yieldingThread(NICE); // where the kernel refuses, the log is written as before
        List<String> batch = new ArrayList<>(BATCH);
        int emptyRests = 0;
        while (open || !lines.isEmpty()) {
            if (drain(batch) == 0) {
                if (++emptyRests < RESTS_BEFORE_SLEEP) {
                    // a rest, not a wait on the queue: a waiting reader makes every offer a wake-up,
                    // a system call per line; resting, the lines of the last 10 ms go in one write
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PAUSE_MILLIS));
                } else {
                    asleep = true; // then the queue looked at again: a line offered meanwhile is seen here, or wakes the park
                    if (open && lines.isEmpty()) {
                        LockSupport.park(this);
                    }
                    asleep = false;
                }
                continue;
            }
            emptyRests = 0;
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

    /** Moves up to {@value #BATCH} queued lines to {@code batch}: how many. */
    private int drain(List<String> batch) {
        String line;
        while (batch.size() < BATCH && (line = lines.poll()) != null) {
            batch.add(line);
        }
        return batch.size();
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

    /** The writer's thread id, as /proc/self/task names it (0 until it runs): its wake-ups can be counted there. */
    int writerTid() {
        return writerTid;
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() throws InterruptedException {
        open = false;
        LockSupport.unpark(writer);
        writer.join(2000);
    }
}
