package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.engine.Awaiting;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineState;
import dev.switchboard.plan.PlannerTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Work the console does for no key (reading how a try ended, when its view shows the try gone)
 * may still be under way when the operator quits. Its result finds the console's threads ended:
 * it is dropped, quietly, and no stack trace reaches the terminal the operator has got back.
 * A scripted engine holds the work until the console has ended.
 */
class ConsoleQuitDuringWorkTest {
    /** An engine whose try ends when the test says, and whose confirmed text is read only when released. */
    private static final class Scripted extends Recording {
        volatile boolean pending = true;
        volatile boolean hold; // confirmedText waits for the test
        final CountDownLatch asked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        Scripted() throws java.io.IOException {
            super(PlannerTest.seedText());
        }

        @Override
        public EngineState state() {
            Instant now = Instant.now();
            return new EngineState("scripted", "", now, List.of(), 0, Map.of(), EngineState.empty("").stats(), List.of(),
                    pending ? Optional.of(new Engine.PendingTry("tester", now, now.plusSeconds(60))) : Optional.empty(),
                    Optional.empty(), Optional.empty(), List.of());
        }

        @Override
        public String confirmedText() {
            if (!hold) {
                return super.confirmedText();
            }
            asked.countDown();
            Awaiting.uninterruptibly(release); // as a socket's read
            return super.confirmedText();
        }
    }

    /** Until the terminal shows {@code text} (drawn on the console's own thread), within 10 s. */
    private static void awaitScreen(ConsoleHarness.Keys terminal, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!screen(terminal).contains(text)) {
            assertTrue(System.nanoTime() < deadline, "no \"" + text + "\" on\n" + screen(terminal));
            Thread.sleep(20);
        }
    }

    private static String screen(ConsoleHarness.Keys terminal) {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < 24; r++) {
            for (int c = 0; c < 80; c++) {
                b.append(terminal.getCharacter(c, r).getCharacterString());
            }
            b.append('\n');
        }
        return b.toString();
    }

    @Test
    void workThatEndsAfterTheConsoleIsDroppedQuietly() throws Exception {
        List<String> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(t.getName() + ": " + e));
        Scripted engine = new Scripted();
        try {
            ConsoleHarness.Keys terminal = new ConsoleHarness.Keys(new TerminalSize(80, 24));
            ConsoleApp app = new ConsoleApp(terminal, engine, Glyphs.ASCII, false, false);
            Thread console = new Thread(() -> {
                try {
                    app.run();
                } catch (java.io.IOException e) {
                    uncaught.add("console: " + e);
                }
            }, "console-keys");
            console.start();
            terminal.queue.add(KeyStroke.fromString("i")); // the edits begin from the confirmed text
            awaitScreen(terminal, "INTERFACES");
            terminal.queue.add(new KeyStroke(KeyType.Escape)); // back to the dashboard
            terminal.queue.add(new KeyStroke(KeyType.Escape)); // and from there to the try, pending
            awaitScreen(terminal, "APPLIED AS A TRY");
            engine.hold = true;
            engine.pending = false; // the try ends: the next view read shows it gone, and the console asks how
            assertTrue(engine.asked.await(10, TimeUnit.SECONDS), "the console asked how the try ended");
            terminal.queue.add(KeyStroke.fromString("q"));
            console.join(10_000);
            assertFalse(console.isAlive(), "the console ended on q");
            Thread io = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("console-io")).findFirst().orElseThrow();
            engine.release.countDown(); // the work ends now, with the console's threads gone
            io.join(10_000);
            assertFalse(io.isAlive(), "the work ended");
            assertEquals(List.of(), uncaught);
        } finally {
            engine.release.countDown();
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }
}
