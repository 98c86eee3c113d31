package dev.switchboard.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadParserTest {
    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static RequestHead request(String s) throws BadMessage {
        return new HeadParser(8192, 16384).request(bytes(s));
    }

    private static int refusal(String s) {
        return assertThrows(BadMessage.class, () -> request(s), s).status();
    }

    @Test
    void aRequestHeadIsReadAndWrittenBackByteForByte() throws Exception {
        String text = "POST /a?b=c HTTP/1.1\r\nHost: x\r\nX-Odd-Case: Value with  spaces\r\nContent-Length: 3\r\n\r\n";
        ByteBuf in = bytes(text + "abc");
        RequestHead head = new HeadParser(8192, 16384).request(in);
        assertEquals("POST", head.method());
        assertEquals("/a?b=c", head.target());
        assertEquals(1, head.minor());
        assertEquals("x", head.headers().get("HOST"));
        assertEquals("Value with  spaces", head.headers().get("x-odd-case"));
        assertEquals("abc", in.toString(StandardCharsets.ISO_8859_1), "the body is left where it was");
        assertEquals(text, head.write(ByteBufAllocator.DEFAULT).toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aHeadThatComesAByteAtATimeIsReadOnceWholeAndNothingIsTakenBefore() throws Exception {
        String text = "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\n\r\nGET /next HTTP/1.1\r\n";
        HeadParser parser = new HeadParser(8192, 16384);
        ByteBuf in = Unpooled.buffer();
        RequestHead head = null;
        int end = text.indexOf("\r\n\r\n") + 4;
        for (int i = 0; i < end; i++) {
            assertNull(head, "whole only at the end");
            in.writeByte(text.charAt(i));
            head = parser.request(in);
            if (head == null) {
                assertEquals(0, in.readerIndex(), "nothing taken from a head that is not whole");
            }
        }
        assertNotNull(head);
        assertEquals("1", head.headers().get("a"));
        in.writeCharSequence(text.substring(end), StandardCharsets.ISO_8859_1);
        assertNull(parser.request(in), "the next request's head is not whole yet");
        in.writeCharSequence("Host: y\r\n\r\n", StandardCharsets.ISO_8859_1);
        assertEquals("/next", parser.request(in).target());
    }

    @Test
    void whatIsNotStrictHttp11IsRefusedWithItsStatus() {
        Map<String, Integer> bad = Map.ofEntries(
                Map.entry("GET / HTTP/1.1\nHost: x\n\n", 400),
                Map.entry("GET / HTTP/1.1\r\nHost: x\n\r\n", 400),
                Map.entry("GET / HTTP/1.1\r\nHost: x\ry\r\n\r\n", 400),
                Map.entry("GET / HTTP/1.1\r\nHost: x\0\r\n\r\n", 400),
                Map.entry("GET / HTTP/1.1\r\nBad Name: 1\r\n\r\n", 400),
                Map.entry("GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
                Map.entry("GET / HTTP/1.1\r\n: x\r\n\r\n", 400),
                Map.entry("GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400),
                Map.entry("GET / HTTP/1.1\r\n folded-first\r\n\r\n", 400),
                Map.entry("GET /a b HTTP/1.1\r\n\r\n", 400),
                Map.entry("GET  / HTTP/1.1\r\n\r\n", 400),
                Map.entry("GET /a  HTTP/1.1\r\n\r\n", 400),
                Map.entry("GET /admin#/x.png HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Map.entry("G(T / HTTP/1.1\r\n\r\n", 400),
                Map.entry("GET / HTTP/1.01\r\n\r\n", 400),
                Map.entry("GET / HTTP/01.1\r\n\r\n", 400),
                Map.entry("GET / HTTP/1.1.1\r\n\r\n", 400),
                Map.entry("GET / http/1.1\r\n\r\n", 400),
                Map.entry("GET / HTTP/2.0\r\n\r\n", 505),
                Map.entry("GET / HTTP/1.9\r\n\r\n", 505),
                Map.entry("GET / HTTP/0.9\r\n\r\n", 505));
        bad.forEach((text, status) -> assertEquals(status, refusal(text), text));
    }

    @Test
    void aFoldedLineIsUnfoldedIntoOneSpace() throws Exception {
        assertEquals("a b c", request("GET / HTTP/1.1\r\nHost: x\r\nX-Fold: a\r\n b\r\n\tc\r\n\r\n").headers().get("x-fold"));
    }

    @Test
    void emptyLinesBeforeARequestAreSkipped() throws Exception {
        assertEquals("/", request("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n").target());
    }

    /** The CRLF a client may send after a body (RFC 9112 2.2), its CR and LF in two reads. */
    @Test
    void anEmptyLineSplitBetweenItsCrAndLfIsSkippedToo() throws Exception {
        HeadParser parser = new HeadParser(8192, 16384);
        ByteBuf in = bytes("\r");
        assertNull(parser.request(in));
        in.writeCharSequence("\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.ISO_8859_1);
        assertEquals("/", parser.request(in).target());
    }

    @Test
    void tooLongIsRefusedBeforeTheEndComesSoMemoryStaysBounded() {
        HeadParser parser = new HeadParser(100, 200);
        ByteBuf line = bytes("GET /" + "a".repeat(200)); // no end of line yet
        assertEquals(414, assertThrows(BadMessage.class, () -> parser.request(line)).status());
        HeadParser fields = new HeadParser(100, 200);
        ByteBuf head = bytes("GET / HTTP/1.1\r\n" + "X: 1\r\n".repeat(50)); // no end of head yet
        assertEquals(431, assertThrows(BadMessage.class, () -> fields.request(head)).status());
        HeadParser oneLong = new HeadParser(100, 200);
        ByteBuf value = bytes("GET / HTTP/1.1\r\nX: " + "v".repeat(300));
        assertEquals(431, assertThrows(BadMessage.class, () -> oneLong.request(value)).status());
    }

    @Test
    void aResponseHeadIsRead() throws Exception {
        HeadParser parser = new HeadParser(8192, 16384);
        ResponseHead head = parser.response(bytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(404, head.status());
        assertEquals("Not Found", head.reason());
        assertEquals("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", head.write(ByteBufAllocator.DEFAULT).toString(StandardCharsets.ISO_8859_1));
        assertEquals(200, parser.response(bytes("HTTP/1.0 200\r\n\r\n")).status());
        for (String garbage : new String[] {"SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1.1 099 x\r\n\r\n", "HTTP/1.1 20x OK\r\n\r\n"}) {
            assertEquals(502, assertThrows(BadMessage.class, () -> new HeadParser(8192, 16384).response(bytes(garbage))).status(), garbage);
        }
    }

    @Test
    void headersAreFoundInAnyCaseSetInPlaceAndRemovedAll() {
        Headers h = new Headers().add("Host", "x").add("Via", "1").add("via", "2").add("Accept", "*/*");
        assertEquals(java.util.List.of("1", "2"), h.all("VIA"));
        h.set("VIA", "3");
        assertEquals("Host: x\nVia: 3\nAccept: */*\n", h.toString());
        h.remove("host");
        assertNull(h.get("Host"));
        assertEquals(2, h.size());
        assertEquals(true, new Headers().add("Connection", "keep-alive, Upgrade").hasToken("connection", "upgrade"));
        assertEquals(false, new Headers().add("Connection", "keep-alive, Upgrader").hasToken("connection", "upgrade"));
    }

    /**
     * A value folded over thousands of lines: unfolding it by copying the value so far for each
     * line costs the square of its length (10 ms for one 16 KiB head, a second for 128 KiB);
     * the head's bytes are each to be looked at a few times, not once per line.
     */
    @Test
    void aValueFoldedOverThousandsOfLinesCostsItsLength() throws Exception {
        String text = "GET / HTTP/1.1\r\nHost: x\r\nX-Fold: a\r\n" + " a\r\n".repeat(32_000) + "\r\n";
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            ByteBuf in = bytes(text);
            long t0 = System.nanoTime();
            RequestHead head = new HeadParser(8192, 1 << 20).request(in);
            best = Math.min(best, System.nanoTime() - t0);
            assertEquals(2 * 32_001 - 1, head.headers().get("x-fold").length());
            in.release();
        }
        assertTrue(best < java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50), "the best of five took " + best / 1_000_000 + " ms");
    }

    /**
     * A parsed head's fields are slices of its own bytes, and what the proxy sets or adds is
     * appended to them: however long (beyond the room left after the head), in any case of its
     * name, the head is written with every field where it belongs, as it came or as it was set.
     */
    @Test
    void aParsedHeadEditedIsWrittenWithEveryFieldWhereItBelongs() throws Exception {
        RequestHead head = request("GET /a HTTP/1.1\r\nHost: x\r\nx-forwarded-for:a\r\nConnection: close\r\n"
                + "X-A-Name-Longer-Than-Any-The-Proxy-Knows: 1\r\nCONTENT-length: 0\r\n\r\n");
        String longValue = "b".repeat(300);
        head.headers().set("X-Forwarded-For", longValue).remove("connection").add("Via", "1.1 sb");
        assertEquals("1", head.headers().get("x-a-name-longer-than-any-the-proxy-knows"));
        assertEquals("0", head.headers().get("content-length"));
        assertTrue(head.headers().hasToken("VIA", "sb") == false && head.headers().hasToken("via", "1.1 SB"));
        // a character ISO-8859-1 cannot hold is written as '?', never as its low byte (U+010D would be a CR)
        assertEquals("GET / HTTP/1.1\r\nX: ?\r\n\r\n", new RequestHead("GET", "/", 1, new Headers().add("X", "\u010D"))
                .write(ByteBufAllocator.DEFAULT).toString(StandardCharsets.ISO_8859_1));
        assertEquals("GET /a HTTP/1.1\r\nHost: x\r\nx-forwarded-for: " + longValue + "\r\n"
                + "X-A-Name-Longer-Than-Any-The-Proxy-Knows: 1\r\nCONTENT-length: 0\r\nVia: 1.1 sb\r\n\r\n",
                head.write(ByteBufAllocator.DEFAULT).toString(StandardCharsets.ISO_8859_1));
    }
}
