package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.control.StateJson;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attached console reads the engine's state on three threads. A reading begun before a try
 * and ended after it must not hide the try: the console would take it for rolled back at once
 * (CI saw "ROLLED BACK" the instant a try was applied). A scripted engine holds the refresher's
 * reading until the try's own reading has been shown.
 */
class RemoteOrderTest {
    @TempDir
    Path dir;

    @Test
    void aReadingBegunBeforeATryDoesNotHideIt() throws Exception {
        Path socket = dir.resolve("control.sock");
        AtomicBoolean tried = new AtomicBoolean();
        AtomicInteger readings = new AtomicInteger();
        CountDownLatch staleHeld = new CountDownLatch(1);
        CountDownLatch releaseStale = new CountDownLatch(1);
        CountDownLatch nextHeld = new CountDownLatch(1);
        CountDownLatch releaseNext = new CountDownLatch(1);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread engine = new Thread(() -> {
                try {
                    while (true) {
                        SocketChannel ch = server.accept();
                        String command = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8)).readLine();
                        int n = command.equals("show state json") ? readings.incrementAndGet() : 0;
                        boolean pendingNow = tried.get();
                        Thread answer = new Thread(() -> {
                            try (ch) {
                                if (n == 2) { // the refresher's first reading, begun before the try
                                    staleHeld.countDown();
                                    releaseStale.await();
                                } else if (n == 4) { // the refresher's next: the held one has been taken in
                                    nextHeld.countDown();
                                    releaseNext.await();
                                }
                                String text = command.startsWith("try-edit ") ? "applied for 60 s\n" : StateJson.encode(state(pendingNow)) + "\n";
                                if (command.startsWith("try-edit ")) {
                                    tried.set(true);
                                }
                                ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                            } catch (IOException | InterruptedException e) {
                                // the test has ended
                            }
                        });
                        answer.setDaemon(true);
                        answer.start();
                    }
                } catch (IOException e) {
                    // closed: the test has ended
                }
            });
            engine.setDaemon(true);
            engine.start();

            Remote remote = new Remote(socket);
            assertTrue(staleHeld.await(10, TimeUnit.SECONDS), "the refresher asked for the state");
            Engine.Outcome applied = remote.tryApply("config", 60);
            assertTrue(applied.ok(), applied.lines().toString());
            assertTrue(remote.state().pending().isPresent(), "the try's own reading shows it");

            releaseStale.countDown(); // the reading from before the try ends now
            assertTrue(nextHeld.await(10, TimeUnit.SECONDS), "the refresher went on to its next reading");
            assertTrue(remote.state().pending().isPresent(), "a reading begun before the try replaced the one after it");
            assertEquals(4, readings.get());
            releaseNext.countDown();
        }
    }

    private static EngineState state(boolean pending) {
        Instant now = Instant.now();
        return new EngineState("scripted", "", now, List.of(), 0, Map.of(), EngineState.empty("").stats(), List.of(),
                pending ? Optional.of(new Engine.PendingTry("tester", now, now.plusSeconds(60))) : Optional.empty(),
                Optional.empty(), Optional.empty(), List.of());
    }
}
