package dev.switchboard.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * tomlj's syntax errors as a compiler shows them: each at its line and column, named by the key or
 * table being read there, with the line itself, and one error per mistake: an error in a statement
 * an earlier error already broke (the second line of an array whose string is not closed) is that
 * error's echo, and is left out. Pure.
 */
final class SyntaxErrors {
    private static final Pattern HEADER = Pattern.compile("\\s*\\[\\[?\\s*[A-Za-z0-9_\"'-].*");

    /** One error as tomlj reports it, at the file's line. */
    record Raw(int line, int column, String message) {}

    private final String source;
    private final Lines lines;

    SyntaxErrors(String source, String text) {
        this.source = source;
        this.lines = new Lines(text);
    }

    /** At most {@code limit} problems: a file with more is not a config, and each costs a scan of its statement. */
    List<Problem> problems(List<Raw> errors, int limit) {
        List<Problem> out = new ArrayList<>();
        int lastKept = 0;
        int noStatementThrough = 0; // lines after lastKept up to here were looked at: none begins a statement
        for (Raw e : errors) {
            if (out.size() == limit) {
                break;
            }
            if (e.line() > 0 && lastKept > 0) {
                // each line is looked at once, however many errors follow: linear in the file
                int from = Math.max(lastKept, noStatementThrough) + 1;
                if (!startsStatementIn(from, e.line())) {
                    noStatementThrough = Math.max(noStatementThrough, e.line());
                    continue; // the echo of the error that broke this statement
                }
            }
            if (e.line() <= 0) {
                out.add(new Problem(source, 0, "", "TOML syntax: " + e.message(), ""));
                continue;
            }
            lastKept = e.line();
            noStatementThrough = e.line();
            Lines.Window shown = lines.window(e.line(), e.column());
            out.add(new Problem(source, e.line(), e.column(), place(e.line(), e.column()), "TOML syntax: "
                    + wording(e.message()), "", shown.text(), shown.skipped()));
        }
        return out;
    }

    /** Whether a statement begins on a line from {@code first} to {@code last}: else {@code last} continues an earlier one. */
    private boolean startsStatementIn(int first, int last) {
        for (int n = first; n <= last; n++) {
            if (startsStatement(lines.line(n))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a line begins a statement: a table header, or a key (bare, quoted, dotted) and '='.
     * Scanned by hand, once over the line: a regular expression recursed a level per character of
     * a quoted key and overflowed the stack on a long one.
     */
    static boolean startsStatement(String line) {
        int i = blanks(line, 0);
        if (i < line.length() && line.charAt(i) == '[') {
            return true;
        }
        while (true) {
            int end = keyEnd(line, i);
            if (end < 0) {
                return false;
            }
            i = blanks(line, end);
            if (i >= line.length() || line.charAt(i) != '.' && line.charAt(i) != '=') {
                return false;
            }
            if (line.charAt(i) == '=') {
                return true;
            }
            i = blanks(line, i + 1);
        }
    }

    /**
     * How many dotted parts the key or table header that begins a line has ({@code a.b = 1}: 2),
     * counted up to {@code limit + 1}; 0 if the line begins neither. Once over the line.
     */
    static int dottedParts(String line, int limit) {
        int i = blanks(line, 0);
        if (i < line.length() && line.charAt(i) == '[') {
            i = blanks(line, i + (line.startsWith("[[", i) ? 2 : 1));
        }
        int parts = 0;
        while (parts <= limit) {
            int end = keyEnd(line, i);
            if (end < 0) {
                return parts;
            }
            parts++;
            i = blanks(line, end);
            if (i >= line.length() || line.charAt(i) != '.') {
                return parts;
            }
            i = blanks(line, i + 1);
        }
        return parts;
    }

    private static int blanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Where the key that starts at {@code i} ends (bare, "basic" with escapes, 'literal'); -1: no key there. */
    private static int keyEnd(String s, int i) {
        if (i >= s.length()) {
            return -1;
        }
        char c = s.charAt(i);
        if (c == '"') {
            for (int j = i + 1; j < s.length(); j++) {
                if (s.charAt(j) == '\\') {
                    j++;
                } else if (s.charAt(j) == '"') {
                    return j + 1;
                }
            }
            return -1;
        }
        if (c == '\'') {
            int j = s.indexOf('\'', i + 1);
            return j < 0 ? -1 : j + 1;
        }
        int j = i;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) && s.charAt(j) < 128 || s.charAt(j) == '_' || s.charAt(j) == '-')) {
            j++;
        }
        return j == i ? -1 : j;
    }

    /** tomlj's words where they hide what is wrong. */
    static String wording(String message) {
        if (message.startsWith("Unexpected end of line, expected \" or a character")
                || message.startsWith("Unexpected end of line, expected '")) {
            return "the string is not closed before the end of the line";
        }
        return message;
    }

    /** For each line, the nearest table header at or above it (0: none); made on the first error. */
    private int[] headers;

    /** The key path being read at a line and column: the table header in force, then keys, elements and inline tables. */
    private String place(int line, int column) {
        if (headers == null) {
            headers = new int[lines.count() + 1];
            for (int n = 1; n <= lines.count(); n++) {
                headers[n] = HEADER.matcher(lines.line(n)).matches() ? n : headers[n - 1];
            }
        }
        int header = line <= lines.count() ? headers[line] : headers[lines.count()];
        Scanner s = new Scanner();
        if (header >= 1) {
            String text = lines.line(header);
            if (header == line) {
                return s.header(text.substring(0, Math.min(text.length(), Math.max(0, column - 1))));
            }
            s.root = s.header(text);
        }
        for (int n = header + 1; n <= line; n++) {
            String text = lines.line(n);
            s.scan(n == line ? text.substring(0, Math.min(text.length(), Math.max(0, column - 1))) : text, n == line);
        }
        return s.path();
    }

    /**
     * Just enough of TOML to follow keys and nesting from a header to a point: keys, '=', strings,
     * arrays, inline tables, commas, comments. Only the text before the error is scanned, which
     * tomlj read without complaint (from this header on).
     */
    private static final class Scanner {
        private static final class Frame {
            final boolean array;
            String key = ""; // a table's key being read or last read
            int index;
            boolean expectKey = true;

            Frame(boolean array) {
                this.array = array;
            }
        }

        String root = "";
        private final List<Frame> stack = new ArrayList<>(List.of(new Frame(false)));
        private boolean inMultiLine;
        private char quote;

        String header(String text) {
            String inner = text.strip().replaceFirst("^\\[\\[?", "");
            int close = Lines.firstOutsideQuotes(inner, 0, "]");
            inner = close >= 0 ? inner.substring(0, close) : inner;
            return keyPath(inner);
        }

        /** A dotted key as written ({@code a . "b.c"}) in {@link KeyPath}'s form. */
        private static String keyPath(String dotted) {
            StringBuilder path = new StringBuilder(); // built once: a path made anew per part was quadratic
            int parts = 0;
            StringBuilder seg = new StringBuilder();
            char q = 0;
            for (int i = 0; i < dotted.length(); i++) {
                char c = dotted.charAt(i);
                if (q != 0) {
                    if (c == q) {
                        q = 0;
                    } else {
                        seg.append(c == '\\' && q == '"' && i + 1 < dotted.length() ? dotted.charAt(++i) : c);
                    }
                } else if (c == '"' || c == '\'') {
                    q = c;
                } else if (c == '.') {
                    if (++parts > ConfigLoader.MAX_KEY_PARTS) {
                        return path.append("...").toString(); // never more of a key than a config may hold
                    }
                    KeyPath.append(path, seg.toString().strip());
                    seg.setLength(0);
                } else {
                    seg.append(c);
                }
            }
            String last = seg.toString().strip();
            if (!last.isEmpty() || q != 0) {
                KeyPath.append(path, last);
            }
            return path.toString();
        }

        void scan(String text, boolean last) {
            int i = 0;
            while (i < text.length()) {
                if (inMultiLine) {
                    String close = String.valueOf(quote).repeat(3);
                    int end = text.indexOf(close, i);
                    if (end < 0) {
                        return;
                    }
                    inMultiLine = false;
                    i = end + 3;
                    continue;
                }
                char c = text.charAt(i);
                Frame top = stack.get(stack.size() - 1);
                if (c == ' ' || c == '\t') {
                    i++;
                } else if (c == '#') {
                    return;
                } else if (!top.array && top.expectKey && c != '}' && c != ',') {
                    int eq = keyEnd(text, i);
                    top.key = keyPath(text.substring(i, eq));
                    if (eq < text.length()) {
                        top.expectKey = false;
                    }
                    i = eq + 1;
                } else if (c == '[' || c == '{') {
                    stack.add(new Frame(c == '['));
                    i++;
                } else if (c == ']' || c == '}') {
                    if (stack.size() > 1) {
                        stack.remove(stack.size() - 1);
                    }
                    i++;
                } else if (c == ',') {
                    if (top.array) {
                        top.index++;
                    } else {
                        top.expectKey = true;
                    }
                    i++;
                } else if (c == '"' || c == '\'') {
                    if (text.startsWith(String.valueOf(c).repeat(3), i)) {
                        inMultiLine = true;
                        quote = c;
                        i += 3;
                    } else {
                        i = stringEnd(text, i);
                        }
                } else {
                    while (i < text.length() && " \t,]}#".indexOf(text.charAt(i)) < 0) {
                        i++;
                    }
                }
            }
            if (!last && stack.size() == 1 && !inMultiLine) {
                stack.get(0).expectKey = true; // a line ends a top-level key's statement
            }
        }

        private static int keyEnd(String text, int from) {
            int eq = Lines.firstOutsideQuotes(text, from, "=");
            return eq < 0 ? text.length() : eq;
        }

        private static int stringEnd(String text, int from) {
            char q = text.charAt(from);
            for (int i = from + 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\' && q == '"') {
                    i++;
                } else if (c == q) {
                    return i + 1;
                }
            }
            return text.length();
        }

        String path() {
            String path = root;
            for (Frame f : stack) {
                if (f.array) {
                    path = KeyPath.element(path, f.index);
                } else if (!f.key.isEmpty()) {
                    path = path.isEmpty() ? f.key : path + "." + f.key;
                }
            }
            return path;
        }
    }
}
