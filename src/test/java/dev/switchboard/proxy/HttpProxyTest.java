package dev.switchboard.proxy;

import static dev.switchboard.proxy.ProxyTest.connect;
import static dev.switchboard.proxy.ProxyTest.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HTTP mode and PROXY headers from clients, as an HTTP client and server on loopback see them. */
class HttpProxyTest {
    private final ProxyTest tcp = new ProxyTest() {
        @Override
        String transport() {
            return HttpProxyTest.this.transport();
        }
    };

    /** The transport the proxy runs on here (a subclass runs every test on io_uring). */
    String transport() {
        return "epoll";
    }
    /** What the test server saw: each request's client port and X-Forwarded-For. */
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final Set<Integer> serverSidePorts = ConcurrentHashMap.newKeySet();

    @AfterEach
    void tearDown() throws Exception {
        tcp.tearDown();
    }

    /** The JDK's HTTP server: /NAME answers NAME, /big?n answers n pseudo-random bytes, POST answers the body's length and CRC. */
    int httpServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            serverSidePorts.add(exchange.getRemoteAddress().getPort());
            seen.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Forwarded-For")));
            byte[] body;
            if (exchange.getRequestMethod().equals("POST")) {
                CRC32 crc = new CRC32();
                long n = 0;
                byte[] buf = new byte[65536];
                InputStream in = exchange.getRequestBody();
                for (int r; (r = in.read(buf)) > 0; n += r) {
                    crc.update(buf, 0, r);
                }
                body = (n + " " + Long.toHexString(crc.getValue())).getBytes(StandardCharsets.US_ASCII);
            } else if (exchange.getRequestURI().getPath().equals("/big")) {
                body = new byte[Integer.parseInt(exchange.getRequestURI().getQuery())];
                new Random(7).nextBytes(body);
            } else {
                body = exchange.getRequestURI().getPath().substring(1).getBytes(StandardCharsets.US_ASCII);
            }
            reply(exchange, body);
        });
        server.start();
        tcp.cleanup.add(() -> server.stop(0));
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange exchange, byte[] body) throws IOException {
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
        }
        exchange.sendResponseHeaders(200, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!exchange.getRequestMethod().equals("HEAD")) {
                out.write(body);
            }
        }
    }

    static String http(int listen, String servers, String extra) {
        return "[frontends.ft]\nmode = \"http\"\nbackend = \"bk\"\nbinds = [ { address = \"127.0.0.1:" + listen + "\" } ]\n" + extra
                + "\n[backends.bk]\nservers = [ " + servers + " ]\n";
    }

    /** A response as a client reads it off the wire. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.US_ASCII);
        }
    }

    static Reply read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        Map<String, String> headers = new TreeMap<>();
        for (String l; !(l = line(in)).isEmpty(); ) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        byte[] body;
        if (head || status / 100 == 1 || status == 204 || status == 304) {
            body = new byte[0];
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int size; (size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) > 0; ) {
                out.write(in.readNBytes(size));
                line(in);
            }
            line(in);
            body = out.toByteArray();
        } else {
            body = in.readAllBytes();
        }
        return new Reply(status, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed mid-line after \"" + b + "\"");
            }
            b.append((char) c);
        }
        return b.toString().strip();
    }

    static void send(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n";
    }

    @Test
    void keepAliveRequestsShareOneServerConnectionAndCarryTheClientsAddress() throws Exception {
        int listen = freePort();
        Proxy proxy = tcp.proxy(http(listen, ProxyTest.server("web", httpServer()), ""));
        Stats.Snapshot before = proxy.stats();
        try (Socket s = connect(listen)) {
            for (String name : List.of("one", "two", "three")) {
                send(s, get("/" + name));
                Reply r = read(s.getInputStream(), false);
                assertEquals(200, r.status());
                assertEquals(name, r.text());
                assertTrue(!"close".equals(r.headers().get("connection")), r.headers().toString());
            }
        }
        assertEquals(List.of("127.0.0.1", "127.0.0.1", "127.0.0.1"), seen);
        assertEquals(1, serverSidePorts.size(), "three requests, one server connection: " + serverSidePorts);
        Stats.Snapshot after = proxy.stats();
        Stats.FrontendStats ft = after.frontend("ft").orElseThrow();
        assertEquals(List.of(1L, 3L, 0L), List.of(ft.total(), ft.requests(), ft.errors()), "connections, requests, errors");
        assertEquals(3 * get("/one").length() + 2, ft.bytesIn(), "the three requests' bytes");
        assertEquals(3, after.backend("bk").orElseThrow().total(), "requests the backend served");
        assertEquals("UP", after.backend("bk").orElseThrow().state());
        assertTrue(Stats.perSecond(before.frontend("ft").orElseThrow().requests(), ft.requests(), before.nanos(), after.nanos()) > 0);
        assertTrue(tcp.log.stream().anyMatch(l -> l.matches("ft: 127\\.0\\.0\\.1:\\d+ -> bk/web \"GET /two HTTP/1\\.1\" 200 .* ms --")), tcp.log.toString());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        int listen = freePort();
        tcp.proxy(http(listen, ProxyTest.server("web", httpServer()), ""));
        try (Socket s = connect(listen)) {
            send(s, get("/a") + get("/b") + "HEAD /c HTTP/1.1\r\nHost: t\r\n\r\n" + get("/d"));
            assertEquals("a", read(s.getInputStream(), false).text());
            assertEquals("b", read(s.getInputStream(), false).text());
            Reply head = read(s.getInputStream(), true);
            assertEquals(200, head.status());
            assertEquals("1", head.headers().get("content-length"), "HEAD tells the length of what GET would send");
            assertEquals("d", read(s.getInputStream(), false).text());
        }
    }

    @Test
    void anEarlierForwardedForIsKeptAndTheClientAppended() throws Exception {
        int listen = freePort();
        tcp.proxy(http(listen, ProxyTest.server("web", httpServer()), ""));
        try (Socket s = connect(listen)) {
            send(s, "GET /x HTTP/1.1\r\nHost: t\r\nX-Forwarded-For: 192.0.2.1\r\n\r\n");
            assertEquals(200, read(s.getInputStream(), false).status());
        }
        assertEquals(List.of("192.0.2.1, 127.0.0.1"), seen);
    }

    @Test
    void largeBodiesGoBothWaysByteExact() throws Exception {
        int listen = freePort();
        tcp.proxy(http(listen, ProxyTest.server("web", httpServer()), ""));
        byte[] upload = new byte[8 << 20];
        new Random(3).nextBytes(upload);
        CRC32 crc = new CRC32();
        crc.update(upload);
        try (Socket s = connect(listen)) {
            // chunked upload: the proxy re-frames it towards the server
            send(s, "POST /up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
            OutputStream out = s.getOutputStream();
            for (int off = 0; off < upload.length; off += 100_000) {
                int n = Math.min(100_000, upload.length - off);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(upload, off, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(upload.length + " " + Long.toHexString(crc.getValue()), read(s.getInputStream(), false).text());

            send(s, get("/big?" + (16 << 20)));
            byte[] expected = new byte[16 << 20];
            new Random(7).nextBytes(expected);
            Reply big = read(s.getInputStream(), false);
            assertEquals(200, big.status());
            assertTrue(java.util.Arrays.equals(expected, big.body()), "16 MiB response intact");
        }
    }

    @Test
    void headersTooLargeGet431AndGarbageGets400() throws Exception {
        int listen = freePort();
        Proxy proxy = tcp.proxy(http(listen, ProxyTest.server("web", httpServer()), ""));
        try (Socket s = connect(listen)) {
            send(s, "GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
            Reply r = read(s.getInputStream(), false);
            assertEquals(431, r.status());
            assertEquals("close", r.headers().get("connection"));
            assertEquals(-1, s.getInputStream().read(), "closed after the refusal");
        }
        try (Socket s = connect(listen)) {
            send(s, "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(414, read(s.getInputStream(), false).status());
        }
        try (Socket s = connect(listen)) {
            send(s, "\u0016\u0003\u0001garbage that is no request\r\n\r\n");
            assertEquals(400, read(s.getInputStream(), false).status());
        }
        assertTrue(seen.isEmpty(), "nothing reached the server: " + seen);
        assertEquals(3, proxy.stats().frontends().get(0).errors());
    }

    @Test
    void noServerToAskGets503() throws Exception {
        int listen = freePort();
        tcp.proxy(http(listen, ProxyTest.server("gone", freePort()), ""));
        try (Socket s = connect(listen)) {
            send(s, get("/"));
            Reply r = read(s.getInputStream(), false);
            assertEquals(503, r.status());
            assertEquals("503 Service Unavailable\n", r.text());
        }
    }

    @Test
    void aServerThatClosesWithoutAnsweringGives502() throws Exception {
        int listen = freePort();
        int rude = tcp.server(s -> {
            line(s.getInputStream()); // the request line, then nothing
        });
        tcp.proxy(http(listen, ProxyTest.server("rude", rude), ""));
        try (Socket s = connect(listen)) {
            send(s, get("/"));
            assertEquals(502, read(s.getInputStream(), false).status());
        }
    }

    @Test
    void aClientThatLeavesWhileItsServerConnectionIsBeingMadeIsLoggedAndCounted() throws Exception {
        int listen = freePort();
        // a server whose accept queue is full: a new connection to it waits, its SYNs unanswered
        java.net.ServerSocket full = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        List<java.nio.channels.SocketChannel> queued = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open();
                c.configureBlocking(false);
                c.connect(full.getLocalSocketAddress());
                queued.add(c);
            }
            Proxy p = tcp.proxy(http(listen, ProxyTest.server("full", full.getLocalPort()), "timeouts = { connect = 30 }\n"));
            try (Socket s = connect(listen)) {
                send(s, get("/gone"));
                long deadline = System.nanoTime() + 10_000_000_000L; // the request is taken before its server is connected
                while (p.stats().frontends().get(0).http().requests() < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                s.setSoLinger(true, 0); // a reset, as a client that gives up does
            }
            long deadline = System.nanoTime() + 10_000_000_000L; // well before the 30 s connect timeout
            while (tcp.log.stream().noneMatch(l -> l.contains("/gone")) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            String line = tcp.log.stream().filter(l -> l.contains("/gone")).findFirst().orElse("no line for /gone in " + tcp.log);
            assertTrue(line.contains(" -1 ") && line.contains("<NOSRV>") && line.contains("CC: the client left while a connection to full was being made"),
                    line);
            assertEquals(1, p.stats().frontends().get(0).http().requests());
        } finally {
            for (java.nio.channels.SocketChannel c : queued) {
                c.close();
            }
            full.close();
        }
    }

    @Test
    void aServerTooSlowToAnswerGives504() throws Exception {
        int listen = freePort();
        int slow = tcp.server(s -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        tcp.proxy(http(listen, ProxyTest.server("slow", slow), "timeouts = { server = 1 }\n"));
        try (Socket s = connect(listen)) {
            long start = System.nanoTime();
            send(s, get("/"));
            assertEquals(504, read(s.getInputStream(), false).status());
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "answered after the 1 s server timeout, not the server's 10 s");
        }
    }

    @Test
    void aKeepAliveConnectionTheServerDroppedIsReplacedUnseen() throws Exception {
        int listen = freePort();
        // promises keep-alive, then hangs up right after each answer
        int fickle = tcp.server(s -> {
            InputStream in = s.getInputStream();
            while (!line(in).isEmpty()) {
                // the request's head
            }
            s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        });
        tcp.proxy(http(listen, ProxyTest.server("fickle", fickle), ""));
        try (Socket s = connect(listen)) {
            for (int i = 0; i < 20; i++) {
                send(s, get("/"));
                Reply r = read(s.getInputStream(), false);
                assertEquals(200, r.status(), "request " + i);
                assertEquals("ok", r.text());
            }
        }
    }

    @Test
    void aWebSocketUpgradeIsPassedOnAndThenRelayedAsBytes() throws Exception {
        int listen = freePort();
        List<String> heads = new CopyOnWriteArrayList<>();
        int ws = tcp.server(s -> {
            StringBuilder head = new StringBuilder();
            for (String l; !(l = line(s.getInputStream())).isEmpty(); ) {
                head.append(l).append('\n');
            }
            heads.add(head.toString());
            // the switch and the server's first frame in one write: the proxy must not lose it
            s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\nhello").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.getInputStream().transferTo(s.getOutputStream());
        });
        Proxy proxy = tcp.proxy(http(listen, ProxyTest.server("ws", ws), ""));
        try (Socket s = connect(listen)) {
            send(s, "GET /chat HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            Reply switched = read(s.getInputStream(), false);
            assertEquals(101, switched.status());
            assertEquals("websocket", switched.headers().get("upgrade"));
            assertEquals("hello", new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
            byte[] frame = new byte[100_000];
            new Random(9).nextBytes(frame);
            s.getOutputStream().write(frame);
            assertTrue(java.util.Arrays.equals(frame, s.getInputStream().readNBytes(frame.length)), "bytes both ways, untouched");
        }
        String head = heads.get(0);
        assertTrue(head.toLowerCase(Locale.ROOT).contains("upgrade: websocket\n") && head.toLowerCase(Locale.ROOT).contains("connection: upgrade\n"),
                head);
        assertTrue(head.contains("X-Forwarded-For: 127.0.0.1"), head);
        assertTrue(tcp.log.stream().anyMatch(l -> l.endsWith("\"GET /chat HTTP/1.1\" 101 switched to websocket")), tcp.log.toString());
        assertTrue(proxy.stats().frontends().get(0).bytesIn() > 100_000, "counted once, at the wire");
    }

    @Test
    void anHttp10ClientWithoutKeepAliveIsClosedAfterItsAnswer() throws Exception {
        int listen = freePort();
        tcp.proxy(http(listen, ProxyTest.server("web", httpServer()), ""));
        try (Socket s = connect(listen)) {
            send(s, "GET /old HTTP/1.0\r\n\r\n");
            Reply r = read(s.getInputStream(), false);
            assertEquals("old", r.text());
            assertEquals(-1, s.getInputStream().read());
        }
    }

    @Test
    void acceptProxyTakesTheClientFromTheHeaderInHttpMode() throws Exception {
        int listen = freePort();
        tcp.proxy(http(listen, ProxyTest.server("web", httpServer()), "").replaceFirst(" } ]", ", accept_proxy = true } ]"));
        try (Socket s = connect(listen)) {
            send(s, "PROXY TCP4 198.51.100.7 10.0.0.1 40000 80\r\n" + get("/p") + get("/q"));
            assertEquals("p", read(s.getInputStream(), false).text());
            assertEquals("q", read(s.getInputStream(), false).text());
        }
        try (Socket s = connect(listen)) {
            send(s, get("/no-header"));
            assertEquals(-1, s.getInputStream().read(), "a connection without the header is dropped");
        }
        assertEquals(List.of("198.51.100.7", "198.51.100.7"), seen);
    }

    @Test
    void acceptProxyInTcpModePassesTheRealClientOnWithSendProxy() throws Exception {
        int listen = freePort();
        List<String> sources = new CopyOnWriteArrayList<>();
        int backend = tcp.server(s -> {
            byte[] fixed = s.getInputStream().readNBytes(16);
            byte[] addresses = s.getInputStream().readNBytes(((fixed[14] & 0xff) << 8) | (fixed[15] & 0xff));
            sources.add((addresses[0] & 0xff) + "." + addresses[1] + "." + addresses[2] + "." + addresses[3] + ":"
                    + (((addresses[8] & 0xff) << 8) | (addresses[9] & 0xff)));
            s.getOutputStream().write(s.getInputStream().readNBytes(5));
        });
        tcp.proxy(ProxyTest.tcp(listen, "{ name = \"s\", address = \"127.0.0.1:" + backend + "\" }", "")
                .replaceFirst(" } ]", ", accept_proxy = true } ]").replace("\" } ]", "\", send_proxy = true } ]"));
        // a v2 header split across two writes, with the payload right behind it
        byte[] v2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11, 0x00, 0x0C,
            (byte) 203, 0, 113, 9, 10, 0, 0, 1, (byte) 0x9c, 0x40, 0x00, 0x50};
        try (Socket s = connect(listen)) {
            s.getOutputStream().write(v2, 0, 10);
            s.getOutputStream().flush();
            Thread.sleep(50);
            s.getOutputStream().write(v2, 10, v2.length - 10);
            s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertEquals("hello", new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
        }
        assertEquals(List.of("203.0.113.9:40000"), sources, "the server is told of the client the first proxy named");
    }
}
