package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.http1.Headers;
import dev.switchboard.http1.RequestHead;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The request log's lines: HAProxy's shape, and nothing allocated for one beyond the line itself. */
class AccessLogTest {
    private static final RequestHead GET = new RequestHead("GET", "/index.html", 1, new Headers());

    @Test
    void aLineSaysWhoAskedWhatWhoAnsweredHowAndHowItEnded() {
        assertEquals("ft: 10.0.0.9:5000 -> bk/web1 \"GET /index.html HTTP/1.1\" 200 1.2 ms --",
                AccessLog.exchange("ft", "10.0.0.9:5000", "bk", "web1", GET, 200, 1_234_567, "--"));
        assertEquals("ft: 10.0.0.9:5000 -> bk/<NOSRV> \"<BADREQ>\" 400 0.0 ms PR: a line ends in a bare LF",
                AccessLog.exchange("ft", "10.0.0.9:5000", "bk", AccessLog.NO_SERVER, null, 400, 12_000, "PR: a line ends in a bare LF"));
        assertEquals("ft: 10.0.0.9:5000 -> bk/web1 \"GET /chat HTTP/1.1\" 101 switched to websocket",
                AccessLog.switched("ft", "10.0.0.9:5000", "bk", "web1", new RequestHead("GET", "/chat", 1, new Headers()), "websocket"));
    }

    /** A refusal quotes what the client wrote: a control character in it reaches the log as \\xNN, never raw. */
    @Test
    void whatAClientWroteReachesTheLogWithoutControlCharacters() {
        String line = AccessLog.exchange("ft", "c", "bk", AccessLog.NO_SERVER, null, 400, 0,
                "PR: Transfer-Encoding \"\u009b31mRED\u001b[0m\t\" is not exactly \"chunked\"");
        assertTrue(line.endsWith("PR: Transfer-Encoding \"\\x9b31mRED\\x1b[0m\\x09\" is not exactly \"chunked\""), line);
        assertTrue(line.chars().allMatch(c -> c >= 0x20 && c <= 0x7e), line);
        assertEquals("--", AccessLog.printable("--"));
    }

    @Test
    void aLongUriIsCutAsHaproxyCutsIt() {
        String line = AccessLog.exchange("ft", "c", "bk", "s", new RequestHead("GET", "/" + "a".repeat(5000), 0, new Headers()), 200, 0, "--");
        assertEquals("ft: c -> bk/s \"GET /" + "a".repeat(AccessLog.LOGGED_URI - 1) + "... HTTP/1.0\" 200 0.0 ms --", line);
    }

    @Test
    void aLineAllocatesItselfAndNothingElse() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        int calls = 20_000;
        int lineBytes = AccessLog.exchange("ft", "10.0.0.9:5000", "bk", "web1", GET, 200, 1_234_567, "--").length();
        long allocated = 0;
        long characters = 0; // each line is used, so the compiler cannot leave any out
        for (int round = 0; round < 3; round++) { // the first rounds link the concatenation and compile it
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < calls; i++) {
                characters += AccessLog.exchange("ft", "10.0.0.9:5000", "bk", "web1", GET, 200, 1_234_567 + i % 3, "--").length();
            }
            allocated = threads.getThreadAllocatedBytes(tid) - before;
        }
        assertEquals(3L * calls * lineBytes, characters);
        // a String (24 bytes) and its Latin-1 array (16 bytes of header, the bytes, padding to 8)
        long oneLine = 24 + 16 + (lineBytes + 7) / 8 * 8;
        assertTrue(allocated <= calls * oneLine + 4096, allocated / calls + " bytes a line of " + lineBytes + " characters, " + oneLine + " expected");
    }
}
