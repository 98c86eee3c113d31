package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every byte the console sends under TERM=vt100, through every kind of drawing it does (first
 * frame, selection moving, bold and reverse ending, a complete redraw, the help, the messages,
 * quitting), parsed: each escape sequence must be one a VT100 understands.
 */
class ConsoleVt100Test {
    /** What the console writes; each flush (the end of a drawing) is counted and awaited. */
    static final class Capture extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int flushes;

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public synchronized void flush() {
            flushes++;
            notifyAll();
        }

        synchronized int flushes() {
            return flushes;
        }

        synchronized void awaitFlushAfter(int seen, String after) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (flushes <= seen && System.nanoTime() < deadline) {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            String sent = new String(bytes.toByteArray(), StandardCharsets.US_ASCII).replace("\033", "ESC");
            assertTrue(flushes > seen, "the console drew nothing after " + visible(after) + "; the last it sent: "
                    + sent.substring(Math.max(0, sent.length() - 600)));
        }

        synchronized byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    static String visible(String key) {
        return key.replace("\033", "ESC").replace("\n", "Enter").replace("\f", "Ctrl-L");
    }

    /** The console's whole session on a terminal that {@code env} describes, as bytes: keys that exercise each kind of drawing, then q. */
    static byte[] session(Map<String, String> env) throws Exception {
        Capture out = new Capture();
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        Operations ops = ConsoleBench.fixed(new AtomicLong(100));
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread console = new Thread(() -> {
            try {
                ConsoleApp.run(ops, in, out, false, false, ReadOnly.NO, env);
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "console-under-test");
        int before = out.flushes();
        console.start();
        out.awaitFlushAfter(before, "the start"); // the first frame
        String down = "\033[B";
        String enter = "\n"; // as the tty delivers it: the console leaves ICRNL on
        for (String key : List.of("2", down, "d", "n", "3", down, enter, "?", down, "m", "\033", "\f", "q")) {
            int seen = out.flushes();
            keys.write(key.getBytes(StandardCharsets.US_ASCII));
            keys.flush();
            if (!key.equals("q")) {
                out.awaitFlushAfter(seen, key); // each key drawn before the next: a lone Esc must not run into the next key
            }
        }
        console.join(10_000);
        assertTrue(!console.isAlive() && failed.get() == null, "the console ended on q: " + failed.get());
        return out.bytes();
    }

    private static final Pattern POSITION = Pattern.compile("(\\d*(;\\d*)?)?");

    /** Whether a VT100 understands CSI {@code params final} (no intermediate bytes, no private parameters). */
    static boolean vt100(String params, char last) {
        if (!params.matches("[0-9;]*")) {
            return false; // ?25l, ?1049h, >c...: private modes and parameters a VT100 lacks
        }
        return switch (last) {
            case 'H', 'f' -> POSITION.matcher(params).matches();
            case 'J', 'K' -> params.matches("[012]?");
            case 'A', 'B', 'C', 'D' -> params.matches("\\d*");
            case 'r' -> params.matches("(\\d*;\\d*)?");
            case 'm' -> List.of(params.split(";", -1)).stream().allMatch(p -> p.matches("0?|1|4|5|7"));
            default -> false;
        };
    }

    /** Every escape sequence and control character in {@code out} that a VT100 does not understand. */
    static List<String> notVt100(byte[] out) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            int b = out[i] & 0xff;
            if (b == 0x1b) {
                if (i + 1 < out.length && out[i + 1] == '[') {
                    int j = i + 2;
                    while (j < out.length && out[j] >= 0x30 && out[j] <= 0x3f) {
                        j++; // parameter bytes
                    }
                    int k = j;
                    while (k < out.length && out[k] >= 0x20 && out[k] <= 0x2f) {
                        k++; // intermediate bytes
                    }
                    if (k >= out.length) {
                        bad.add("an unfinished CSI at the end");
                        break;
                    }
                    String params = new String(out, i + 2, j - i - 2, StandardCharsets.US_ASCII);
                    String sequence = "ESC[" + new String(out, i + 2, k - i - 1, StandardCharsets.US_ASCII);
                    if (k != j || !vt100(params, (char) out[k])) {
                        bad.add(sequence);
                    }
                    i = k;
                } else if (i + 1 < out.length && "78DEMc".indexOf(out[i + 1]) >= 0) {
                    i++; // DECSC, DECRC, IND, NEL, RI, RIS
                } else {
                    bad.add(i + 1 < out.length ? "ESC " + (char) out[i + 1] : "a lone ESC at the end");
                    i++;
                }
            } else if (b < 0x20 && b != '\r' && b != '\n' && b != '\b') {
                bad.add(String.format("control character 0x%02x", b));
            } else if (b >= 0x7f) {
                bad.add(String.format("byte 0x%02x (not ASCII, with LANG=C)", b));
            }
        }
        return bad;
    }

    @Test
    void underTermVt100EveryByteIsOneAVt100Understands() throws Exception {
        byte[] out = session(Map.of("TERM", "vt100", "LANG", "C"));
        String text = new String(out, StandardCharsets.US_ASCII);
        assertEquals(List.of(), notVt100(out), "sequences a VT100 does not understand");
        assertTrue(text.contains("GATEWAYS") && text.contains("KEYS") && text.contains("a console on fixed answers changes nothing"),
                "the session drew the dashboard, the help and a refusal");
        assertTrue(text.contains("\033[7m") && text.contains("\033[1m") && text.contains("\033[0m"), "reverse and bold, and their end");
        assertTrue(text.contains("\033[2J"), "the complete redraw of Ctrl-L");
        assertTrue(text.endsWith("\033[0m\033[2J\033[1;1H"), "q leaves a clean screen, the cursor home");
    }

    @Test
    void theCheckCatchesWhatAnXtermIsSent() throws Exception {
        List<String> bad = notVt100(session(Map.of("TERM", "xterm", "LANG", "C")));
        assertTrue(bad.contains("ESC[?1049h") && bad.contains("ESC[?25l") && bad.contains("ESC[39m"), bad.toString());
    }
}
