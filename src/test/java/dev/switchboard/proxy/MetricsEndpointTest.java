package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.HostPort;
import dev.switchboard.config.Transport;
import dev.switchboard.net.Netns;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a hostile client can cost the proxy through /metrics: one page a connection, sixteen connections, a deadline each. */
class MetricsEndpointTest {
    static final String GET = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";

    private static String readAll(Socket s) throws Exception {
        s.setSoTimeout(5000);
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }

    /** What arrives until the server closes; a reset ends it too (the server closes with the client's bytes unread). */
    private static String readUntilClosed(Socket s) throws Exception {
        s.setSoTimeout(5000);
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = s.getInputStream().read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // the end, as a reset
        }
        return got.toString(StandardCharsets.US_ASCII);
    }

    private static Socket connect() throws Exception {
        return new Socket("127.0.0.1", 9101);
    }

    @Test
    void requestsPipelinedBehindTheFirstAreNeverAnsweredAndTheConnectionCloses() throws Exception {
        AtomicInteger rendered = new AtomicInteger();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, Transports.handler(Transport.EPOLL));
        try (Netns ns = Netns.create("metrics-pipe")) {
            MetricsEndpoint endpoint = new MetricsEndpoint(group, Transport.EPOLL, line -> { }, () -> "page " + rendered.incrementAndGet() + "\n");
            assertEquals(Optional.empty(), ns.call(() -> endpoint.serve(HostPort.parse("127.0.0.1:9101"))));
            String got = ns.call(() -> {
                try (Socket s = connect()) {
                    try {
                        s.getOutputStream().write(GET.repeat(10_000).getBytes(StandardCharsets.US_ASCII)); // 340 KB, never read meanwhile
                    } catch (java.net.SocketException closed) {
                        // the server answered the first and closed while the rest was still being sent
                    }
                    return readUntilClosed(s);
                }
            });
            assertTrue(got.split("HTTP/1.1 ", -1).length - 1 <= 1, "one answer at most: " + got);
            assertEquals(1, rendered.get(), "the page was made once, for the first request; the others were never read");
        } finally {
            group.shutdownGracefully().syncUninterruptibly();
        }
    }

    @Test
    void atMostSixteenConnectionsAtOnceEachClosedAtItsDeadline() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, Transports.handler(Transport.EPOLL));
        try (Netns ns = Netns.create("metrics-conns")) {
            MetricsEndpoint endpoint = new MetricsEndpoint(group, Transport.EPOLL, line -> { }, () -> "page\n", 3000);
            ns.call(() -> endpoint.serve(HostPort.parse("127.0.0.1:9101")));
            ns.call(() -> {
                List<Socket> dribbling = new ArrayList<>();
                for (int i = 0; i < MetricsEndpoint.MAX_CONNECTIONS; i++) {
                    Socket s = connect();
                    s.getOutputStream().write("GET /metrics HTTP/1.1\r\nX: ".getBytes(StandardCharsets.US_ASCII)); // a head that never ends
                    dribbling.add(s);
                }
                try (Socket seventeenth = connect()) {
                    seventeenth.setSoTimeout(2000);
                    assertEquals(-1, seventeenth.getInputStream().read(), "the seventeenth is closed as it comes");
                }
                Socket first = dribbling.get(0);
                first.setSoTimeout(200);
                InputStream in = first.getInputStream();
                assertThrows(SocketTimeoutException.class, in::read, "the sixteen are still open, before their deadline");
                for (Socket s : dribbling) {
                    s.getOutputStream().write("y".getBytes(StandardCharsets.US_ASCII)); // a byte now and then keeps no connection alive
                }
                for (Socket s : dribbling) {
                    assertEquals("", readAll(s), "closed at its deadline, unanswered");
                    s.close();
                }
                try (Socket after = connect()) { // the places are free again
                    after.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
                    String got = readAll(after);
                    assertTrue(got.startsWith("HTTP/1.1 200 OK\r\n") && got.endsWith("page\n"), got);
                }
                return null;
            });
        } finally {
            group.shutdownGracefully().syncUninterruptibly();
        }
    }

    @Test
    void anotherAddressOnTheSamePortIsServedAtOnce() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, Transports.handler(Transport.EPOLL));
        try (Netns ns = Netns.create("metrics-move")) {
            MetricsEndpoint endpoint = new MetricsEndpoint(group, Transport.EPOLL, line -> { }, () -> "page\n");
            assertEquals(Optional.empty(), ns.call(() -> endpoint.serve(HostPort.parse("127.0.0.1:9101"))));
            assertEquals(Optional.empty(), ns.call(() -> endpoint.serve(HostPort.parse("0.0.0.0:9101"))), "moved in one apply");
            String got = ns.call(() -> {
                try (Socket s = connect()) {
                    s.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
                    return readAll(s);
                }
            });
            assertTrue(got.endsWith("page\n"), got);
        } finally {
            group.shutdownGracefully().syncUninterruptibly();
        }
    }
}
