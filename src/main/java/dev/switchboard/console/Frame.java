package dev.switchboard.console;

import java.util.Arrays;

/**
 * One screenful as characters and styles, drawn by pure code and only then copied to the
 * terminal (whose screen sends just the cells that changed). Text beyond the edge is cut.
 */
final class Frame {
    /** What a cell means; the terminal turns it into colour or, in monochrome, bold and reverse. */
    enum Style { NORMAL, TITLE, HEADER, SELECTED, GOOD, WARN, BAD, DIM }

    final int width;
    final int height;
    private final char[][] chars;
    private final Style[][] styles;

    Frame(int width, int height) {
        this.width = width;
        this.height = height;
        this.chars = new char[height][width];
        this.styles = new Style[height][width];
        for (int r = 0; r < height; r++) {
            Arrays.fill(chars[r], ' ');
            Arrays.fill(styles[r], Style.NORMAL);
        }
    }

    /** Writes {@code text} from (row, col) in {@code style}; returns the column after it. */
    int put(int row, int col, String text, Style style) {
        if (row < 0 || row >= height) {
            return col;
        }
        for (int i = 0; i < text.length() && col + i < width; i++) {
            if (col + i >= 0) {
                chars[row][col + i] = text.charAt(i);
                styles[row][col + i] = style;
            }
        }
        return col + text.length();
    }

    /** A whole row in one style, padded to the width. */
    void line(int row, String text, Style style) {
        fill(row, style);
        put(row, 0, text, style);
    }

    void fill(int row, Style style) {
        if (row >= 0 && row < height) {
            Arrays.fill(chars[row], ' ');
            Arrays.fill(styles[row], style);
        }
    }

    /** Whether {@code other} shows exactly the same: then there is nothing to send. */
    boolean sameAs(Frame other) {
        if (other == null || other.width != width || other.height != height) {
            return false;
        }
        for (int r = 0; r < height; r++) {
            if (!Arrays.equals(chars[r], other.chars[r]) || !Arrays.equals(styles[r], other.styles[r])) {
                return false;
            }
        }
        return true;
    }

    char charAt(int row, int col) {
        return chars[row][col];
    }

    Style styleAt(int row, int col) {
        return styles[row][col];
    }

    /** The row's text, trailing spaces cut: what a person reads there. */
    String text(int row) {
        return new String(chars[row]).stripTrailing();
    }

    /** All rows, for tests and for printing. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < height; r++) {
            b.append(text(r)).append('\n');
        }
        return b.toString();
    }
}
