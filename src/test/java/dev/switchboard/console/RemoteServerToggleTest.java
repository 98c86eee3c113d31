package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * enable/disable server answer as HAProxy does (nothing when done, its words when not): an
 * attached console still says what happened, and takes HAProxy's refusals for failures.
 */
class RemoteServerToggleTest {
    @TempDir
    Path dir;

    @Test
    void haproxysAnswersAreTheConsolesOutcomes() throws Exception {
        Path socket = dir.resolve("control.sock");
        // the engine's answers, as the control socket writes them: the text, then the empty line
        Map<String, String> answers = Map.of("disable server bk_www/web1", "\n", "enable server bk_www/web1", "\n",
                "disable server bk_www/nope", "No such server.\n\n", "enable server bk_www/web2", "Permission denied\n\n",
                "disable server bk_www/web2", "error: the engine is stopping\n\n");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread engine = new Thread(() -> {
                try {
                    while (true) {
                        try (SocketChannel ch = server.accept()) {
                            String command = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8)).readLine();
                            String text = answers.getOrDefault(command, StateJson.encode(EngineState.empty("scripted")) + "\n\n");
                            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                        }
                    }
                } catch (IOException e) {
                    // the test has ended
                }
            });
            engine.setDaemon(true);
            engine.start();
            Remote remote = new Remote(socket);
            assertEquals(new Engine.Outcome(true, List.of("server bk_www/web1 disabled")), remote.setServerEnabled("bk_www", "web1", false));
            assertEquals(new Engine.Outcome(true, List.of("server bk_www/web1 enabled")), remote.setServerEnabled("bk_www", "web1", true));
            assertEquals(new Engine.Outcome(false, List.of("No such server.")), remote.setServerEnabled("bk_www", "nope", false));
            assertEquals(new Engine.Outcome(false, List.of("Permission denied")), remote.setServerEnabled("bk_www", "web2", true));
            assertEquals(new Engine.Outcome(false, List.of("the engine is stopping")), remote.setServerEnabled("bk_www", "web2", false));
        }
    }
}
