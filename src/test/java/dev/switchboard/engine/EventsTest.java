package dev.switchboard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The engine's events: typed, in order, and never waiting on a subscriber. */
class EventsTest {
    @Test
    void theKernelsLinesAreTypedEvents() {
        assertEquals(new EngineEvent.LinkChanged("eth3", "no-carrier"), KernelEvents.of("link eth3 no-carrier"));
        assertEquals(new EngineEvent.AddressChanged(false, "10.2.0.10/24", "eth2"), KernelEvents.of("- address 10.2.0.10/24 dev eth2"));
        assertEquals(new EngineEvent.RouteChanged(true, "default via 10.4.0.1 dev eth4 metric 4 proto switchboard"),
                KernelEvents.of("+ route default via 10.4.0.1 dev eth4 metric 4 proto switchboard"));
        assertEquals(new EngineEvent.NeighbourChanged("10.3.0.1", "eth3", "reachable"), KernelEvents.of("neighbour 10.3.0.1 dev eth3 reachable"));
        assertEquals(new EngineEvent.KernelNote("monitor stopped: EBADF"), KernelEvents.of("monitor stopped: EBADF"));
        assertEquals("kernel: link eth3 no-carrier", KernelEvents.of("link eth3 no-carrier").text(), "said as netlink said it");
    }

    /** A neighbour is news when it is a gateway or a server; a LAN client's entry is not. */
    @Test
    void neighboursAreNewsWhenTheyAreGatewaysOrServers() throws Exception {
        var seed = dev.switchboard.plan.PlannerTest.config(dev.switchboard.plan.PlannerTest.seedText());
        assertEquals(true, KernelEvents.news(KernelEvents.of("neighbour 10.2.0.1 dev eth2 failed"), seed), "eth2's gateway");
        assertEquals(true, KernelEvents.news(KernelEvents.of("neighbour 10.3.0.21 dev eth3 reachable"), seed), "bk_www/web1");
        assertEquals(false, KernelEvents.news(KernelEvents.of("neighbour 10.2.0.77 dev eth2 reachable"), seed), "a LAN client");
        assertEquals(true, KernelEvents.news(KernelEvents.of("link eth3 no-carrier"), seed));
    }

    @Test
    void aSubscriberGetsEveryEventInOrder() throws Exception {
        Events events = new Events();
        LinkedBlockingQueue<EngineEvent> heard = new LinkedBlockingQueue<>();
        try (AutoCloseable s = events.subscribe(heard::add, false)) {
            for (int i = 0; i < 50; i++) {
                events.publish(new EngineEvent.StepApplied("step " + i), Instant.now());
                if (i % 7 == 0) {
                    events.flush();
                }
            }
            events.flush();
            for (int i = 0; i < 50; i++) {
                assertEquals(new EngineEvent.StepApplied("step " + i), heard.poll(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aSlowSubscriberLosesEventsAndIsToldHowManyWhereTheyWereLostButHoldsNobodyUp() throws Exception {
        Events events = new Events();
        try (Subscription slow = events.subscribe(false)) {
            long t0 = System.nanoTime();
            int n = Subscription.CAPACITY + 500;
            for (int i = 0; i < n; i++) {
                events.publish(new EngineEvent.StepApplied("step " + i), Instant.now());
                events.flush();
            }
            assertEquals(true, System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "the publisher never waited");
            for (int i = 0; i < 10; i++) {
                assertEquals(new EngineEvent.StepApplied("step " + i), slow.poll(0, TimeUnit.SECONDS), "the oldest kept, in order");
            }
            events.publish(new EngineEvent.StepApplied("after"), Instant.now()); // room again: after the loss, not before
            events.flush();
            List<EngineEvent> got = new ArrayList<>();
            for (EngineEvent e = slow.poll(0, TimeUnit.SECONDS); e != null; e = slow.poll(0, TimeUnit.SECONDS)) {
                got.add(e);
            }
            assertEquals(Subscription.CAPACITY - 10 + 2, got.size());
            assertEquals(new EngineEvent.StepApplied("step 10"), got.get(0));
            assertEquals(new EngineEvent.StepApplied("step " + (Subscription.CAPACITY - 1)), got.get(got.size() - 3), "every kept one before");
            assertEquals(new EngineEvent.EventsLost(500), got.get(got.size() - 2), "then told where they were lost");
            assertEquals(new EngineEvent.StepApplied("after"), got.get(got.size() - 1));
        }
        assertEquals(Events.RECENT, events.recent().size(), "the state keeps the last ones");
        assertEquals(Subscription.CAPACITY + 501L, events.recent().get(Events.RECENT - 1).seq());
    }

    @Test
    void aSubscriberThatCatchesUpLearnsOfTheLossAfterTheLastEventItHolds() throws Exception {
        Events events = new Events();
        try (Subscription slow = events.subscribe(false)) {
            for (int i = 0; i < Subscription.CAPACITY + 3; i++) {
                events.publish(new EngineEvent.StepApplied("step " + i), Instant.now());
                events.flush();
            }
            for (int i = 0; i < Subscription.CAPACITY; i++) {
                assertEquals(new EngineEvent.StepApplied("step " + i), slow.poll(0, TimeUnit.SECONDS));
            }
            assertEquals(new EngineEvent.EventsLost(3), slow.poll(0, TimeUnit.SECONDS), "no newer event comes, yet it is told");
            assertNull(slow.poll(0, TimeUnit.SECONDS), "once");
        }
    }

    @Test
    void aReplayingSubscriberGetsTheKeptEventsFirst() throws Exception {
        Events events = new Events();
        events.publish(new EngineEvent.TryConfirmed("alice"), Instant.now());
        events.flush();
        events.publish(new EngineEvent.TryConfirmed("bob"), Instant.now());
        List<EngineState.Logged> kept = events.commit(); // kept, and a subscriber comes before they are delivered
        try (Subscription s = events.subscribe(true)) {
            events.deliver(kept);
            assertEquals(new EngineEvent.TryConfirmed("alice"), s.poll(1, TimeUnit.SECONDS));
            assertEquals(new EngineEvent.TryConfirmed("bob"), s.poll(1, TimeUnit.SECONDS));
            assertNull(s.poll(0, TimeUnit.SECONDS), "none twice");
        }
        try (Subscription late = events.subscribe(false)) {
            events.deliver(kept);
            assertNull(late.poll(0, TimeUnit.SECONDS), "a subscriber without replay hears only what is told after it came");
        }
    }
}
