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

    /**
     * {@code column} is 1-based and counts characters as tomlj does (code points: an emoji is one);
     * 0 (unknown) draws no caret.
     */
    static Excerpt of(int line, int column, String text) {
        int[] chars = text.codePoints().toArray();
        int from = 0;
        int to = chars.length;
        int at = Math.max(0, Math.min(column - 1, chars.length));
        if (to > WIDTH) {
            from = Math.max(0, Math.min(at - WIDTH / 2, chars.length - WIDTH));
            to = Math.min(chars.length, from + WIDTH);
        }
        String head = from > 0 ? "…" : "";
        String tail = to < chars.length ? "…" : "";
        String gutter = " ".repeat(Integer.toString(line).length());
        List<String> out = new ArrayList<>();
        out.add("  " + line + " | " + head + visible(chars, from, to) + tail);
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

    /** One column per character: a tab is a space; a control character, or one that reorders or breaks the line, '?'. */
    private static String visible(int[] chars, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            int c = chars[i];
            if (c == '\t') {
                out.append(' ');
            } else {
                out.appendCodePoint(Problem.unprintable(c) ? '?' : c);
            }
        }
        return out.toString();
    }
}
