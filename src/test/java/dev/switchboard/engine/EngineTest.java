package dev.switchboard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.PlannerTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on the seed's appliance in a namespace: apply, try, confirm, rollback, crash. */
class EngineTest {
    @TempDir
    Path dir;

    final List<String> log = new CopyOnWriteArrayList<>();

    static final List<String> SEED_ROUTES = List.of(
            "default via 203.0.113.1 dev eth0 metric 0 proto switchboard",
            "default via 198.51.100.1 dev eth1 metric 1 proto switchboard",
            "default via 10.2.0.1 dev eth2 metric 2 proto switchboard",
            "default via 10.3.0.1 dev eth3 metric 3 proto switchboard",
            "default via 10.4.0.1 dev eth4 metric 4 proto switchboard");

    static final List<String> SWAPPED_ROUTES = List.of(
            "default via 203.0.113.1 dev eth0 metric 0 proto switchboard",
            "default via 198.51.100.1 dev eth1 metric 1 proto switchboard",
            "default via 10.2.0.1 dev eth2 metric 2 proto switchboard",
            "default via 10.4.0.1 dev eth4 metric 3 proto switchboard",
            "default via 10.3.0.1 dev eth3 metric 4 proto switchboard");

    /** The seed with eth3's and eth4's metrics swapped. */
    static String swapped(String seed) {
        return seed.replace("metric    = 3", "metric    = X").replace("metric    = 4", "metric    = 3").replace("metric    = X", "metric    = 4");
    }

    Path configFile() {
        return dir.resolve("switchboard.toml");
    }

    final ManualClock clock = new ManualClock();

    Engine start(Netns ns) throws Exception {
        return ns.call(() -> Engine.start(configFile(), dir.resolve("state"), 1, log::add, "test", new Engine.Options(clock, KernelRunner::new)));
    }

    /** The events of a try, of a change and of its rollback, in the order told: the kernel's own and the proxy's health left out. */
    static List<Class<?>> trySteps(List<EngineEvent> events) {
        return events.stream().filter(e -> e instanceof EngineEvent.TryStarted || e instanceof EngineEvent.TryConfirmed
                || e instanceof EngineEvent.TryExpired || e instanceof EngineEvent.TryRolledBack || e instanceof EngineEvent.StepApplied)
                .<Class<?>>map(EngineEvent::getClass).distinct().toList();
    }

    /** Every event until one of type {@code last}, which ends the list. */
    static List<EngineEvent> until(Subscription events, Class<? extends EngineEvent> last) throws InterruptedException {
        List<EngineEvent> seen = new java.util.ArrayList<>();
        for (EngineEvent e = events.poll(10, TimeUnit.SECONDS); e != null; e = events.poll(10, TimeUnit.SECONDS)) {
            seen.add(e);
            if (last.isInstance(e)) {
                return seen;
            }
        }
        throw new AssertionError("no " + last.getSimpleName() + " among " + seen);
    }

    String file() throws Exception {
        return Files.readString(configFile());
    }

    @Test
    void aTryIsUndoneWhenItsTimeRunsOutAndTheFileComesBack() throws Exception {
        String seed = PlannerTest.seedText();
        Files.writeString(configFile(), seed);
        try (Netns ns = SeedBox.create("try"); Engine engine = start(ns); Subscription events = engine.events()) {
            assertEquals(SEED_ROUTES, ApplyInNamespaceTest.defaults(ns.kernel()));
            Files.writeString(configFile(), swapped(seed));
            long began = System.nanoTime();
            Engine.Outcome o = ns.call(() -> engine.tryApply(600, "alice"));
            assertTrue(o.ok(), o.lines().toString());
            assertEquals(SWAPPED_ROUTES, ApplyInNamespaceTest.defaults(ns.kernel()), "visible at once");
            assertEquals(List.of(EngineEvent.StepApplied.class, EngineEvent.TryStarted.class), trySteps(until(events, EngineEvent.TryStarted.class)));
            Engine.PendingTry pending = engine.state().pending().orElseThrow();
            assertEquals(600, pending.secondsLeft(clock.now()));

            clock.advance(Duration.ofSeconds(599));
            engine.plan(); // a round through the engine's loop: a countdown that had run out would have rolled back by now
            assertTrue(engine.state().pending().isPresent(), "a second to go");
            assertEquals(SWAPPED_ROUTES, ApplyInNamespaceTest.defaults(ns.kernel()));

            clock.advance(Duration.ofSeconds(1));
            List<EngineEvent> rollback = until(events, EngineEvent.TryRolledBack.class);
            assertEquals(List.of(EngineEvent.TryExpired.class, EngineEvent.StepApplied.class, EngineEvent.TryRolledBack.class), trySteps(rollback));
            assertEquals(new EngineEvent.TryExpired("alice"), rollback.stream().filter(e -> e instanceof EngineEvent.TryExpired).findFirst().orElseThrow());
            assertEquals(new EngineEvent.TryRolledBack("the try by alice was not confirmed in time", true), rollback.get(rollback.size() - 1));
            assertTrue(System.nanoTime() - began < TimeUnit.SECONDS.toNanos(60), "ten minutes of countdown, waited on a clock of the test's");

            assertEquals(Optional.empty(), engine.state().pending());
            assertEquals(SEED_ROUTES, ApplyInNamespaceTest.defaults(ns.kernel()), "undone when its time ran out");
            assertEquals(seed, file(), "the file is the confirmed config again");
            assertEquals(swapped(seed), Files.readString(Engine.rejectedPath(configFile())), "the candidate kept beside it");
            assertTrue(log.stream().anyMatch(l -> l.startsWith("ROLLED BACK: the try by alice was not confirmed in time")), log.toString());
            assertTrue(log.contains("the kernel matches the confirmed config (verified by a fresh dump)"), log.toString());
            // the rollback's audit line is written before its events are told
            assertTrue(engine.auditTail(50).stream().anyMatch(l -> l.endsWith("engine: rollback: done")), engine.auditTail(50).toString());
        }
    }

    @Test
    void aConfirmedTryIsKeptAndRollbackNIsItselfATry() throws Exception {
        String seed = PlannerTest.seedText();
        Files.writeString(configFile(), seed);
        try (Netns ns = SeedBox.create("confirm"); Engine engine = start(ns)) {
            Files.writeString(configFile(), swapped(seed));
            assertTrue(ns.call(() -> engine.tryApply(30, "alice")).ok());
            Engine.Outcome confirmed = ns.call(() -> engine.confirm("alice"));
            assertTrue(confirmed.ok(), confirmed.lines().toString());
            assertFalse(engine.pending().isPresent());
            clock.advance(Duration.ofSeconds(60));
            engine.plan(); // a round through the loop: the confirmed try's countdown, had it not been cancelled, would have run
            assertEquals(SWAPPED_ROUTES, ApplyInNamespaceTest.defaults(ns.kernel()), "a confirmed try's countdown is over");
            assertEquals(SWAPPED_ROUTES, ApplyInNamespaceTest.defaults(ns.kernel()));
            assertEquals(swapped(seed), file());
            assertFalse(ns.call(() -> engine.confirm("alice")).ok(), "nothing left to confirm");

            Engine.Outcome noTry = ns.call(() -> engine.endTry("bob"));
            assertFalse(noTry.ok(), "a bare rollback with no try pending changes nothing");
            assertTrue(noTry.lines().get(0).startsWith("no try is pending: nothing changed"), noTry.lines().toString());
            assertEquals(SWAPPED_ROUTES, ApplyInNamespaceTest.defaults(ns.kernel()));

            Engine.Outcome back = ns.call(() -> engine.rollback(1, 30, "bob"));
            assertTrue(back.ok(), back.lines().toString());
            assertEquals(SEED_ROUTES, ApplyInNamespaceTest.defaults(ns.kernel()));
            assertTrue(engine.pending().isPresent(), "going back in history is a try like any change made by hand");
            assertEquals(swapped(seed), file(), "written only once confirmed");
            assertTrue(ns.call(() -> engine.confirm("bob")).ok());
            assertEquals(seed, file(), "rollback N, confirmed, writes the config it went back to");
            assertEquals(List.of("no config 5 back in the history (3 kept)"), ns.call(() -> engine.rollback(5, 30, "bob")).lines());
        }
    }

    @Test
    void aSecondEngineOnTheSameStateDirectoryTouchesNothing() throws Exception {
        String seed = PlannerTest.seedText();
        Files.writeString(configFile(), seed);
        try (Netns ns = SeedBox.create("second"); Engine engine = start(ns)) {
            Path other = dir.resolve("other.toml");
            Files.writeString(other, swapped(seed));
            Engine.StartFailed refused = assertThrows(Engine.StartFailed.class,
                    () -> ns.call(() -> Engine.start(other, dir.resolve("state"), 1, log::add, "second")));
            assertTrue(refused.getMessage().startsWith("another switchboard holds " + dir.resolve("state") + " (pid "), refused.getMessage());
            assertEquals(SEED_ROUTES, ApplyInNamespaceTest.defaults(ns.kernel()), "the kernel is the first engine's");
        }
    }

    @Test
    void aNewBindThatCannotOpenLeavesKernelAndProxyAsTheyWere() throws Exception {
        String seed = PlannerTest.seedText();
        Files.writeString(configFile(), seed);
        try (Netns ns = SeedBox.create("held"); Engine engine = start(ns)) {
            var bindsBefore = engine.stats().frontends().stream().map(f -> f.binds().toString()).toList();
            try (ServerSocket holder = ns.call(() -> new ServerSocket(8443, 1, InetAddress.getByName("10.2.0.10")))) {
                assertTrue(holder.isBound());
                String candidate = swapped(seed).replace("{ address = \"10.2.0.10:443\", interface = \"eth2\" } ]",
                        "{ address = \"10.2.0.10:443\", interface = \"eth2\" },\n            { address = \"10.2.0.10:8443\" } ]");
                Files.writeString(configFile(), candidate);
                Engine.Outcome o = ns.call(() -> engine.apply("alice"));
                assertFalse(o.ok());
                assertTrue(o.lines().get(0).startsWith("proxy: ft_exchange 10.2.0.10:8443: NOT listening: "), o.lines().toString());
                assertTrue(o.lines().get(0).contains("in use"), o.lines().toString());
                assertEquals("the kernel was put back: nothing changed", o.lines().get(o.lines().size() - 1));
            }
            assertEquals(SEED_ROUTES, ApplyInNamespaceTest.defaults(ns.kernel()));
            assertEquals(bindsBefore, engine.stats().frontends().stream().map(f -> f.binds().toString()).toList());
            assertTrue(ns.call(() -> {
                try (java.net.Socket s = new java.net.Socket()) {
                    s.connect(new InetSocketAddress("10.2.0.10", 443), 1000);
                    return true;
                }
            }), "the old bind still listens");
        }
    }

    @Test
    void anEngineKilledDuringATryComesBackOnTheConfirmedConfig() throws Exception {
        String seed = PlannerTest.seedText();
        Files.writeString(configFile(), seed);
        try (Netns ns = SeedBox.create("crash")) {
            Engine first = start(ns);
            Files.writeString(configFile(), swapped(seed));
            assertTrue(ns.call(() -> first.tryApply(60, "alice")).ok());
            first.stop(0); // as a SIGKILL: no rollback ran, the journal stays
            assertEquals(SWAPPED_ROUTES, ApplyInNamespaceTest.defaults(ns.kernel()));
            try (Engine second = start(ns)) {
                assertEquals(SEED_ROUTES, ApplyInNamespaceTest.defaults(ns.kernel()));
                assertEquals(seed, file());
                assertEquals(swapped(seed), Files.readString(Engine.rejectedPath(configFile())));
                assertEquals(Optional.empty(), second.pending());
                assertTrue(log.stream().anyMatch(l -> l.startsWith("ROLLED BACK: the try by alice at ")
                        && l.endsWith(" was pending when its switchboard died")), log.toString());
                assertTrue(log.stream().anyMatch(l -> l.startsWith("the kernel matches the confirmed config (verified by a fresh dump)")),
                        log.toString());
            }
        }
    }

    @Test
    void aChangeWhileAnotherHoldsTheLockIsRefusedNamingTheHolder() throws Exception {
        String seed = PlannerTest.seedText();
        Files.writeString(configFile(), seed);
        try (Netns ns = SeedBox.create("busy"); Engine engine = start(ns)) {
            Files.writeString(configFile(), swapped(seed));
            StringBuilder ignored = new StringBuilder();
            try (ApplyLock held = ApplyLock.tryAcquire(dir.resolve("state"), "carol (pid 42) on pts/3 since 10:00:00", ignored).orElseThrow()) {
                Engine.Outcome o = ns.call(() -> engine.apply("alice"));
                assertFalse(o.ok());
                assertEquals("kernel: another change is in progress (carol (pid 42) on pts/3 since 10:00:00)", o.lines().get(0));
            }
            assertEquals(SEED_ROUTES, ApplyInNamespaceTest.defaults(ns.kernel()));
        }
    }

    @Test
    void whatTheEngineShowsIsReadWhileAnApplyIsUnderWay() throws Exception {
        String seed = PlannerTest.seedText();
        Files.writeString(configFile(), seed);
        AtomicBoolean armed = new AtomicBoolean();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Netns ns = SeedBox.create("slow");
                Engine engine = ns.call(() -> Engine.start(configFile(), dir.resolve("state"), 1, log::add, "test",
                        new Engine.Options(clock, k -> new SlowRunner(new KernelRunner(k), armed, entered, release))))) {
            Files.writeString(configFile(), swapped(seed));
            armed.set(true);
            CompletableFuture<Engine.Outcome> apply = CompletableFuture.supplyAsync(() -> engine.apply("alice"));
            try {
                assertTrue(entered.await(10, TimeUnit.SECONDS), "the apply reached its first kernel step");
                // answered while the apply is held on its kernel step (released only after): a
                // reader that waited for the change would never be answered, and time out here
                EngineState during = CompletableFuture.supplyAsync(engine::state).get(30, TimeUnit.SECONDS);
                String status = CompletableFuture.supplyAsync(() -> engine.pending().map(Engine.PendingTry::describe).orElse("none") + " "
                        + engine.changer().orElse("nobody")).get(30, TimeUnit.SECONDS);
                Engine.Outcome second = CompletableFuture.supplyAsync(() -> engine.apply("bob")).get(30, TimeUnit.SECONDS);
                assertTrue(during.changing().orElseThrow().startsWith("alice (apply, since "), during.changing().toString());
                assertTrue(status.startsWith("none alice (apply, since "), status);
                assertEquals(SEED_ROUTES.size(), during.gateways().size(), "the gateway table of before the change");
                assertEquals(3, during.replies().size(), "where each bind's replies go");
                assertFalse(second.ok());
                assertTrue(second.lines().get(0).startsWith("busy: alice (apply, since "), second.lines().toString());
                assertFalse(apply.isDone(), "the apply waits on its kernel step all this while");
            } finally {
                release.countDown();
            }
            Engine.Outcome o = apply.get(30, TimeUnit.SECONDS);
            assertTrue(o.ok(), o.lines().toString());
            assertEquals(Optional.empty(), engine.state().changing(), "nobody is changing things once it is done");
            assertEquals(SWAPPED_ROUTES, ApplyInNamespaceTest.defaults(ns.kernel()));
        }
    }
}
