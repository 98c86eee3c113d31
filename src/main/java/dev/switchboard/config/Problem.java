package dev.switchboard.config;

import java.util.List;

/**
 * One thing wrong with a config, located so a person can go and fix it:
 * {@code FILE:LINE:COLUMN: key: message (hint)}, and the line itself with a caret under the
 * column. Line 0 means the line is not known, column 0 the column; an empty excerpt is no line.
 * The excerpt is the line, or of a long line the part around the column shown (see
 * {@link Lines#window}), after {@code skipped} code points of it.
 */
public record Problem(String source, int line, int column, String key, String message, String hint, String excerpt, int skipped) {

    public Problem(String source, int line, int column, String key, String message, String hint, String excerpt) {
        this(source, line, column, key, message, hint, excerpt, 0);
    }

    public Problem(String source, int line, String key, String message, String hint) {
        this(source, line, 0, key, message, hint, "", 0);
    }

    /** The problem on one line, as the control socket and the console show it. */
    public String format() {
        StringBuilder out = new StringBuilder(source);
        if (line > 0) {
            out.append(':').append(line);
            if (column > 0) {
                out.append(':').append(column);
            }
        }
        out.append(": ");
        if (!key.isEmpty()) {
            out.append(shortened(key)).append(": ");
        }
        out.append(message);
        if (!hint.isEmpty()) {
            out.append(" (").append(hint).append(')');
        }
        return escaped(out);
    }

    /** The most of a key path a problem quotes: a file may hold a key of a megabyte. */
    static final int KEY_WIDTH = 160;

    /** The key, or of a longer one its head and tail around "...": where it is in the file, and what. */
    static String shortened(String key) {
        if (key.length() <= KEY_WIDTH) {
            return key;
        }
        int tail = KEY_WIDTH / 3;
        return key.substring(0, KEY_WIDTH - tail - 3) + "..." + key.substring(key.length() - tail);
    }

    /**
     * The text with its control characters written as {@code \u001b}: a key or a string of the file
     * (TOML's escapes can make any) may hold a terminal's escape sequence or a line break, and the
     * problem is printed on a terminal as one line.
     */
    public static String escaped(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (unprintable(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /**
     * A character a terminal must not be given from a file: a control character, or an invisible
     * one that reorders or breaks the line (bidi controls and other format characters, U+2028/9),
     * which could make a problem read as something else.
     */
    public static boolean unprintable(int c) {
        return Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || c == 0x2028 || c == 0x2029;
    }

    /** The problem as `check` prints it: {@link #format()}, then its line with a caret under the column. */
    public List<String> report() {
        if (line <= 0 || excerpt.isEmpty()) {
            return List.of(format());
        }
        return Excerpt.of(line, column > 0 ? column - skipped : 0, excerpt).withFirst(format());
    }

    @Override
    public String toString() {
        return format();
    }
}
