package dev.switchboard.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** An answer the proxy makes itself (400, 408, 502, 503, 504...), after which the connection closes. */
final class OwnAnswer {
    private OwnAnswer() {
    }

    /** How long an answer of our own waits, its side shut, before the connection is closed. */
    private static final long LINGER_MILLIS = 1000;

    /** The whole answer: its status as text, a short body saying the same, and {@code Connection: close}. */
    static String text(int status) {
        String text = HttpResponseStatus.valueOf(status).toString();
        return "HTTP/1.1 " + text + "\r\nContent-Type: text/plain\r\nContent-Length: " + (text.length() + 1)
                + "\r\nConnection: close\r\nCache-Control: no-cache\r\n\r\n" + text + "\n";
    }

    /** Sends it, then closes as {@link #lingeringClose} does: the request may not have been read to its end. */
    static void sendAndClose(ChannelHandlerContext ctx, int status) {
        ctx.writeAndFlush(Unpooled.copiedBuffer(text(status), StandardCharsets.US_ASCII))
                .addListener((ChannelFutureListener) f -> lingeringClose(f.channel()));
    }

    /**
     * Closes after an answer of our own as nginx does: the sending side first (the client reads
     * the answer and then its end), the socket a moment later. Closed at once, a byte the client
     * is still sending (a slowloris' next one) would meet a closed socket, and the reset it earns
     * can throw away the answer the client has not read yet.
     */
    static void lingeringClose(Channel channel) {
        if (channel instanceof DuplexChannel duplex && channel.isActive()) {
            duplex.shutdownOutput();
            channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            channel.close();
        }
    }
}
