package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The log of `switchboard run` behind a reader that does not read (a terminal scrolled back, a
 * stuck journal): the event loops that log never wait, the lines beyond what the queue holds are
 * dropped and counted, and the count is said once the reader reads again.
 */
class StdoutLogTest {
    /** Standard output whose reader has stopped: a write waits until {@link #reads} is counted down. */
    static final class Stuck extends OutputStream {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch reads = new CountDownLatch(1);
        final ByteArrayOutputStream got = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            entered.countDown();
            try {
                reads.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (got) {
                got.write(b, off, len);
            }
        }
    }

    /** A log whose writer took its first line and is stuck writing it to {@code out}. */
    private static StdoutLog stuckOnFirstLine(Stuck out) throws InterruptedException {
        StdoutLog log = new StdoutLog(new PrintWriter(out, false, StandardCharsets.UTF_8));
        log.accept("first");
        assertTrue(out.entered.await(10, TimeUnit.SECONDS), "the writer took the first line and is stuck writing it");
        return log;
    }

    /** A thread's nice value, field 19 of its /proc stat. */
    private static int nice(int tid) throws java.io.IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/task/" + tid + "/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    @Test
    void aBurstBeyondTheQueueIsCountedAndAcceptNeverBlocks() throws Exception {
        Stuck out = new Stuck();
        StdoutLog log = stuckOnFirstLine(out);
        int burst = StdoutLog.CAPACITY + 2_500;
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < burst; i++) {
                log.accept("line " + i);
            }
        }, "accept waited on a writer that cannot write");

        out.reads.countDown();
        log.close();
        List<String> lines;
        synchronized (out.got) {
            lines = out.got.toString(StandardCharsets.UTF_8).lines().toList();
        }
        String stamp = "\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})? ";
        assertTrue(lines.get(0).matches(stamp + "first"), lines.get(0));
        assertTrue(lines.get(1).matches(stamp + "\\(2500 log lines dropped: more came than could be written\\)"), lines.get(1));
        assertEquals(2 + StdoutLog.CAPACITY, lines.size(), "the first, the count, and what the queue held");
        assertTrue(lines.get(2).endsWith(" line 0") && lines.get(lines.size() - 1).endsWith(" line " + (StdoutLog.CAPACITY - 1)),
                "the queue's worth of the burst kept, in order; the later ones dropped: " + lines.get(lines.size() - 1));
    }

    /** The writer yields the CPU to the event loops: its thread runs at nice {@value StdoutLog#NICE}, the rest of the process as it was. */
    @Test
    void theWriterRunsAtALowerPriorityThanTheRestOfTheProcess() throws Exception {
        Stuck out = new Stuck();
        StdoutLog log = stuckOnFirstLine(out);
        int writer = nice(log.writerTid());
        int main = nice((int) ProcessHandle.current().pid());
        int expected = Math.max(StdoutLog.NICE, main); // a process already run at a lower priority keeps it: a thread may not rise above
        assertEquals(expected, writer, "the log writer's nice value; the main thread's is " + main);
        out.reads.countDown();
        log.close();
    }

    /** Standard output that counts the lines written to it. */
    static final class Counted extends OutputStream {
        final java.util.concurrent.Semaphore lines = new java.util.concurrent.Semaphore(0);

        @Override
        public void write(int b) {
            if (b == '\n') {
                lines.release();
            }
        }
    }

    /**
     * An idle appliance's log wakes for nothing: a second after its last line the writer sleeps
     * (its voluntary context switches, in /proc, stop rising), and the next line wakes it and is
     * written at once.
     */
    @Test
    void anIdleWriterSleepsUntilALineComes() throws Exception {
        Counted out = new Counted();
        StdoutLog log = new StdoutLog(new PrintWriter(out, false, StandardCharsets.UTF_8));
        try {
            log.accept("first");
            assertTrue(out.lines.tryAcquire(10, TimeUnit.SECONDS), "the first line written");
            java.nio.file.Path status = java.nio.file.Path.of("/proc/self/task/" + log.writerTid() + "/status");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long before = switches(status);
            boolean still = false;
            while (!still && System.nanoTime() < deadline) { // resting every 10 ms, it switches ~30 times in 300 ms; asleep, none
                Thread.sleep(300);
                long now = switches(status);
                still = now == before;
                before = now;
            }
            assertTrue(still, "the writer still wakes while nothing is logged, 10 s after its last line");
            Thread.sleep(500); // an absence of wake-ups: nothing to await
            assertEquals(before, switches(status), "the sleeping writer woke with nothing to write");
            log.accept("second");
            assertTrue(out.lines.tryAcquire(10, TimeUnit.SECONDS), "a line offered to a sleeping writer is written");
        } finally {
            log.close();
        }
    }

    private static long switches(java.nio.file.Path status) throws java.io.IOException {
        return java.nio.file.Files.readAllLines(status).stream().filter(l -> l.startsWith("voluntary_ctxt_switches:"))
                .mapToLong(l -> Long.parseLong(l.split("\\s+")[1])).findFirst().orElseThrow();
    }
}
