package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.http1.BadMessage;
import dev.switchboard.http1.HeadParser;
import dev.switchboard.http1.Headers;
import dev.switchboard.http1.ResponseHead;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HttpRulesTest {
    @Test
    void connectionDropsWhatItNamesButNeverFramingOrRouting() {
        Headers headers = new Headers().add("Host", "x").add("Content-Length", "3").add("X-Private", "1").add("x-private", "2")
                .add("Keep-Alive", "5").add("Connection", "x-PRIVATE, Content-Length, host").add("Other", "y");
        HttpRules.dropHopByHop(headers);
        assertEquals("Host: x\nContent-Length: 3\nOther: y\n", headers.toString());
    }

    /**
     * A head of 16 KiB, the most a client may send: a Connection header naming 3,000 fields and
     * 2,500 fields after it. Removing each named one by a scan of all the others is 7.5 million
     * comparisons for one request; an attacker's few requests a second would take a core.
     */
    @Test
    void aConnectionHeaderNamingThousandsOfFieldsCostsOnePass() {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            Headers headers = new Headers().add("Host", "x").add("Connection", "a,".repeat(2999) + "a");
            for (int i = 0; i < 2500; i++) {
                headers.add("b", "");
            }
            long t0 = System.nanoTime();
            HttpRules.dropHopByHop(headers);
            best = Math.min(best, System.nanoTime() - t0);
            assertEquals(2501, headers.size());
            assertNull(headers.get("connection"));
        }
        assertTrue(best < TimeUnit.MILLISECONDS.toNanos(20), "the best of five took " + best / 1_000_000 + " ms");
    }

    @Test
    void aTargetIsAPathAStarForOptionsOrAnHttpUriForItsOwnHost() {
        assertNull(HttpRules.target("GET", "/a?b", "x"));
        assertNull(HttpRules.target("OPTIONS", "*", "x"));
        assertNull(HttpRules.target("GET", "http://x/a", "x"));
        assertNull(HttpRules.target("GET", "HTTPS://X:8443?q", "x:8443"));
        assertNull(HttpRules.target("GET", "http://x", null)); // HTTP/1.0 without Host: the authority is the only one
        assertNull(HttpRules.target("GET", "http://x:80/a", "x")); // a scheme's default port is no other host (as HAProxy has it)
        assertNull(HttpRules.target("GET", "https://x/a", "x:443"));
        assertNull(HttpRules.target("GET", "http://x:/a", "x"));
        for (String[] bad : new String[][] {{"GET", "*"}, {"GET", "http://admin.internal/"}, {"GET", "http://x@admin.internal/"},
                {"GET", "http:///a"}, {"GET", "@admin.internal/"}, {"GET", "x:80"}, {"GET", "file:///etc/passwd"}, {"GET", "ftp://x/"},
                {"GET", "http://x:8080/"}, {"GET", "https://x:80/"}, {"GET", "*/a"}}) {
            assertTrue(HttpRules.target(bad[0], bad[1], "x") != null, bad[1]);
        }
    }

    @Test
    void namesThatReadAsFramingRoutingOrTheClientsAddressWithUnderscoresAreDropped() {
        Headers headers = new Headers().add("Host", "x").add("X_Forwarded_For", "10.0.0.1").add("content_length", "5")
                .add("Transfer_Encoding", "chunked").add("HOST_", "y").add("X_Request_Id", "7").add("Ho_st", "z");
        HttpRules.dropLookalikes(headers);
        assertEquals("Host: x\nHOST_: y\nX_Request_Id: 7\nHo_st: z\n", headers.toString());
    }

    /**
     * How a hostile server's answer head is framed: a length that is not one number of at most 18
     * digits cannot frame (null: a 502), and chunked frames only as the last coding, else the body
     * runs to the close (RFC 9112 6.3).
     */
    @Test
    void aServersAnswerIsFramedOneWayOrNotAtAll() throws BadMessage {
        var get = new HeadParser(8192, 16384).request(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));
        for (String lengths : new String[] {"Content-Length: -1", "Content-Length: 1000000000000000000000000000000",
                "Content-Length: 5\r\nContent-Length: 6", "Content-Length: 5\r\nContent-Length: 5", "Content-Length: 5, 5",
                "Content-Length: +5", "Content-Length: 0x5", "Content-Length: "}) {
            assertNull(HttpRules.framing(response("HTTP/1.1 200 OK\r\n" + lengths + "\r\n\r\n"), get), lengths);
        }
        assertEquals(HttpRules.Framing.CHUNKED, HttpRules.framing(response("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"), get));
        assertEquals(HttpRules.Framing.UNTIL_CLOSE, HttpRules.framing(response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"), get));
        ResponseHead both = response("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertEquals(HttpRules.Framing.CHUNKED, HttpRules.framing(both, get));
        assertTrue(HttpRules.framedTwice(both), "the server connection is not trusted again");
    }

    /**
     * Status lines and fields a server may not send are refused (a field's refusal carries a
     * request's status, but any refusal of an answer head is a 502, see ServerConnection).
     */
    @Test
    void malformedAnswerHeadsAreBadGateways() {
        for (String head : new String[] {"HTTP/1.1 20 OK\r\n\r\n", "HTTP/2.0 200\r\n\r\n", "ICY 200 OK\r\n\r\n",
                "HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n", "HTTP/1.1 200 OK\nX: a\n\n", "HTTP/1.1 200 OK\r\nX: a\nY: b\r\n\r\n",
                "HTTP/1.1 200 O\rK\r\n\r\n", "HTTP/1.1 200 OK\r\nX : a\r\n\r\n"}) {
            try {
                response(head);
                throw new AssertionError("read: " + head);
            } catch (BadMessage refused) {
                // a 502
            }
        }
    }

    private static ResponseHead response(String head) throws BadMessage {
        return new HeadParser(8192, 16384).response(Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1));
    }
}
