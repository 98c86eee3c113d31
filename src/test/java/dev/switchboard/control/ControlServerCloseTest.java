package dev.switchboard.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.engine.Awaiting;
import dev.switchboard.engine.Engine;
import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.PlannerTest;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A console hosting the engine closes its control socket, then rolls its try back, when its
 * terminal goes. A try another session sent just before must not begin after that rollback (it
 * would outlive the console): a command under way when the socket closes ends before the close
 * returns. The admins' thread holds the command, begun, until the close is under way.
 */
class ControlServerCloseTest {
    @TempDir
    Path dir;

    /** The admins' commands' one thread, which holds the first command it begins until released; what ended when, in order. */
    private static final class Holding extends ThreadPoolExecutor {
        final CountDownLatch begun = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> order;

        Holding(List<String> order) {
            super(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
            this.order = order;
        }

        @Override
        protected void beforeExecute(Thread t, Runnable r) {
            begun.countDown();
            Awaiting.uninterruptibly(release); // as a command busy decoding its text
        }

        @Override
        protected void afterExecute(Runnable r, Throwable t) {
            order.add("the command was answered");
        }
    }

    /** Whether {@code closing} has ended, or waits for the commands under way. */
    private static boolean endedOrWaitingForCommands(Thread closing) {
        return !closing.isAlive() || Arrays.stream(closing.getStackTrace()).anyMatch(f -> f.getMethodName().equals("awaitTermination"));
    }

    @Test
    void aTrySentJustBeforeTheSocketClosesDoesNotComeAfterTheLeavingRollback() throws Exception {
        String seed = PlannerTest.seedText();
        Files.writeString(dir.resolve("switchboard.toml"), seed);
        List<String> order = new CopyOnWriteArrayList<>();
        Holding admins = new Holding(order);
        try (Netns ns = SeedBox.create("closing");
                Engine engine = ns.call(() -> Engine.start(dir.resolve("switchboard.toml"), dir.resolve("state"), 1, line -> { }, "test"))) {
            ControlServer server = ns.call(() -> ControlServer.start(dir.resolve("control.sock"), new Protocol(engine), line -> { },
                    new ControlServer.Settings((uid, gid, pid) -> ControlServerTest.ROOT, Duration.ofSeconds(60), () -> admins)));
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                client.connect(UnixDomainSocketAddress.of(dir.resolve("control.sock")));
                String edited = seed.replace("metric    = 4", "metric    = 9");
                String line = "try-edit 60 " + Base64.getEncoder().encodeToString(edited.getBytes(StandardCharsets.UTF_8)) + "\n";
                client.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
                assertTrue(admins.begun.await(10, TimeUnit.SECONDS), "the try's command began");

                Thread closing = new Thread(() -> {
                    try {
                        server.close();
                    } catch (java.io.IOException e) {
                        order.add("close failed: " + e);
                    }
                    order.add("the socket was closed");
                });
                closing.start();
                InputStream in = Channels.newInputStream(client);
                assertEquals(-1, in.read(), "the client is cut as the socket closes"); // the close is under way
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!endedOrWaitingForCommands(closing)) {
                    assertTrue(System.nanoTime() < deadline, "the close neither ended nor waited within 10 s");
                    Thread.onSpinWait();
                }
                admins.release.countDown();
                closing.join(30_000);
                assertEquals(List.of("the command was answered", "the socket was closed"), order);

                // what the console leaving does next: its rollback comes after the try, and ends it
                engine.endTryBeforeLeaving("tester, leaving");
                assertEquals(Optional.empty(), engine.pending(), "no try outlives the console");
            } finally {
                admins.release.countDown();
                server.close();
            }
        }
    }
}
