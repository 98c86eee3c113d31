package dev.switchboard.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A line of a config as a compiler shows it under an error: {@code   31 | mode = "tcp} and a caret
 * under the column. What reaches the terminal is safe whatever the file holds: control characters
 * become '?', and a long line is shown as a window around the column.
 */
record Excerpt(List<String> lines) {
    /** The most of a line shown; a minified or hostile file may hold a megabyte in one line. */
    static final int WIDTH = 100;

    /** {@code column} is 1-based; 0 (unknown) draws no caret. */
    static Excerpt of(int line, int column, String text) {
        int from = 0;
        int to = text.length();
        int at = Math.max(0, Math.min(column - 1, text.length()));
        if (to > WIDTH) {
            from = Math.max(0, Math.min(at - WIDTH / 2, text.length() - WIDTH));
            to = Math.min(text.length(), from + WIDTH);
        }
        String head = from > 0 ? "…" : "";
        String tail = to < text.length() ? "…" : "";
        String gutter = " ".repeat(Integer.toString(line).length());
        List<String> out = new ArrayList<>();
        out.add("  " + line + " | " + head + visible(text.substring(from, to)) + tail);
        if (column > 0) {
            out.add("  " + gutter + " | " + " ".repeat(head.length() + at - from) + "^");
        }
        return new Excerpt(out);
    }

    List<String> withFirst(String first) {
        List<String> out = new ArrayList<>(lines.size() + 1);
        out.add(first);
        out.addAll(lines);
        return List.copyOf(out);
    }

    /** One column per character: a tab is a space, a control character '?'. */
    private static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c == '\t' ? ' ' : c < 0x20 || (c >= 0x7f && c < 0xa0) ? '?' : c);
        }
        return out.toString();
    }
}
