package dev.switchboard.config;

import java.util.Arrays;

/** A text's lines by number (1-based), without their line ends; a line past the end is empty. */
final class Lines {
    private final String text;
    private final int[] starts;

    Lines(String text) {
        this.text = text;
        int[] s = new int[64];
        int n = 0;
        s[n++] = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (n == s.length) {
                s = Arrays.copyOf(s, n * 2);
            }
            s[n++] = i + 1;
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
        int from = starts[number - 1];
        int to = number < starts.length ? starts[number] - 1 : text.length();
        if (to > from && text.charAt(to - 1) == '\r') {
            to--;
        }
        return text.substring(from, Math.max(from, to));
    }

    /** The index of the first of {@code targets} in {@code text} from {@code from}, outside TOML quotes; else -1. */
    static int firstOutsideQuotes(String text, int from, String targets) {
        char quote = 0;
        for (int i = Math.max(0, from); i < text.length(); i++) {
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
