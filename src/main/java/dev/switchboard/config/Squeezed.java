package dev.switchboard.config;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Config text with each run of blank and comment lines cut to one empty line, and the table that
 * maps its lines back to the file's.
 *
 * <p>tomlj 2.2.0 takes time cubic in the length of such a run: its error-recovery strategy looks
 * back and ahead across the run at every line of it (1,000 comment lines: 2.5 s; 10,000: minutes).
 * The runs carry no meaning, so tomlj is given this text and every line it reports is mapped back
 * with {@link #original}: parse time is then linear in the file's size. Lines inside a multi-line
 * string are content and are left alone, and a comment holding a control character (which TOML
 * forbids) is not cut, so that tomlj still reports it.
 */
final class Squeezed {
    private static final Pattern AT_LINE = Pattern.compile("\\bline (\\d+)");

    private final String text;
    private final int[] lines;
    private final int[] unclosed;
    private final int deepKey;

    private Squeezed(String text, int[] lines, int[] unclosed, int deepKey) {
        this.text = text;
        this.lines = lines;
        this.unclosed = unclosed;
        this.deepKey = deepKey;
    }

    /** The file's first line whose key or header has more than {@link ConfigLoader#MAX_KEY_PARTS} dotted parts, else 0. */
    int deepKey() {
        return deepKey;
    }

    /** The file's line and column where a multi-line string opens that the text never closes, else null. */
    int[] unclosedString() {
        return unclosed;
    }

    /** The text tomlj is given. */
    String text() {
        return text;
    }

    /** The text with its runs cut; {@code lines[i]} is the file's line of the text's line i + 1. */
    static Squeezed of(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int[] lines = new int[16];
        int kept = 0;
        int line = 0;
        boolean inRun = false;
        int deepKey = 0;
        Lexer lexer = new Lexer();
        for (int start = 0, end; start < text.length(); start = end) {
            int nl = text.indexOf('\n', start);
            end = nl < 0 ? text.length() : nl + 1;
            line++;
            boolean trivia = !lexer.inMultiLineString() && trivia(text, start, nl < 0 ? text.length() : nl);
            if (trivia && inRun) {
                continue; // one line of the run stands for all of it
            }
            if (kept == lines.length) {
                lines = Arrays.copyOf(lines, kept * 2);
            }
            lines[kept++] = line;
            if (trivia) {
                out.append('\n');
            } else {
                if (deepKey == 0 && !lexer.inMultiLineString()
                        && SyntaxErrors.dottedParts(text.substring(start, end), ConfigLoader.MAX_KEY_PARTS) > ConfigLoader.MAX_KEY_PARTS) {
                    deepKey = line;
                }
                out.append(text, start, end);
                lexer.scan(text, start, end, line);
            }
            inRun = trivia;
        }
        return new Squeezed(out.toString(), Arrays.copyOf(lines, kept), lexer.inMultiLineString() ? lexer.opened : null, deepKey);
    }

    /** The file's line of line {@code line} of the text (1-based; 0 stays 0, past the end counts on). */
    int original(int line) {
        if (line <= 0 || lines.length == 0) {
            return line;
        }
        return line <= lines.length ? lines[line - 1] : lines[lines.length - 1] + (line - lines.length);
    }

    /** tomlj's message with the lines it names ("previously defined at line 3") mapped back. */
    String message(String message) {
        Matcher m = AT_LINE.matcher(message);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String n = m.group(1);
            m.appendReplacement(b, n.length() > 9 ? m.group() : "line " + original(Integer.parseInt(n)));
        }
        return m.appendTail(b).toString();
    }

    /** Whether {@code text[from, to)} (one line, without its '\n') is blank or only a comment. */
    private static boolean trivia(String text, int from, int to) {
        int i = from;
        while (i < to && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        int end = to > i && text.charAt(to - 1) == '\r' ? to - 1 : to;
        if (i == end) {
            return true;
        }
        if (text.charAt(i) != '#') {
            return false;
        }
        for (int j = i + 1; j < end; j++) {
            char c = text.charAt(j);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false; // not allowed in a comment: tomlj must see it to report it
            }
        }
        return true;
    }

    /**
     * Just enough of TOML's lexer to know whether a line starts inside a multi-line string:
     * strings, their escapes and comments. Where it and tomlj disagree, the file has a syntax
     * error before that point, which tomlj reports.
     */
    private static final class Lexer {
        private enum State { NORMAL, BASIC, LITERAL, ML_BASIC, ML_LITERAL }

        private State state = State.NORMAL;
        /** The line and column of the last multi-line string's opening quotes. */
        private int[] opened;

        boolean inMultiLineString() {
            return state == State.ML_BASIC || state == State.ML_LITERAL;
        }

        void scan(String text, int from, int to, int line) {
            int i = from;
            while (i < to) {
                char c = text.charAt(i);
                switch (state) {
                    case NORMAL -> {
                        if (c == '#') {
                            i = to; // a comment, to the end of the line
                        } else if (text.startsWith("\"\"\"", i) || text.startsWith("'''", i)) {
                            state = c == '"' ? State.ML_BASIC : State.ML_LITERAL;
                            opened = new int[] {line, i - from + 1};
                            i += 3;
                        } else {
                            state = c == '"' ? State.BASIC : c == '\'' ? State.LITERAL : State.NORMAL;
                            i++;
                        }
                    }
                    case BASIC -> {
                        state = c == '"' ? State.NORMAL : c == '\n' ? State.NORMAL : State.BASIC;
                        i += c == '\\' && i + 1 < to && text.charAt(i + 1) != '\n' ? 2 : 1;
                    }
                    case LITERAL -> {
                        state = c == '\'' || c == '\n' ? State.NORMAL : State.LITERAL;
                        i++;
                    }
                    case ML_BASIC -> {
                        if (text.startsWith("\"\"\"", i)) {
                            i = closing(text, i, to, '"');
                            state = State.NORMAL;
                        } else {
                            i += c == '\\' && i + 1 < to && text.charAt(i + 1) != '\n' ? 2 : 1;
                        }
                    }
                    case ML_LITERAL -> {
                        if (text.startsWith("'''", i)) {
                            i = closing(text, i, to, '\'');
                            state = State.NORMAL;
                        } else {
                            i++;
                        }
                    }
                }
            }
            if (state == State.BASIC || state == State.LITERAL) {
                state = State.NORMAL; // a one-line string ends with its line, closed or not
            }
        }

        /** Past a closing delimiter, which may take up to two more quotes of the content with it. */
        private static int closing(String text, int at, int to, char quote) {
            int i = at + 3;
            for (int extra = 0; extra < 2 && i < to && text.charAt(i) == quote; extra++) {
                i++;
            }
            return i;
        }
    }
}
