package dev.switchboard.health;

import static dev.switchboard.health.GatewayTopology.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A probe's thread and the link watch judge the same gateway. Their changes must reach the
 * listener in the order they were judged: heard the other way round, the engine would take a
 * gateway whose link has just lost its carrier for alive (and keep its route first) until the
 * carrier came back. The probe's news of its first good round is held on its way to the
 * listener while the gateway's link goes down.
 */
class HealthMonitorOrderTest {
    private final BlockingQueue<HealthChange> changes = new LinkedBlockingQueue<>();

    /** The listener's thread, where the probe thread's first change is held until released. */
    private static final class Holding extends ThreadPoolExecutor {
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch linkTold = new CountDownLatch(1);

        Holding() {
            super(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        }

        @Override
        public void execute(Runnable task) {
            String thread = Thread.currentThread().getName();
            if (thread.equals("health-eth1") && held.getCount() > 0) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (thread.equals("health-links")) {
                linkTold.countDown();
            }
            super.execute(task);
        }
    }

    private String next() throws InterruptedException {
        return HealthMonitorTest.words(HealthMonitorTest.next(changes));
    }

    /** The link watch's thread, once it has judged the carrier's loss: it told it, or waits for the probe's lock to do so. */
    private static void awaitLinkJudged(Holding notifier) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!notifier.linkTold.await(10, TimeUnit.MILLISECONDS)) {
            boolean waitsForTheLock = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("health-links") && t.getState() == Thread.State.BLOCKED);
            if (waitsForTheLock) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the link watch heard nothing of the carrier's loss within 10 s");
        }
    }

    @Test
    void aProbesChangeHeldOnItsWayIsNotOvertakenByTheCarriersLoss() throws Exception {
        try (GatewayTopology t = GatewayTopology.create()) {
            String check = HealthMonitorTest.ICMP.replace("fall = 3", "fall = 50").replace("rise = 2", "rise = 1");
            Holding notifier = new Holding();
            try (HealthMonitor monitor = t.appliance.call(() -> HealthMonitor.start(HealthMonitorTest.parse(config("", check)), changes::add,
                    Clock.systemUTC(), notifier))) {
                assertTrue(notifier.held.await(15, TimeUnit.SECONDS), "eth1's first round judged it");
                t.gw1.kernel().setUp("a1", false); // the gateway's side goes down: eth1 loses its carrier
                awaitLinkJudged(notifier);
                notifier.release.countDown();
                assertEquals(List.of("eth1 checking->alive", "eth1 alive->dead"), List.of(next(), next()));
                assertEquals(Set.of("eth1"), monitor.dead(), "dead, as the last change said");
            } finally {
                notifier.release.countDown();
            }
        }
    }
}
