package dev.switchboard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.PlannerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever asked for a change reads what it did in the state published with its answer: the
 * gateway table too, not only once the kernel's own news of the change has come round to the
 * engine's loop (a script's `apply` then `status` showed the routes of before). The loop is held
 * on the next command, queued during the change and so before that news.
 */
class EngineAnswerStateTest {
    @TempDir
    Path dir;

    /** Whether {@code t} has posted its command and waits for the answer. */
    private static boolean waitsForItsAnswer(Thread t) {
        return t.getState() == Thread.State.WAITING && Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("join"));
    }

    static Map<String, Long> metrics(EngineState s) {
        Map<String, Long> out = new TreeMap<>();
        s.gateways().forEach(g -> out.put(g.device(), g.metric()));
        return out;
    }

    @Test
    void theStateAnsweredWithAChangeHoldsItsRoutes() throws Exception {
        String seed = PlannerTest.seedText();
        Path config = dir.resolve("switchboard.toml");
        Files.writeString(config, seed);
        AtomicBoolean armed = new AtomicBoolean();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch loopHeld = new CountDownLatch(1);
        CountDownLatch releaseLoop = new CountDownLatch(1);
        // the loop's log: the server's toggle, the command after the change, holds the loop
        java.util.function.Consumer<String> log = line -> {
            if (line.contains("set to maint by an operator")) {
                loopHeld.countDown();
                Awaiting.uninterruptibly(releaseLoop);
            }
        };
        try (Netns ns = SeedBox.create("answer");
                Engine engine = ns.call(() -> Engine.start(config, dir.resolve("state"), 1, log, "test",
                        new Engine.Options(TryClock.system(), k -> new SlowRunner(new KernelRunner(k), armed, entered, release))))) {
            try {
                assertEquals(Map.of("eth0", 0L, "eth1", 1L, "eth2", 2L, "eth3", 3L, "eth4", 4L), metrics(engine.state()));
                Files.writeString(config, EngineTest.swapped(seed));
                armed.set(true);
                CompletableFuture<Engine.Outcome> apply = CompletableFuture.supplyAsync(() -> engine.apply("alice"));
                assertTrue(entered.await(10, TimeUnit.SECONDS), "the apply reached its first kernel step");
                // queued now, before the kernel has changed: before the kernel's news of the change
                Thread toggle = new Thread(() -> engine.setServerEnabled("bk_www", "web1", false, "bob"));
                toggle.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!waitsForItsAnswer(toggle)) {
                    assertTrue(System.nanoTime() < deadline, "the toggle was not asked within 10 s");
                    Thread.onSpinWait();
                }
                release.countDown();
                Engine.Outcome o = apply.get(30, TimeUnit.SECONDS);
                assertTrue(o.ok(), o.lines().toString());
                assertTrue(loopHeld.await(10, TimeUnit.SECONDS), "the loop went on to the toggle");
                assertEquals(List.of("default via 10.4.0.1 dev eth4 metric 3 proto switchboard", "default via 10.3.0.1 dev eth3 metric 4 proto switchboard"),
                        ApplyInNamespaceTest.defaults(ns.kernel()).subList(3, 5), "the kernel as the apply left it");
                assertEquals(Map.of("eth0", 0L, "eth1", 1L, "eth2", 2L, "eth3", 4L, "eth4", 3L), metrics(engine.state()),
                        "the state answered with the apply holds its routes");
            } finally {
                release.countDown();
                releaseLoop.countDown();
            }
        }
    }
}
