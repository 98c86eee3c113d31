package dev.switchboard.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyTest {
    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    /** Feeds {@code text} in pieces of {@code step} bytes, taking what the body says is its own; returns what it took. */
    private static String feed(Body body, String text, int step) throws BadMessage {
        ByteBuf in = Unpooled.buffer();
        StringBuilder took = new StringBuilder();
        for (int i = 0; i < text.length() && !body.done(); i += step) {
            in.writeCharSequence(text.substring(i, Math.min(text.length(), i + step)), StandardCharsets.ISO_8859_1);
            int n = body.take(in);
            took.append(in.readSlice(n).toString(StandardCharsets.ISO_8859_1));
        }
        return took.toString();
    }

    @Test
    void aLengthIsCountedDownAndTheNextRequestLeftAlone() throws Exception {
        Body body = Body.length(5);
        ByteBuf in = bytes("helloGET /");
        assertEquals(5, body.take(in));
        assertTrue(body.done());
    }

    @Test
    void chunksPassAsTheyCameInOnePieceOrAByteAtATime() throws Exception {
        String chunked = "5;name=value\r\nhello\r\n6 ;x\r\n world\r\n0000000000000000\r\nTrailer: yes\r\n\r\n";
        for (int step : new int[] {1, 2, 3, 7, chunked.length()}) {
            Body body = Body.chunked();
            assertEquals(chunked, feed(body, chunked + "GET /next", step), "in pieces of " + step);
            assertTrue(body.done());
        }
    }

    @Test
    void aChunkSizeThatOverflowsIsRefusedBeforeAnyOfItIsPassedOn() throws Exception {
        Body body = Body.chunked();
        ByteBuf in = bytes("fffffffffffffff"); // 15 digits: fine so far, but half a size line is never passed on
        assertEquals(0, body.take(in));
        in.writeCharSequence("f\r\n", StandardCharsets.ISO_8859_1);
        assertEquals(400, assertThrows(BadMessage.class, () -> body.take(in)).status());
    }

    @Test
    void whatWasFineGoesOnAndTheErrorComesNext() throws Exception {
        Body body = Body.chunked();
        ByteBuf in = bytes("3\r\nabc\r\nzz\r\n");
        assertEquals("3\r\nabc\r\n", in.readSlice(body.take(in)).toString(StandardCharsets.ISO_8859_1));
        assertThrows(BadMessage.class, () -> body.take(in));
        assertFalse(body.done());
    }

    @Test
    void brokenFramingIsRefused() {
        for (String bad : new String[] {"x\r\n", "5\r\nhelloXX", "5\nhello\r\n", "5\r\nhello\r\n0\r\nBad\0Trailer\r\n\r\n",
                "5;" + "e".repeat(5000) + "\r\n", "-1\r\n", " 5\r\n",
                "5 \r\nhello\r\n0\r\n\r\n", // spaces after a size without an extension
                "00000000000000005\r\nhello\r\n0\r\n\r\n", // 17 digits: a server keeping 16 reads 0
                "0\r\nGET /x HTTP/1.1\r\n\r\n", // a trailer that is not a field
                "0\r\nA: 1\r\n folded\r\n\r\n", // nor a folded one
                "0\r\n: no name\r\n\r\n",
                "0x5\r\nhello\r\n0\r\n\r\n", // a C-style prefix: a server that reads it so would frame differently
                "0\r\nA: 1\nB: 2\r\n\r\n", // a bare LF in a trailer
                "0\r\nA: 1\r\n\n", // nor as the trailer section's end
                "0\r\nA: " + "a".repeat(Body.MAX_TRAILER) + "\r\n\r\n"}) {
            Body body = Body.chunked();
            ByteBuf in = bytes(bad);
            assertThrows(BadMessage.class, () -> {
                in.skipBytes(body.take(in)); // what was fine before the error goes on first
                body.take(in);
            }, bad);
        }
    }

    /** A trailer field a server could merge into the head as framing, routing or the client's address. */
    @Test
    void trailerFieldsThatFrameOrRouteAreRefusedBeforeTheirLineGoesOn() throws Exception {
        for (String field : new String[] {"Content-Length: 0", "transfer-encoding: chunked", "Host: admin.internal", "Connection: close",
                "TE: trailers", "Upgrade: websocket", "X-Forwarded-For: 10.0.0.1", "Keep-Alive: 5", "Expect: 100-continue"}) {
            Body body = Body.chunked();
            ByteBuf in = bytes("5\r\nhello\r\n0\r\nX-Ok: 1\r\n" + field + "\r\n\r\n");
            assertEquals("5\r\nhello\r\n0\r\nX-Ok: 1\r\n", in.readSlice(body.take(in)).toString(StandardCharsets.ISO_8859_1), field);
            BadMessage bad = assertThrows(BadMessage.class, () -> body.take(in), field);
            assertEquals(400, bad.status());
            assertTrue(bad.getMessage().contains(field.substring(0, field.indexOf(':'))), bad.getMessage());
        }
        String allowed = "1;ext=\"a;b\"\r\na\r\n0\r\nX-Hosted: 1\r\nContent-Lengths: 2\r\nServer-Timing: db;dur=53\r\n\r\n";
        Body body = Body.chunked();
        assertEquals(allowed, feed(body, allowed, 1), "other fields, and names that only begin like them, pass");
        assertTrue(body.done());
    }

    @Test
    void aBodyUntilCloseTakesEverythingAndNeverEndsByItself() throws Exception {
        Body body = Body.untilClose();
        assertEquals(9, body.take(bytes("all of it")));
        assertFalse(body.done());
    }
}
