package dev.switchboard.proxy;

import static dev.switchboard.proxy.HttpProxyTest.get;
import static dev.switchboard.proxy.HttpProxyTest.http;
import static dev.switchboard.proxy.HttpProxyTest.read;
import static dev.switchboard.proxy.HttpProxyTest.send;
import static dev.switchboard.proxy.ProxyTest.connect;
import static dev.switchboard.proxy.ProxyTest.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slow clients against the real proxy on loopback: heads dribbled a byte at a time (slowloris),
 * idle keep-alive clients, and bodies dribbled a byte at a time, each with a timeout of a second
 * or two so that the test sees it strike.
 */
class HttpSlowClientTest {
    private final ProxyTest tcp = new ProxyTest() {
        @Override
        String transport() {
            return HttpSlowClientTest.this.transport();
        }
    };

    /** The transport the proxy runs on here (a subclass runs every test on io_uring). */
    String transport() {
        return "epoll";
    }

    @AfterEach
    void tearDown() throws Exception {
        tcp.tearDown();
    }

    /** Answers each request with its path, keep-alive; requests without a body only. */
    private int pathServer() throws IOException {
        return tcp.server(s -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            for (String line; (line = line(in)) != null; ) {
                while (!line(in).isEmpty()) {
                    // headers: not needed
                }
                byte[] body = line.split(" ")[1].substring(1).getBytes(StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        });
    }

    /** A line without its CRLF, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                return null;
            }
            b.append((char) c);
        }
        return b.toString().strip();
    }

    /** What a slow client got before its connection ended: the status line, or how it ended without one. */
    private static String outcome(Socket s) {
        try {
            byte[] got = s.getInputStream().readAllBytes();
            String text = new String(got, StandardCharsets.ISO_8859_1);
            return text.isEmpty() ? "closed" : text.substring(0, text.indexOf('\r'));
        } catch (SocketException e) {
            return "reset";
        } catch (IOException e) {
            return "still open: " + e;
        }
    }

    @Test
    void threeHundredSlowlorisConnectionsDoNotDelayAClientAndAreAllAnswered408AfterHttpRequest() throws Exception {
        int listen = freePort();
        tcp.proxy(http(listen, ProxyTest.server("web", pathServer()), "timeouts = { http_request = 2 }\n"));
        try (Socket warm = connect(listen)) { // the first request's code paths, before any clock runs
            send(warm, get("/warm"));
            assertEquals("warm", read(warm.getInputStream(), false).text());
        }
        List<Socket> slow = new ArrayList<>();
        List<Long> opened = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Socket s = connect(listen);
            slow.add(s);
            opened.add(System.nanoTime());
            tcp.cleanup.add(s);
        }
        long lastOpened = System.nanoTime();
        // a header that never ends, one byte a second on each connection; a connection the proxy
        // has answered (or closed) is left alone, so that no reset overtakes its answer
        byte[] dribble = "GET /slow HTTP/1.1\r\nHost: t\r\nX-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                .getBytes(StandardCharsets.US_ASCII);
        ExecutorService dribbler = Executors.newSingleThreadExecutor();
        tcp.cleanup.add(dribbler::shutdownNow);
        CountDownLatch firstRound = new CountDownLatch(1);
        Future<?> dribbling = dribbler.submit(() -> {
            for (int n = 0; n < dribble.length && !Thread.currentThread().isInterrupted(); n++) {
                for (Socket s : slow) {
                    try {
                        if (s.getInputStream().available() == 0) {
                            s.getOutputStream().write(dribble[n]);
                        }
                    } catch (IOException closed) {
                        // the proxy is done with it
                    }
                }
                firstRound.countDown();
                Thread.sleep(1000); // the pace of the attack
            }
            return null;
        });
        firstRound.await();

        // meanwhile a legitimate client, on new connections and on one kept alive, is answered at once
        List<Long> waits = new ArrayList<>();
        try (Socket kept = connect(listen)) {
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                try (Socket fresh = connect(listen)) {
                    send(fresh, get("/fresh" + i));
                    assertEquals("fresh" + i, read(fresh.getInputStream(), false).text());
                }
                send(kept, get("/kept" + i));
                assertEquals("kept" + i, read(kept.getInputStream(), false).text());
                waits.add((System.nanoTime() - t0) / 1_000_000);
            }
        }
        // well under the 2 s the slow ones are given: nobody waited for them to go (a loaded 2-core box aside)
        assertTrue(waits.stream().allMatch(ms -> ms < 1000), "a legitimate client's waits, ms: " + waits);

        // every slow one is answered 408 and closed: 2 s after its accept, not before
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < slow.size(); i++) {
            outcomes.add(outcome(slow.get(i)));
            long after = System.nanoTime() - opened.get(i);
            assertTrue(after > TimeUnit.MILLISECONDS.toNanos(1900), "closed " + after / 1_000_000 + " ms after its accept");
        }
        long allGone = System.nanoTime() - lastOpened;
        dribbling.cancel(true);
        assertTrue(allGone < TimeUnit.MILLISECONDS.toNanos(4000), "the last slow client went " + allGone / 1_000_000 + " ms after it came");
        long answered = outcomes.stream().filter("HTTP/1.1 408 Request Timeout"::equals).count();
        // the proxy shuts its side after the 408 and closes a second later, so a byte that crosses
        // the 408 on the wire is taken in, not reset: every slow client reads its answer
        assertEquals(300, answered, answered + " of 300 read their 408: " + outcomes);
        assertTrue(tcp.log.stream().filter(l -> l.matches("ft: 127\\.0\\.0\\.1:\\d+ -> bk/<NOSRV> \"<BADREQ>\" 408 \\d+\\.\\d ms cR: "
                + "no whole request head within 2 s")).count() == 300, String.join("\n", tcp.log.subList(0, Math.min(5, tcp.log.size()))));
    }

    @Test
    void anIdleKeepAliveClientIsClosedSilentlyAfterHttpKeepAlive() throws Exception {
        int listen = freePort();
        tcp.proxy(http(listen, ProxyTest.server("web", pathServer()), "timeouts = { http_request = 5, http_keep_alive = 1 }\n"));
        try (Socket s = connect(listen)) {
            send(s, get("/one"));
            assertEquals("one", read(s.getInputStream(), false).text());
            long t0 = System.nanoTime();
            assertEquals("closed", outcome(s), "no answer of its own to a client that asked nothing");
            long waited = System.nanoTime() - t0;
            assertTrue(waited > TimeUnit.MILLISECONDS.toNanos(900) && waited < TimeUnit.MILLISECONDS.toNanos(3000), waited / 1_000_000 + " ms");
        }
        assertTrue(tcp.log.stream().noneMatch(l -> l.contains(" 408 ")), tcp.log.toString());
    }

    @Test
    void theNextRequestsHeadHasHttpRequestFromItsFirstByte() throws Exception {
        int listen = freePort();
        tcp.proxy(http(listen, ProxyTest.server("web", pathServer()), "timeouts = { http_request = 3, http_keep_alive = 1 }\n"));
        try (Socket s = connect(listen)) {
            send(s, get("/one"));
            assertEquals("one", read(s.getInputStream(), false).text());
            Thread.sleep(500); // the client thinks, within http_keep_alive
            send(s, "GET /two HTTP/1.1\r\n");
            Thread.sleep(1000); // past http_keep_alive, within http_request of the first byte
            send(s, "Host: t\r\n\r\n");
            assertEquals("two", read(s.getInputStream(), false).text());
            // and a head begun but never finished is answered 408 once http_request has passed
            send(s, "GET /three HTTP/1.1\r\n");
            long t0 = System.nanoTime();
            assertEquals("HTTP/1.1 408 Request Timeout", outcome(s));
            assertTrue(System.nanoTime() - t0 > TimeUnit.MILLISECONDS.toNanos(2500));
        }
    }

    /** Writes {@code bytes} of a body a byte every 300 ms (the pace of the attack), on a thread of its own, until answered. */
    private void dribble(Socket s, int bytes) {
        ExecutorService dribbler = Executors.newSingleThreadExecutor();
        tcp.cleanup.add(dribbler::shutdownNow);
        dribbler.submit(() -> {
            for (int i = 0; i < bytes; i++) {
                if (s.getInputStream().available() > 0) {
                    return null; // answered: no reset may overtake the answer
                }
                s.getOutputStream().write('x');
                Thread.sleep(300);
            }
            return null;
        });
    }

    @Test
    void aBodyDribbledAByteAtATimeIsCutOffWithItsServerConnection() throws Exception {
        int listen = freePort();
        CompletableFuture<String> serverSaw = new CompletableFuture<>();
        int server = tcp.server(s -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            while (!line(in).isEmpty()) {
                // the head
            }
            int n = 0;
            while (in.read() >= 0) {
                n++;
            }
            serverSaw.complete(n + " bytes of the body, then the end");
        });
        tcp.proxy(http(listen, ProxyTest.server("web", server), "timeouts = { http_body = 1 }\n"));
        try (Socket s = connect(listen)) {
            send(s, "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n");
            long t0 = System.nanoTime();
            dribble(s, 100);
            assertEquals("HTTP/1.1 408 Request Timeout", outcome(s));
            long took = System.nanoTime() - t0;
            assertTrue(took > TimeUnit.MILLISECONDS.toNanos(900) && took < TimeUnit.MILLISECONDS.toNanos(3000), took / 1_000_000 + " ms");
            String saw = serverSaw.get(5, TimeUnit.SECONDS);
            assertTrue(saw.matches("\\d bytes of the body, then the end"), saw);
        }
        assertTrue(tcp.log.stream().anyMatch(l -> l.matches("ft: 127\\.0\\.0\\.1:\\d+ -> bk/web \"POST /upload HTTP/1\\.1\" 408 .* ms cD: "
                + "the request's body fell more than 1 s behind 1 KiB/s")), tcp.log.toString());
    }

    /** 64 KiB at once, then a byte at a time: the burst refills the allowance, and buys no more than it. */
    @Test
    void aBurstBuysNoMoreThanTheAllowanceForADribbleAfterIt() throws Exception {
        int listen = freePort();
        int server = tcp.server(s -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            while (in.read() >= 0) {
                // takes whatever comes
            }
        });
        tcp.proxy(http(listen, ProxyTest.server("web", server), "timeouts = { http_body = 1 }\n"));
        try (Socket s = connect(listen)) {
            send(s, "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 70000\r\n\r\n");
            s.getOutputStream().write(new byte[64 * 1024]); // 64 s of credit, were it banked
            long t0 = System.nanoTime();
            dribble(s, 300);
            assertEquals("HTTP/1.1 408 Request Timeout", outcome(s));
            long took = System.nanoTime() - t0;
            assertTrue(took < TimeUnit.SECONDS.toNanos(5), "cut " + took / 1_000_000 + " ms after the burst, not a minute later");
        }
    }

    @Test
    void aBodyAtAnySensibleRateGoesThrough() throws Exception {
        int listen = freePort();
        CompletableFuture<Integer> serverSaw = new CompletableFuture<>();
        int server = tcp.server(s -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            while (!line(in).isEmpty()) {
                // the head
            }
            byte[] body = in.readNBytes(20 * 1024);
            serverSaw.complete(body.length);
            s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
        });
        tcp.proxy(http(listen, ProxyTest.server("web", server), "timeouts = { http_body = 1 }\n"));
        try (Socket s = connect(listen)) {
            send(s, "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: " + 20 * 1024 + "\r\n\r\n");
            // 2 KiB every 250 ms, 8 KiB/s: 2.5 s in all, longer than http_body, far above 1 KiB/s
            for (int i = 0; i < 10; i++) {
                s.getOutputStream().write(new byte[2048]);
                Thread.sleep(250); // the pace of the upload
            }
            assertEquals(200, read(s.getInputStream(), false).status());
            assertEquals(20 * 1024, serverSaw.get(5, TimeUnit.SECONDS));
        }
    }
}
