package dev.switchboard.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A line of a config as a compiler shows it under an error: {@code   31 | mode = "tcp} and a caret
 * under the column. What reaches the terminal is safe whatever the file holds: control characters
 * become '?', and a long line is shown as a window around the column, cut with "..." (ASCII: a
 * serial console may have no UTF-8). The caret stands under the character on a terminal: a wide
 * (East Asian) character takes two columns there.
 */
record Excerpt(List<String> lines) {
    /** The most of a line shown; a minified or hostile file may hold a megabyte in one line. */
    static final int WIDTH = 100;
    private static final String CUT = "...";

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
        String head = from > 0 ? CUT : "";
        String tail = to < chars.length ? CUT : "";
        String gutter = " ".repeat(Integer.toString(line).length());
        List<String> out = new ArrayList<>();
        out.add("  " + line + " | " + head + visible(chars, from, to) + tail);
        if (column > 0) {
            int columns = 0;
            for (int i = from; i < at; i++) {
                columns += wide(chars[i]) ? 2 : 1;
            }
            out.add("  " + gutter + " | " + " ".repeat(head.length() + columns) + "^");
        }
        return new Excerpt(out);
    }

    List<String> withFirst(String first) {
        List<String> out = new ArrayList<>(lines.size() + 1);
        out.add(first);
        out.addAll(lines);
        return List.copyOf(out);
    }

    /**
     * A character a terminal draws two columns wide: East Asian Wide and Fullwidth, as wcwidth(3)
     * has them (Hangul, CJK, kana, fullwidth forms, the emoji blocks).
     */
    static boolean wide(int c) {
        return c >= 0x1100 && c <= 0x115F || c >= 0x2E80 && c <= 0xA4CF && c != 0x303F || c >= 0xAC00 && c <= 0xD7A3
                || c >= 0xF900 && c <= 0xFAFF || c >= 0xFE30 && c <= 0xFE4F || c >= 0xFF00 && c <= 0xFF60 || c >= 0xFFE0 && c <= 0xFFE6
                || c >= 0x1F300 && c <= 0x1F64F || c >= 0x1F900 && c <= 0x1F9FF || c >= 0x20000 && c <= 0x3FFFD;
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
