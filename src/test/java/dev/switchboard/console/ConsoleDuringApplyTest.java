package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.control.ControlClient;
import dev.switchboard.control.ControlServer;
import dev.switchboard.control.Protocol;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.KernelRunner;
import dev.switchboard.engine.SlowRunner;
import dev.switchboard.engine.TryClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The console stays the operator's while an apply from the control socket waits on a kernel
 * step (held there by a test hook): keys are answered, screens change, and the status line says
 * who is changing things; the apply then ends as it would have.
 */
class ConsoleDuringApplyTest extends ConsoleHarness {
    final AtomicBoolean armed = new AtomicBoolean();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    Engine startEngine() throws Exception {
        return Engine.start(dir.resolve("switchboard.toml"), dir.resolve("state"), 1, line -> { }, "test",
                new Engine.Options(TryClock.system(), k -> new SlowRunner(new KernelRunner(k), armed, entered, release)));
    }

    @Test
    void keysAreAnsweredWhileAnApplyFromTheSocketWaitsOnTheKernel() throws Exception {
        Path socket = dir.resolve("control.sock");
        try (ControlServer server = ns.call(() -> ControlServer.start(socket, new Protocol(engine), line -> { }))) {
            Path config = dir.resolve("switchboard.toml");
            Files.writeString(config, Files.readString(config).replace("metric    = 4", "metric    = 9"));
            armed.set(true);
            CompletableFuture<ControlClient.Answer> apply = CompletableFuture.supplyAsync(() -> {
                try {
                    return ControlClient.ask(socket, "apply").orElseThrow();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                assertTrue(entered.await(10, TimeUnit.SECONDS), "the apply reached its first kernel step");
                await("changing: ");
                type("i");
                await("INTERFACES");
                key(KeyType.Escape, 1);
                String dashboard = await("GATEWAYS");
                assertTrue(dashboard.contains("changing: "), dashboard);
                assertFalse(apply.isDone(), "the apply still waits on its kernel step");
            } finally {
                release.countDown();
            }
            ControlClient.Answer answer = apply.get(30, TimeUnit.SECONDS);
            assertTrue(answer.ok(), answer.text());
            assertTrue(defaults().contains("default via 10.4.0.1 dev eth4 metric 9 proto switchboard"), defaults().toString());
        }
    }
}
