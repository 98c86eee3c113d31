package dev.switchboard.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The CLI's side of the control socket: one command, its answer. */
public final class ControlClient {
    private ControlClient() {}

    /** An engine's answer: its text, and whether it says it failed. */
    public record Answer(String text, boolean ok) {}

    /**
     * Sends {@code command} to the engine at {@code socket}; empty if no engine listens there
     * (no socket file, or nobody accepting), so the caller may act on its own.
     */
    public static Optional<Answer> ask(Path socket, String command) throws IOException {
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (java.net.ConnectException e) {
            return Optional.empty(); // a socket file left by an engine that died
        }
        try (ch) {
            ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ch.shutdownOutput();
            String text = new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
            if (text.endsWith("\n\n") || text.equals("\n")) { // an empty answer is that line alone (HAProxy's "done")
                text = text.substring(0, text.length() - 1); // the empty line that ends an answer
            }
            return Optional.of(new Answer(text, !text.startsWith("error: ")));
        }
    }

    /** Whether an engine answers at {@code socket}. */
    public static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
