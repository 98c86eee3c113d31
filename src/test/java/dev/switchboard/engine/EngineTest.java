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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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

    Engine start(Netns ns) throws Exception {
        return ns.call(() -> Engine.start(configFile(), dir.resolve("state"), 1, log::add, "test"));
    }

    String file() throws Exception {
        return Files.readString(configFile());
    }

    @Test
    void aTryIsUndoneWhenItsTimeRunsOutAndTheFileComesBack() throws Exception {
        String seed = PlannerTest.seedText();
        Files.writeString(configFile(), seed);
        try (Netns ns = SeedBox.create("try"); Engine engine = start(ns)) {
            assertEquals(SEED_ROUTES, ApplyInNamespaceTest.defaults(ns.kernel()));
            Files.writeString(configFile(), swapped(seed));
            Engine.Outcome o = ns.call(() -> engine.tryApply(2, "alice"));
            assertTrue(o.ok(), o.lines().toString());
            assertEquals(SWAPPED_ROUTES, ApplyInNamespaceTest.defaults(ns.kernel()), "visible at once");
            assertTrue(engine.pending().isPresent());
            long deadline = System.currentTimeMillis() + 8000;
            while (engine.pending().isPresent() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(SEED_ROUTES, ApplyInNamespaceTest.defaults(ns.kernel()), "undone after its 2 s");
            assertEquals(seed, file(), "the file is the confirmed config again");
            assertEquals(swapped(seed), Files.readString(Engine.rejectedPath(configFile())), "the candidate kept beside it");
            assertTrue(log.stream().anyMatch(l -> l.startsWith("ROLLED BACK: the try by alice was not confirmed in time")), log.toString());
            assertTrue(log.contains("the kernel matches the confirmed config (verified by a fresh dump)"), log.toString());
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
}
