package dev.switchboard.config;

import java.util.Arrays;
import java.util.BitSet;

/** A text's lines by number (1-based), without their line ends; a line past the end is empty. */
final class Lines {
    private final String text;
    private final int[] starts;
    /** Lines holding a character outside the BMP: only there do a column's code points and chars differ. */
    private final BitSet astral = new BitSet();

    Lines(String text) {
        this.text = text;
        int[] s = new int[64];
        int n = 0;
        s[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                if (n == s.length) {
                    s = Arrays.copyOf(s, n * 2);
                }
                s[n++] = i + 1;
            } else if (Character.isSurrogate(c)) {
                astral.set(n - 1); // the line that began at s[n - 1]
            }
        }
        this.starts = Arrays.copyOf(s, n);
    }

    int count() {
        return starts.length;
    }

    String line(int number) {
        if (number < 1 || number > starts.length) {
            return "";
        }
        return text.substring(start(number), end(number));
    }

    private int start(int number) {
        return starts[number - 1];
    }

    /** Where the line ends, before its '\n' or "\r\n". */
    private int end(int number) {
        int from = starts[number - 1];
        int to = number < starts.length ? starts[number] - 1 : text.length();
        if (to > from && text.charAt(to - 1) == '\r') {
            to--;
        }
        return Math.max(from, to);
    }

    /** Characters kept each side of the column: one more than {@link Excerpt} shows, so it still sees where the line was cut. */
    static final int MARGIN = Excerpt.WIDTH + 1;

    /** A bounded part of a line: its text, and how many code points of the line come before it. */
    record Window(String text, int skipped) {}

    /**
     * The part of a line that an {@link Excerpt} at {@code column} (1-based, code points; 0 unknown)
     * shows, never the whole of a long line: a problem keeps this, and a megabyte line may have
     * thousands of problems. {@link Excerpt#of} draws the same from it as from the whole line.
     */
    Window window(int number, int column) {
        if (number < 1 || number > starts.length) {
            return new Window("", 0);
        }
        int from = start(number);
        int to = end(number);
        int at;
        if (column <= 1) {
            at = from;
        } else if (!astral.get(number - 1)) {
            at = Math.min(to, from + column - 1);
        } else { // code points are counted only on a line that holds astral characters
            at = from;
            for (int n = 1; n < column && at < to; n++) {
                at += Character.isHighSurrogate(text.charAt(at)) && at + 1 < to ? 2 : 1;
            }
        }
        int a = Math.max(from, at - 2 * MARGIN); // chars: a code point takes at most two
        int b = Math.min(to, at + 2 * MARGIN);
        if (a > from && Character.isLowSurrogate(text.charAt(a))) {
            a++;
        }
        if (b < to && Character.isLowSurrogate(text.charAt(b))) {
            b++;
        }
        int skipped = a == from ? 0 : column - 1 - text.codePointCount(a, at);
        return new Window(text.substring(a, b), skipped);
    }

    /**
     * Where the value of the key at {@code column} of a line starts (after its '='), else the column
     * itself. Read in place: a line of a megabyte may hold thousands of keys and elements.
     */
    int valueColumn(int number, int column) {
        if (number < 1 || number > starts.length || column < 1) {
            return column;
        }
        int from = start(number);
        int to = end(number);
        // a header or an array's element has no '=' of its own
        int at = firstOutsideQuotes(text, from + column - 1, to, "=],}#{");
        if (at < 0 || text.charAt(at) != '=') {
            return column;
        }
        int v = at + 1;
        while (v < to && (text.charAt(v) == ' ' || text.charAt(v) == '\t')) {
            v++;
        }
        return v < to ? v - from + 1 : column;
    }

    /** The index of the first of {@code targets} in {@code text} from {@code from}, outside TOML quotes; else -1. */
    static int firstOutsideQuotes(String text, int from, String targets) {
        return firstOutsideQuotes(text, from, text.length(), targets);
    }

    /** As above, before {@code to}. */
    static int firstOutsideQuotes(String text, int from, int to, String targets) {
        char quote = 0;
        for (int i = Math.max(0, from); i < to; i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (targets.indexOf(c) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
