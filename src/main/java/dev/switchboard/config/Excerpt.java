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
     * A character a terminal draws two columns wide: East Asian Wide and Fullwidth (Unicode's
     * EastAsianWidth.txt, W and F), as wcwidth(3) has them: Hangul, CJK, kana, fullwidth forms,
     * and the emoji that are pictures by default (not those, like U+1F321, shown as text).
     */
    static boolean wide(int c) {
        for (int[] r : WIDE) {
            if (c < r[0]) {
                return false;
            }
            if (c <= r[1]) {
                return true;
            }
        }
        return false;
    }

    private static final int[][] WIDE = {
            {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0}, {0x23F3, 0x23F3},
            {0x25FD, 0x25FE}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
            {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE}, {0x26D4, 0x26D4}, {0x26EA, 0x26EA},
            {0x26F2, 0x26F3}, {0x26F5, 0x26F5}, {0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B},
            {0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797},
            {0x27B0, 0x27B0}, {0x27BF, 0x27BF}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55}, {0x2E80, 0x303E},
            {0x3041, 0x3247}, {0x3250, 0x4DBF}, {0x4E00, 0xA4CF}, {0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
            {0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x16FE0, 0x18CFF}, {0x1B000, 0x1B2FF},
            {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251},
            {0x1F300, 0x1F320}, {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA},
            {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440},
            {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A},
            {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC},
            {0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6D7}, {0x1F6DC, 0x1F6DF}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC},
            {0x1F7E0, 0x1F7EB}, {0x1F7F0, 0x1F7F0}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF},
            {0x1FA70, 0x1FAFF}, {0x20000, 0x3FFFD}};

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
