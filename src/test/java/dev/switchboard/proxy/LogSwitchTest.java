package dev.switchboard.proxy;

import static dev.switchboard.proxy.HttpProxyTest.read;
import static dev.switchboard.proxy.HttpProxyTest.send;
import static dev.switchboard.proxy.ProxyTest.connect;
import static dev.switchboard.proxy.ProxyTest.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `log = false` on a frontend is HAProxy's `no log`: no line per connection or request; errors of servers still said. */
class LogSwitchTest {
    private final ProxyTest tcp = new ProxyTest();

    @AfterEach
    void tearDown() throws Exception {
        tcp.tearDown();
    }

    int answering() throws Exception {
        return tcp.server(s -> {
            InputStream in = s.getInputStream();
            while (true) {
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int c = in.read();
                    if (c < 0) {
                        return;
                    }
                    head.append((char) c);
                }
                s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            }
        });
    }

    @Test
    void aFrontendWithLogFalseWritesNoLinePerRequestOrConnection() throws Exception {
        int http = freePort();
        int relay = freePort();
        int loud = freePort();
        int server = answering();
        Proxy p = tcp.proxy("[frontends.quiet]\nmode = \"http\"\nbackend = \"bk\"\nlog = false\nbinds = [ { address = \"127.0.0.1:" + http + "\" } ]\n"
                + "[frontends.quiet_tcp]\nbackend = \"bk\"\nlog = false\nbinds = [ { address = \"127.0.0.1:" + relay + "\" } ]\n"
                + "[frontends.loud]\nmode = \"http\"\nbackend = \"bk1\"\nbinds = [ { address = \"127.0.0.1:" + loud + "\" } ]\n"
                + "[backends.bk]\nservers = [ " + ProxyTest.server("s", server) + ", " + ProxyTest.server("gone", freePort()) + " ]\n"
                + "[backends.bk1]\nservers = [ " + ProxyTest.server("s", server) + " ]\n");
        for (int i = 0; i < 4; i++) { // round robin: two of them meet the server that is gone, and go to the other
            try (Socket s = connect(http)) {
                send(s, "GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals("ok", read(s.getInputStream(), false).text());
            }
            try (Socket s = connect(relay)) {
                send(s, "GET /y HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals(200, read(s.getInputStream(), false).status());
            }
        }
        // every quiet connection ended, and then a request of a frontend that logs has its line: any line of theirs came before
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (p.stats().frontends().stream().anyMatch(f -> f.current() > 0) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        try (Socket s = connect(loud)) {
            send(s, "GET /z HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("ok", read(s.getInputStream(), false).text());
        }
        while (tcp.log.stream().noneMatch(l -> l.startsWith("loud: ")) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        List<String> traffic = tcp.log.stream().filter(l -> l.contains(" -> ")).toList();
        assertEquals(1, traffic.size(), "no line per request or connection but the loud frontend's: " + traffic);
        assertTrue(traffic.get(0).startsWith("loud: "), traffic.toString());
        assertTrue(tcp.log.stream().anyMatch(l -> l.contains("bk/gone") && l.contains("trying another server")),
                "a server's failure is still said: " + tcp.log);
    }

    @Test
    void byDefaultEveryRequestHasItsLine() throws Exception {
        int http = freePort();
        tcp.proxy(HttpProxyTest.http(http, ProxyTest.server("s", answering()), ""));
        try (Socket s = connect(http)) {
            send(s, "GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("ok", read(s.getInputStream(), false).text());
        }
        // the line is written just after the answer's last byte is flushed: the client may read first
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (tcp.log.stream().noneMatch(l -> l.contains(" -> ")) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(tcp.log.stream().anyMatch(l -> l.matches("ft: 127\\.0\\.0\\.1:\\d+ -> bk/s \"GET /x HTTP/1\\.1\" 200 \\d+\\.\\d ms --")),
                tcp.log.toString());
    }
}
