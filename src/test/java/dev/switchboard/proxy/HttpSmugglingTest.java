package dev.switchboard.proxy;

import static dev.switchboard.proxy.HttpProxyTest.http;
import static dev.switchboard.proxy.HttpProxyTest.read;
import static dev.switchboard.proxy.HttpProxyTest.send;
import static dev.switchboard.proxy.ProxyTest.connect;
import static dev.switchboard.proxy.ProxyTest.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Request smuggling and lenient parsing, as an attacker tries them: each attack goes through the
 * proxy to a server that records every request it parses (framed strictly, as RFC 9112 says),
 * over a pooled keep-alive connection, and then a victim on another connection from another
 * address asks for its own page. The server must never see a request the attacker hid, and the
 * victim must always get its own answer.
 */
class HttpSmugglingTest {
    private final ProxyTest tcp = new ProxyTest() {
        @Override
        String transport() {
            return HttpSmugglingTest.this.transport();
        }
    };

    String transport() {
        return "epoll";
    }

    /** A request as the recording server parsed it: its server-side connection, line, headers, body. */
    record Seen(int connection, String line, Map<String, List<String>> headers, String body) {
        String path() {
            return line.split(" ")[1];
        }
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** Every request line the server read, as it came: a head whose body it could not parse is here, not in {@link #seen}. */
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        tcp.tearDown();
    }

    /**
     * Keep-alive, framed by Content-Length or chunked, answers each request with its path;
     * anything else closes. Trailers it merges into the head, as some servers do.
     */
    private int recordingServer() throws IOException {
        return tcp.server(s -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                String line = line(in);
                lines.add(line);
                Map<String, List<String>> headers = new LinkedHashMap<>();
                for (String h; !(h = line(in)).isEmpty(); ) {
                    int colon = h.indexOf(':');
                    headers.computeIfAbsent(h.substring(0, colon).toLowerCase(Locale.ROOT), k -> new CopyOnWriteArrayList<>())
                            .add(h.substring(colon + 1).strip());
                }
                String body;
                if (headers.containsKey("transfer-encoding")) {
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    for (int size; (size = Integer.parseInt(line(in).split(";")[0], 16)) > 0; ) {
                        b.write(in.readNBytes(size));
                        line(in);
                    }
                    for (String t; !(t = line(in)).isEmpty(); ) { // trailers, merged into the head as a lax server does
                        int colon = t.indexOf(':');
                        headers.computeIfAbsent(t.substring(0, colon).toLowerCase(Locale.ROOT), k -> new CopyOnWriteArrayList<>())
                                .add(t.substring(colon + 1).strip());
                    }
                    body = b.toString(StandardCharsets.ISO_8859_1);
                } else if (headers.containsKey("content-length")) {
                    body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length").get(0))), StandardCharsets.ISO_8859_1);
                } else {
                    body = "";
                }
                Seen request = new Seen(s.getPort(), line, headers, body);
                seen.add(request);
                String answer = request.path().substring(1);
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + answer.length() + "\r\n\r\n" + answer)
                        .getBytes(StandardCharsets.US_ASCII)); // one write: two would meet Nagle and delayed ACKs
                out.flush();
            }
        });
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("closed");
            }
            b.append((char) c);
        }
        return b.toString().strip();
    }

    private int proxy() throws IOException {
        int listen = freePort();
        tcp.proxy(http(listen, ProxyTest.server("rec", recordingServer()), ""));
        return listen;
    }

    /** A client from 127.0.0.2, not the attacker's 127.0.0.1: it asks for /victim and must get "victim". */
    private void victimGetsItsOwnAnswer(int listen) throws IOException {
        try (Socket v = new Socket()) {
            v.bind(new InetSocketAddress("127.0.0.2", 0));
            v.connect(new InetSocketAddress("127.0.0.1", listen), 2000);
            v.setSoTimeout(10_000);
            send(v, "GET /victim HTTP/1.1\r\nHost: x\r\n\r\n");
            HttpProxyTest.Reply r = read(v.getInputStream(), false);
            assertEquals(200, r.status());
            assertEquals("victim", r.text(), "the victim's own answer");
        }
    }

    private List<String> paths() {
        return seen.stream().map(Seen::path).collect(Collectors.toList());
    }

    /** The bytes of issue 13, item 0, as they were sent: the body hides a request behind "Connection: Content-Length". */
    @Test
    void connectionNamingContentLengthDoesNotUnframeTheBody() throws Exception {
        int listen = proxy();
        String attack = "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 47\r\nConnection: Content-Length\r\n\r\nGET /SMUGGLED HTTP/1.1\r\nHost: x\r\n\r\n";
        String rest = "0123456789ab"; // the 12 bytes still owed to Content-Length: 47
        try (Socket a = connect(listen)) {
            send(a, attack);
            send(a, rest);
            HttpProxyTest.Reply r = read(a.getInputStream(), false);
            assertEquals("a", r.text(), "the attacker gets the answer to its POST");
            againOnTheSameServerConnection(a);
        }
        victimGetsItsOwnAnswer(listen);
        assertEquals(List.of("/a", "/again", "/victim"), paths(), "the server saw three requests, none smuggled");
        assertEquals("GET /SMUGGLED HTTP/1.1\r\nHost: x\r\n\r\n" + rest, seen.get(0).body(), "the hidden request arrived as the POST's body");
        assertEquals(List.of("47"), seen.get(0).headers().get("content-length"));
        assertEquals(seen.get(0).connection(), seen.get(1).connection(), () -> "the next request went over the same server connection: " + seen + "\n" + tcp.log);
    }

    /**
     * The attacker's next request goes over the server connection its POST went over (a
     * connection that carried a body serves only its client again): a body the server had taken
     * for a request would answer it here.
     */
    private static void againOnTheSameServerConnection(Socket attacker) throws IOException {
        send(attacker, "GET /again HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals("again", read(attacker.getInputStream(), false).text());
    }

    @Test
    void connectionNamingTransferEncodingDoesNotUnframeTheBody() throws Exception {
        int listen = proxy();
        String hidden = "GET /SMUGGLED HTTP/1.1\r\nHost: x\r\n\r\n";
        try (Socket a = connect(listen)) {
            send(a, "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: Transfer-Encoding\r\n\r\n"
                    + Integer.toHexString(hidden.length()) + "\r\n" + hidden + "\r\n0\r\n\r\n");
            assertEquals("a", read(a.getInputStream(), false).text());
            againOnTheSameServerConnection(a);
        }
        victimGetsItsOwnAnswer(listen);
        assertEquals(List.of("/a", "/again", "/victim"), paths());
        assertEquals(hidden, seen.get(0).body());
        assertEquals(seen.get(0).connection(), seen.get(1).connection(), () -> "the next request went over the same server connection: " + seen + "\n" + tcp.log);
    }

    @Test
    void connectionNamingHostOrForwardedForKeepsThem() throws Exception {
        int listen = proxy();
        try (Socket a = connect(listen)) {
            send(a, "GET /a HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 192.0.2.9\r\nConnection: Host, X-Forwarded-For, X-Private\r\nX-Private: 1\r\n\r\n");
            assertEquals("a", read(a.getInputStream(), false).text());
        }
        Map<String, List<String>> headers = seen.get(0).headers();
        assertEquals(List.of("x"), headers.get("host"));
        assertEquals(List.of("192.0.2.9, 127.0.0.1"), headers.get("x-forwarded-for"));
        assertTrue(!headers.containsKey("x-private") && !headers.containsKey("connection"), "the others it names are dropped: " + headers);
    }

    /** An application that reads X_Forwarded_For as X-Forwarded-For (CGI, WSGI, PHP) never sees the client's own. */
    @Test
    void aLookalikeOfForwardedForWithUnderscoresNeverReachesTheServer() throws Exception {
        int listen = proxy();
        try (Socket a = connect(listen)) {
            send(a, "GET /a HTTP/1.1\r\nHost: x\r\nX_Forwarded_For: 10.0.0.1\r\nX_Request_Id: 7\r\n\r\n");
            assertEquals("a", read(a.getInputStream(), false).text());
        }
        Map<String, List<String>> headers = seen.get(0).headers();
        assertEquals(List.of("127.0.0.1"), headers.get("x-forwarded-for"));
        assertTrue(!headers.containsKey("x_forwarded_for"), headers.toString());
        assertEquals(List.of("7"), headers.get("x_request_id"), "other names with an underscore pass");
    }

    /** Each is answered by the proxy, closed, and never reaches the server; the victim is served after each. */
    @Test
    void lenientShapesAreRefusedBeforeAnyServerSeesThem() throws Exception {
        int listen = proxy();
        Map<String, Integer> attacks = new LinkedHashMap<>();
        attacks.put("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400);
        attacks.put("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400);
        attacks.put("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
        attacks.put("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", 400);
        attacks.put("POST /a HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
        attacks.put("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n\r\nGET /SMUGGLED HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        attacks.put("GET /a HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400);
        attacks.put("GET /a HTTP/1.1\r\n\r\n", 400);
        attacks.put("GET /a HTTP/2.0\r\nHost: x\r\n\r\n", 505);
        attacks.put("GET /a HTTP/1.9\r\nHost: x\r\n\r\n", 505);
        // a server that matches methods ignoring case would tunnel it
        attacks.put("connect example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n", 405);
        // a server reads the authority and ignores Host (RFC 9112 3.2.2): another virtual host than the one named
        attacks.put("GET http://admin.internal/a HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        attacks.put("GET http://x@admin.internal/a HTTP/1.1\r\nHost: x@admin.internal\r\n\r\n", 400);
        // a server that prefixes its own address to the target fetches from elsewhere
        attacks.put("GET @admin.internal/a HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        attacks.put("GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        // a server that cuts the path at '#' sees /admin where a rule on the path saw a picture
        attacks.put("GET /admin#.png HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        attacks.put("GET /a  HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        // kept as they were: Netty's decoder refuses these
        attacks.put("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /SMUGGLED HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        attacks.put("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 40\r\n\r\nhello", 400);
        attacks.put("GET /a HTTP/1.1\nHost: x\n\n", 400);
        attacks.put("GET /a HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n", 400);
        for (var attack : attacks.entrySet()) {
            try (Socket a = connect(listen)) {
                send(a, attack.getKey());
                HttpProxyTest.Reply r = read(a.getInputStream(), false);
                assertEquals(attack.getValue(), r.status(), attack.getKey());
                assertEquals("close", r.headers().get("connection"));
                assertEquals(-1, a.getInputStream().read(), "closed after the refusal");
            }
            victimGetsItsOwnAnswer(listen);
        }
        assertEquals(java.util.Collections.nCopies(attacks.size(), "GET /victim HTTP/1.1"), lines, "only the victims reached the server");
        assertEquals(attacks.size(), seen.size());
        assertTrue(tcp.log.stream().anyMatch(l -> l.matches("ft: 127\\.0\\.0\\.1:\\d+ -> bk/<NOSRV> \"GET /a HTTP/1\\.1\" 400 \\d+\\.\\d ms PR: two Host headers")), tcp.log.toString());
    }

    /** obs-fold is replaced by a space before the header goes on (RFC 9112 5.2): the server sees one line. */
    @Test
    void foldedHeadersReachTheServerUnfolded() throws Exception {
        int listen = proxy();
        try (Socket a = connect(listen)) {
            send(a, "GET /a HTTP/1.1\r\nHost: x\r\nX-Fold: a\r\n b\r\n\r\n");
            assertEquals("a", read(a.getInputStream(), false).text());
        }
        assertEquals(List.of("a b"), seen.get(0).headers().get("x-fold"));
    }

    /**
     * A trailer field that frames or routes (RFC 9110 6.5.1): a server that merges trailers into
     * the head would take it from a part of the message no rule here looked at. The body's chunks
     * before it went on; the trailer line never does: the client is refused, the server's
     * connection closed with its request unfinished, and the victim served after each.
     */
    @Test
    void trailersThatFrameOrRouteNeverReachTheServer() throws Exception {
        int listen = proxy();
        List<String> fields = List.of("Host: admin.internal", "Content-Length: 40", "Transfer-Encoding: chunked",
                "Connection: close", "X-Forwarded-For: 10.0.0.1");
        for (String field : fields) {
            try (Socket a = connect(listen)) {
                send(a, "POST /t HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n" + field + "\r\n\r\n");
                HttpProxyTest.Reply r = read(a.getInputStream(), false);
                assertEquals(400, r.status(), field);
                assertEquals("close", r.headers().get("connection"));
                assertEquals(-1, a.getInputStream().read(), "closed after the refusal");
            }
            victimGetsItsOwnAnswer(listen);
        }
        assertEquals(java.util.Collections.nCopies(fields.size(), "/victim"), paths(), "no POST was ever whole at the server");
        assertTrue(tcp.log.stream().anyMatch(l -> l.matches("ft: 127\\.0\\.0\\.1:\\d+ -> bk/rec \"POST /t HTTP/1\\.1\" 400 \\d+\\.\\d ms PD: "
                + "the request's body is not valid chunked encoding: a trailer field Host, which only a head may carry")), tcp.log.toString());
        // other trailers pass as they came
        try (Socket a = connect(listen)) {
            send(a, "POST /t HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=\"a\"\r\nhello\r\n0\r\nX-Checksum: 1\r\n\r\n");
            assertEquals("t", read(a.getInputStream(), false).text());
        }
        Seen last = seen.get(seen.size() - 1);
        assertEquals("hello", last.body());
        assertEquals(List.of("1"), last.headers().get("x-checksum"));
        assertEquals(List.of("x"), last.headers().get("host"));
    }

    /** An absolute-form target for the Host it names, and "*" for OPTIONS, go on as they came. */
    @Test
    void anAbsoluteTargetForItsOwnHostAndOptionsStarGoOn() throws Exception {
        int listen = proxy();
        try (Socket a = connect(listen)) {
            send(a, "GET http://X/abs HTTP/1.1\r\nHost: x\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, read(a.getInputStream(), false).status());
            assertEquals(200, read(a.getInputStream(), false).status());
        }
        assertEquals(List.of("GET http://X/abs HTTP/1.1", "OPTIONS * HTTP/1.1"), seen.stream().map(Seen::line).toList());
    }

    /** More requests in one write than Netty's default pipeline depth of 128: every one is answered, in order. */
    @Test
    void deepPipelinesWaitTheirTurnAndAreAllAnswered() throws Exception {
        int listen = proxy();
        int n = 5_000;
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < n; i++) {
            all.append("GET /").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Socket a = connect(listen)) {
            Future<?> written = writer.submit(() -> {
                send(a, all.toString());
                return null;
            });
            InputStream in = new BufferedInputStream(a.getInputStream());
            for (int i = 0; i < n; i++) {
                assertEquals(String.valueOf(i), read(in, false).text());
            }
            written.get();
        } finally {
            writer.shutdownNow();
        }
        assertEquals(n, seen.size());
    }

    @Test
    void aResponseTheServerCutsShortIsLoggedAsCutNotAs200() throws Exception {
        int listen = freePort();
        int cutting = tcp.server(s -> {
            while (!line(s.getInputStream()).isEmpty()) {
                // the request's head
            }
            s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        });
        tcp.proxy(http(listen, ProxyTest.server("cut", cutting), ""));
        try (Socket a = connect(listen)) {
            send(a, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = a.getInputStream();
            byte[] got = in.readAllBytes();
            String text = new String(got, StandardCharsets.US_ASCII);
            assertTrue(text.startsWith("HTTP/1.1 200 OK") && text.endsWith("\r\n\r\nabc"), "the client sees the answer end short: " + text);
        }
        // logged before the proxy closed the client's connection, so before the client read its end
        String line = tcp.log.stream().filter(l -> l.contains("\"GET /a HTTP/1.1\" 200")).findFirst().orElseThrow();
        assertTrue(line.matches("ft: 127\\.0\\.0\\.1:\\d+ -> bk/cut \"GET /a HTTP/1\\.1\" 200 \\d+\\.\\d ms SD"), line);
    }

    /** A stream that begins later (server-sent events): the client has the head before the first byte of the body. */
    @Test
    void aResponseHeadReachesTheClientBeforeItsBodyBegins() throws Exception {
        int listen = freePort();
        java.util.concurrent.CountDownLatch headSeen = new java.util.concurrent.CountDownLatch(1);
        int streaming = tcp.server(s -> {
            while (!line(s.getInputStream()).isEmpty()) {
                // the request's head
            }
            s.getOutputStream().write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            try {
                headSeen.await(); // the body only once the client has the head
            } catch (InterruptedException e) {
                return;
            }
            s.getOutputStream().write("5\r\nhello\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        });
        tcp.proxy(http(listen, ProxyTest.server("sse", streaming), ""));
        try (Socket a = connect(listen)) {
            a.setSoTimeout(10_000); // a head held back until the body comes would never come: the read fails
            send(a, "GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = new BufferedInputStream(a.getInputStream());
            assertEquals("HTTP/1.1 200 OK", line(in));
            while (!line(in).isEmpty()) {
                // the rest of the head
            }
            headSeen.countDown();
            assertEquals("5", line(in));
            assertEquals("hello", line(in));
        }
    }

    /** A server that answers 100 Continue without end is not speaking HTTP: 502, and it serves nobody else. */
    @Test
    void endlessInterimAnswersAreCutOff() throws Exception {
        int listen = freePort();
        int chatty = tcp.server(s -> {
            while (!line(s.getInputStream()).isEmpty()) {
                // the request's head
            }
            byte[] interim = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 100_000; i++) {
                s.getOutputStream().write(interim);
            }
            s.getOutputStream().flush();
        });
        tcp.proxy(http(listen, ProxyTest.server("chatty", chatty), ""));
        try (Socket a = connect(listen)) {
            send(a, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
            String got = new String(a.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(got.contains("HTTP/1.1 502 Bad Gateway"), got.length() > 300 ? got.substring(got.length() - 300) : got);
        }
        assertTrue(tcp.log.stream().anyMatch(l -> l.contains(" 502 ") && l.contains("interim")), tcp.log.toString());
    }

    /**
     * A server that drips its answer head a byte at a time: the server timeout is a deadline for
     * the whole head from the request's last byte, not put off by each byte (which let it hold the
     * client for the head's limit times the timeout, 40 KiB at 1 s a byte being over eleven hours).
     */
    @Test
    void aDrippedHeadEndsAtTheServerTimeoutWithA504() throws Exception {
        int listen = freePort();
        int dripping = tcp.server(s -> {
            while (!line(s.getInputStream()).isEmpty()) {
                // the request's head
            }
            byte[] head = "HTTP/1.1 200 OK\r\nX-Drip: ".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; ; i++) {
                s.getOutputStream().write(i < head.length ? head[i] : 'a');
                s.getOutputStream().flush();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        tcp.proxy(http(listen, ProxyTest.server("drip", dripping), "timeouts = { server = 1 }\n"));
        try (Socket a = connect(listen)) {
            long t0 = System.nanoTime();
            send(a, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
            String got = new String(a.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(got.startsWith("HTTP/1.1 504 "), got);
            assertTrue(millis >= 900 && millis < 3000, millis + " ms");
        }
        assertTrue(tcp.log.stream().anyMatch(l -> l.contains("\"GET /a HTTP/1.1\" 504") && l.contains(" ms sH: ")), tcp.log.toString());
    }

    /** Whole interim answers (102 Processing) keep a slow server's exchange alive past its timeout, as in HAProxy; dripped bytes do not (above). */
    @Test
    void wholeInterimAnswersPutTheHeadDeadlineOff() throws Exception {
        int listen = freePort();
        int working = tcp.server(s -> {
            while (!line(s.getInputStream()).isEmpty()) {
                // the request's head
            }
            for (int i = 0; i < 3; i++) {
                try {
                    Thread.sleep(600);
                } catch (InterruptedException e) {
                    return;
                }
                s.getOutputStream().write("HTTP/1.1 102 Processing\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
            s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\ndone".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        });
        tcp.proxy(http(listen, ProxyTest.server("busy", working), "timeouts = { server = 1 }\n"));
        try (Socket a = connect(listen)) {
            send(a, "GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String got = new String(a.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertEquals(3, got.split("HTTP/1.1 102 Processing\r\n", -1).length - 1, got);
            assertTrue(got.contains("HTTP/1.1 200 OK\r\n") && got.endsWith("\r\n\r\ndone"), got);
        }
    }

    /** A server whose answers to /bad carry a chunk size that is not hex; anything else is answered well. */
    private int badChunkServer() throws IOException {
        return tcp.server(s -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            while (true) {
                String path = line(in).split(" ")[1];
                while (!line(in).isEmpty()) {
                    // the rest of the head
                }
                String answer = path.equals("/bad") ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\nGET /x\r\n"
                        : "HTTP/1.1 200 OK\r\nContent-Length: " + (path.length() - 1) + "\r\n\r\n" + path.substring(1);
                s.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
        });
    }

    @Test
    void aResponseWithABadChunkEndsShortAndItsConnectionIsNotPooled() throws Exception {
        int listen = freePort();
        tcp.proxy(http(listen, ProxyTest.server("bad", badChunkServer()), ""));
        try (Socket a = connect(listen)) {
            send(a, "GET /bad HTTP/1.1\r\nHost: x\r\n\r\n");
            String got = new String(a.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(got.startsWith("HTTP/1.1 200 OK") && !got.endsWith("0\r\n\r\n"), "never a clean end: " + got);
        }
        victimGetsItsOwnAnswer(listen);
        assertTrue(tcp.log.stream().anyMatch(l -> l.contains("\"GET /bad HTTP/1.1\" 200") && l.contains(" SD: ")), tcp.log.toString());
    }

    @Test
    void connectIsRefusedAndNeverReachesAServer() throws Exception {
        int listen = proxy();
        try (Socket a = connect(listen)) {
            send(a, "CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n");
            assertEquals(405, read(a.getInputStream(), false).status());
        }
        victimGetsItsOwnAnswer(listen);
        assertEquals(List.of("/victim"), paths());
    }

    /** A server that answers HEAD with a body too (wrongly), then serves GETs on the same connection. */
    @Test
    void bytesAServerSendsUnaskedNeverReachTheNextClient() throws Exception {
        int listen = freePort();
        int rude = tcp.server(s -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            while (true) {
                String[] requestLine = line(in).split(" ");
                while (!line(in).isEmpty()) {
                    // the rest of the head
                }
                String path = requestLine[1].substring(1);
                String answer = "HTTP/1.1 200 OK\r\nContent-Length: " + path.length() + "\r\n\r\n"
                        + (requestLine[0].equals("HEAD") ? "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nSMUGGLED" : path);
                s.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
        });
        tcp.proxy(http(listen, ProxyTest.server("rude", rude), ""));
        try (Socket a = connect(listen)) {
            send(a, "HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, read(a.getInputStream(), true).status());
        }
        for (int i = 0; i < 3; i++) {
            victimGetsItsOwnAnswer(listen);
        }
    }

    /** The answer a misbehaving server owes, in bytes that read as an answer: whoever takes them gets "SMUGGLED". */
    private static final String OWED = "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nSMUGGLED";

    /**
     * A server that misbehaves at the worst moment: the bytes it owes after an answer (a body its
     * answer declared but may not carry, or the answer to a request hidden in a body it never
     * read: CL.0) it sends only when the next request comes on that connection, ahead of that
     * request's own answer. Listening to an idle connection cannot catch them; whoever sends the
     * next request on that connection gets them.
     */
    private int lateServer() throws IOException {
        return tcp.server(s -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            String owed = "";
            while (true) {
                String path = line(in).split(" ")[1];
                while (!line(in).isEmpty()) {
                    // the rest of the head; a body is never read: to this server it is the next request
                }
                String answer = switch (path) {
                    case "/head" -> "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n"; // to a HEAD: the body "comes later"
                    case "/204" -> "HTTP/1.1 204 No Content\r\nContent-Length: 8\r\n\r\n";
                    case "/304" -> "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n";
                    case "/cl0" -> "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ncl0"; // answered before its body, which is never read
                    case "/SMUGGLED" -> ""; // the request hidden in /cl0's body: answered when the next one comes
                    default -> "HTTP/1.1 200 OK\r\nContent-Length: " + (path.length() - 1) + "\r\n\r\n" + path.substring(1);
                };
                out.write((owed + answer).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                owed = path.equals("/head") || path.equals("/204") || path.equals("/304") || path.equals("/SMUGGLED") ? OWED : "";
            }
        });
    }

    /**
     * Bytes a server owes after an exchange the proxy cannot frame to the end reach only the
     * client of that exchange: its connection serves that client's next requests, never another
     * client's, even while the first stays connected.
     */
    @Test
    void whatAServerOwesAfterAnAnswerWithoutItsDeclaredBodyNeverReachesAnotherClient() throws Exception {
        int listen = freePort();
        tcp.proxy(http(listen, ProxyTest.server("late", lateServer()), ""));
        for (String attack : List.of("HEAD /head", "GET /204", "GET /304")) {
            try (Socket a = connect(listen)) {
                send(a, attack + " HTTP/1.1\r\nHost: x\r\n\r\n");
                HttpProxyTest.Reply r = read(a.getInputStream(), attack.startsWith("HEAD"));
                assertEquals(attack.endsWith("204") ? 204 : attack.endsWith("304") ? 304 : 200, r.status(), attack);
                victimGetsItsOwnAnswer(listen);
            }
        }
    }

    /**
     * CL.0: a server that answers a POST at once and never reads its body takes the body for the
     * next request, here a GET hidden in it, and answers that on the same connection. The
     * connection served a request with a body, so it serves nobody but the client that sent it.
     */
    @Test
    void aBodyTheServerNeverReadAnswersOnlyTheClientThatSentIt() throws Exception {
        int listen = freePort();
        tcp.proxy(http(listen, ProxyTest.server("late", lateServer()), ""));
        String hidden = "GET /SMUGGLED HTTP/1.1\r\nHost: x\r\n\r\n";
        try (Socket a = connect(listen)) {
            send(a, "POST /cl0 HTTP/1.1\r\nHost: x\r\nContent-Length: " + hidden.length() + "\r\n\r\n" + hidden);
            assertEquals("cl0", read(a.getInputStream(), false).text());
            victimGetsItsOwnAnswer(listen);
            victimGetsItsOwnAnswer(listen);
        }
    }

    /** A client that half-closes after pipelined requests: each is answered in turn, then the connection ends. */
    @Test
    void aClientThatHalfClosesAfterPipelinedRequestsGetsEveryAnswerThenTheEnd() throws Exception {
        int listen = proxy();
        try (Socket a = connect(listen)) {
            send(a, "GET /hc3 HTTP/1.1\r\nHost: x\r\n\r\nGET /hc4 HTTP/1.1\r\nHost: x\r\n\r\nGET /half HTTP/1.1\r\nHo");
            a.shutdownOutput();
            InputStream in = a.getInputStream();
            assertEquals("hc3", read(in, false).text());
            assertEquals("hc4", read(in, false).text());
            assertEquals(-1, in.read(), "closed once no whole request is left");
        }
        assertEquals(List.of("/hc3", "/hc4"), paths());
    }

    /** HTTP/1.0 knows no chunked encoding: a server that answers a 1.0 request in it is refused, not passed on. */
    @Test
    void aChunkedAnswerToAnHttp10RequestIsABadGateway() throws Exception {
        int listen = freePort();
        int chunky = tcp.server(s -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            while (true) {
                line(in);
                while (!line(in).isEmpty()) {
                    // the rest of the head
                }
                s.getOutputStream().write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
        });
        tcp.proxy(http(listen, ProxyTest.server("chunky", chunky), ""));
        try (Socket a = connect(listen)) {
            send(a, "GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals(502, read(a.getInputStream(), false).status());
            assertEquals(-1, a.getInputStream().read(), "closed after the refusal");
        }
        try (Socket a = connect(listen)) {
            send(a, "GET /new HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("hello", read(a.getInputStream(), false).text(), "an HTTP/1.1 client reads it");
        }
    }

    @Test
    void anOddlySpelledVersionIsRefusedByTheDecoder() throws Exception {
        int listen = proxy();
        for (String version : List.of("HTTP/1.01", "HTTP/01.1", "HTTP/1.1.1")) { // "http/1.1" Netty takes as HTTP/1.1, and sends on so
            try (Socket a = connect(listen)) {
                send(a, "GET /a " + version + "\r\nHost: x\r\n\r\n");
                assertEquals(400, read(a.getInputStream(), false).status(), version);
            }
        }
        victimGetsItsOwnAnswer(listen);
        assertEquals(List.of("/victim"), paths());
    }

    /** The head of an answer, read off the wire line by line, its body left unread. */
    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (String l; !(l = line(in)).isEmpty(); ) {
            head.append(l).append('\n');
        }
        return head.toString();
    }

    /**
     * A server that answers while the body still comes (it echoes it, a full-duplex exchange):
     * the rest of the body must still reach it once its answer has begun, or both wait forever.
     */
    @Test
    void aBodyStillGoesOnAfterTheAnswerHasBegun() throws Exception {
        int listen = freePort();
        int echo = tcp.server(s -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            line(in);
            int length = 0;
            for (String h; !(h = line(in)).isEmpty(); ) {
                if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).strip());
                }
            }
            byte[] first = in.readNBytes(5);
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(first);
            out.flush();
            out.write(in.readNBytes(length - first.length));
            out.flush();
        });
        tcp.proxy(http(listen, ProxyTest.server("echo", echo), ""));
        try (Socket a = connect(listen)) {
            send(a, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nfirst");
            InputStream in = a.getInputStream();
            assertTrue(head(in).startsWith("HTTP/1.1 200 OK"));
            assertEquals("first", new String(in.readNBytes(5), StandardCharsets.US_ASCII));
            send(a, "second");
            assertEquals("second", new String(in.readNBytes(6), StandardCharsets.US_ASCII));
        }
    }

    /**
     * A server that answers as soon as it has a head and never reads a body (a static file, say):
     * it begins its answer, and ends it once the body has come. To it the body is the next
     * request, here the beginning of one that the next request on the connection completes. The
     * proxy cannot know whether a server that answered before the request ended read the rest, so
     * that connection must never serve anyone else.
     */
    @Test
    void aServerConnectionAnsweredBeforeItsRequestEndedIsNeverPooled() throws Exception {
        int listen = freePort();
        int early = tcp.server(s -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                String path = line(in).split(" ")[1];
                int length = 0;
                for (String h; !(h = line(in)).isEmpty(); ) {
                    if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring(15).strip());
                    }
                }
                if (path.equals("/early")) { // its body is never read as one
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\near".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    in.mark(length);
                    in.readNBytes(length); // the body has come: the proxy passed it on
                    in.reset();
                    out.write("ly".getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + (path.length() - 1) + "\r\n\r\n" + path.substring(1))
                            .getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            }
        });
        tcp.proxy(http(listen, ProxyTest.server("early", early), ""));
        String hidden = "GET /SMUGGLED HTTP/1.1\r\nHost: x\r\nX-Ignore: ";
        try (Socket a = connect(listen)) {
            send(a, "POST /early HTTP/1.1\r\nHost: x\r\nContent-Length: " + hidden.length() + "\r\n\r\n" + hidden.substring(0, 1));
            InputStream in = a.getInputStream();
            assertTrue(head(in).startsWith("HTTP/1.1 200 OK"));
            assertEquals("ear", new String(in.readNBytes(3), StandardCharsets.US_ASCII));
            send(a, hidden.substring(1));
            assertEquals("ly", new String(in.readNBytes(2), StandardCharsets.US_ASCII));
        }
        victimGetsItsOwnAnswer(listen);
    }

    /**
     * A keep-alive client whose every write ends inside the next request's head: the session's
     * buffer is never empty, and must still hold only the bytes not yet taken, not every byte
     * the connection ever brought (each 12 KiB round here, 24 MiB in all).
     */
    @Test
    void aBufferNeverEmptiedHoldsOnlyWhatIsNotTakenYet() throws Exception {
        int listen = freePort();
        int paths = tcp.server(s -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                String path = line(in).split(" ")[1].substring(1);
                while (!line(in).isEmpty()) {
                    // the rest of the head
                }
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + path.length() + "\r\n\r\n" + path).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        });
        tcp.proxy(http(listen, ProxyTest.server("paths", paths), ""));
        ByteBufAllocatorMetric memory = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        String request = "GET /r HTTP/1.1\r\nHost: x\r\nX-Pad: " + "p".repeat(12_000) + "\r\n\r\n";
        int cut = request.length() / 2;
        long before = 0;
        try (Socket a = connect(listen)) {
            InputStream in = new BufferedInputStream(a.getInputStream());
            send(a, request.substring(0, cut));
            for (int i = 0; i < 2048; i++) {
                send(a, request.substring(cut) + request.substring(0, cut));
                assertEquals("r", read(in, false).text());
                if (i == 16) {
                    before = memory.usedDirectMemory();
                }
            }
            long grown = memory.usedDirectMemory() - before;
            assertTrue(grown < 8 << 20, "the proxy's memory grew by " + (grown >> 20) + " MiB");
        }
    }

    /**
     * A server that answers each path as {@code answers} has it (else with the path), reading a
     * Content-Length body first unless it answers "100 Continue" first; each request recorded
     * with its server connection.
     */
    private int scriptedServer(Map<String, String> answers) throws IOException {
        return tcp.server(s -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                String requestLine = line(in);
                lines.add(requestLine);
                String path = requestLine.split(" ")[1];
                int length = 0;
                for (String h; !(h = line(in)).isEmpty(); ) {
                    if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring(15).strip());
                    }
                }
                String answer = answers.getOrDefault(path, "HTTP/1.1 200 OK\r\nContent-Length: " + (path.length() - 1) + "\r\n\r\n" + path.substring(1));
                if (answer.startsWith("HTTP/1.1 100 ")) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    answer = answer.substring(answer.indexOf("\r\n\r\n") + 4);
                }
                String body = answer.startsWith("HTTP/1.1 417 ") ? "" : new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
                seen.add(new Seen(s.getPort(), requestLine, Map.of(), body));
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        });
    }

    /**
     * Answers that a server frames two ways (Transfer-Encoding with Content-Length; Transfer-Encoding
     * in HTTP/1.0, which has none), or past their Content-Length: the client reads them by their
     * chunks, in HTTP/1.1, and the server's connection serves nobody after them, so the victim's
     * request goes over another.
     */
    @Test
    void answersFramedTwoWaysOrPastTheirLengthReachTheClientOneWayAndServeNobodyAfter() throws Exception {
        int listen = freePort();
        tcp.proxy(http(listen, ProxyTest.server("s", scriptedServer(Map.of(
                "/clte", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                "/te10", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                "/extra", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello" + OWED))), ""));
        for (String path : List.of("/clte", "/te10", "/extra")) {
            try (Socket a = connect(listen)) {
                send(a, "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
                InputStream in = new BufferedInputStream(a.getInputStream());
                in.mark(64);
                assertEquals("HTTP/1.1 200 OK", line(in), path + ": in the proxy's own version");
                in.reset();
                HttpProxyTest.Reply r = read(in, false);
                assertEquals("hello", r.text(), path);
                if (!path.equals("/extra")) {
                    assertEquals("chunked", r.headers().get("transfer-encoding"), path);
                    assertEquals(null, r.headers().get("content-length"), path);
                }
                if (path.equals("/te10")) {
                    assertEquals("close", r.headers().get("connection"), "HTTP/1.0 framing is faulty: the client's connection ends too");
                    assertEquals(-1, in.read());
                }
            }
            victimGetsItsOwnAnswer(listen);
            Seen answered = seen.get(seen.size() - 2);
            Seen victim = seen.get(seen.size() - 1);
            assertTrue(answered.connection() != victim.connection(), () -> path + ": the victim went over the same server connection: " + seen);
        }
    }

    /** Expect: 100-continue, and its two answers: 100 then the body goes on; a final one (417) and the client's body never does. */
    @Test
    void aBodyAClientSendsAfterAFinalAnswerToItsExpectNeverReachesTheServer() throws Exception {
        int listen = freePort();
        tcp.proxy(http(listen, ProxyTest.server("s", scriptedServer(Map.of(
                "/continue", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone",
                "/417", "HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n"))), ""));
        try (Socket a = connect(listen)) {
            send(a, "POST /continue HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            InputStream in = new BufferedInputStream(a.getInputStream());
            assertEquals(100, read(in, false).status());
            send(a, "hello");
            assertEquals("done", read(in, false).text());
        }
        String hidden = "GET /SMUGGLED HTTP/1.1\r\nHost: x\r\n\r\n";
        try (Socket a = connect(listen)) {
            send(a, "POST /417 HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: " + hidden.length() + "\r\n\r\n");
            InputStream in = new BufferedInputStream(a.getInputStream());
            HttpProxyTest.Reply r = read(in, false);
            assertEquals(417, r.status());
            send(a, hidden); // the body it announced: whoever reads it as a request, it must not be the server
            assertEquals(-1, in.read(), "the connection ends after the answer");
        } catch (java.net.SocketException reset) {
            // the proxy closed before the body came: the same for the attacker
        }
        victimGetsItsOwnAnswer(listen);
        assertEquals(List.of("POST /continue HTTP/1.1", "POST /417 HTTP/1.1", "GET /victim HTTP/1.1"), lines);
        assertEquals("hello", seen.get(0).body());
    }

    /**
     * HTTP/1.0 has no Upgrade (RFC 9110 7.8): the header is not passed on, and a server that
     * switches protocols all the same is not given the client's connection as a tunnel.
     */
    @Test
    void anUpgradeInHttp10NeverBecomesATunnel() throws Exception {
        int listen = freePort();
        List<String> heads = new CopyOnWriteArrayList<>();
        int switching = tcp.server(s -> {
            InputStream in = new BufferedInputStream(s.getInputStream());
            heads.add(head(in));
            s.getOutputStream().write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\ntunnel".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        });
        tcp.proxy(http(listen, ProxyTest.server("ws", switching), ""));
        try (Socket a = connect(listen)) {
            send(a, "GET /chat HTTP/1.0\r\nUpgrade: websocket\r\nConnection: Upgrade, keep-alive\r\n\r\n");
            String got = new String(a.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(got.startsWith("HTTP/1.1 502 Bad Gateway") && !got.contains("tunnel"), got);
        }
        assertTrue(!heads.get(0).toLowerCase(Locale.ROOT).contains("upgrade"), heads.get(0));
        assertTrue(tcp.log.stream().anyMatch(l -> l.contains("\"GET /chat HTTP/1.0\" 502") && l.contains("switched protocols unasked")), tcp.log.toString());
    }
}
