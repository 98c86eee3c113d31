package dev.switchboard.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/** Where each key of the config stands in its file: key path to line and column, and the file's lines. */
public final class SourceMap {
    private final String source;
    private final Lines text;
    private final Map<String, Integer> lines = new HashMap<>();
    private final Map<String, Integer> columns = new HashMap<>();
    private final Set<String> troubled = new HashSet<>();
    private final IntUnaryOperator toFileLine;

    public SourceMap(String source) {
        this(source, "", IntUnaryOperator.identity());
    }

    /** {@code toFileLine} maps the parser's line numbers to the file's (see {@link Squeezed}). */
    SourceMap(String source, String text, IntUnaryOperator toFileLine) {
        this.source = source;
        this.text = new Lines(text);
        this.toFileLine = toFileLine;
    }

    public String source() {
        return source;
    }

    /** The parser's line (mapped to the file's) and column of a key or an array's element. */
    void put(String keyPath, int line, int column) {
        int fileLine = toFileLine.applyAsInt(line);
        if (lines.putIfAbsent(keyPath, fileLine) == null) {
            columns.put(keyPath, text.valueColumn(fileLine, column));
        }
    }

    /** The line of this key, else of its nearest ancestor that has one, else 0. */
    public int line(String keyPath) {
        String path = keyPath;
        while (!path.isEmpty()) {
            Integer line = lines.get(path);
            if (line != null) {
                return line;
            }
            path = parent(path);
        }
        return 0;
    }

    /** Whether the file declares this key, even if its value was rejected. */
    public boolean declares(String keyPath) {
        return lines.containsKey(keyPath);
    }

    /** Notes that the reader found a problem at this key, so rules built on it stay quiet. */
    void markTroubled(String keyPath) {
        troubled.add(keyPath);
    }

    /** Whether the reader found a problem at this key or anywhere beneath it. */
    boolean troubledUnder(String keyPath) {
        return troubled.stream().anyMatch(t -> t.equals(keyPath) || t.startsWith(keyPath + ".") || t.startsWith(keyPath + "["));
    }

    /** A problem at the line of this key (or of its nearest ancestor), with that line shown. */
    public Problem problem(String keyPath, String message, String hint) {
        String path = keyPath;
        while (!path.isEmpty() && !lines.containsKey(path)) {
            path = parent(path);
        }
        if (path.isEmpty()) {
            return new Problem(source, 0, keyPath, message, hint);
        }
        int line = lines.get(path);
        int column = columns.getOrDefault(path, 0);
        Lines.Window shown = text.window(line, column);
        return new Problem(source, line, column, keyPath, message, hint, shown.text(), shown.skipped());
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        // A quoted segment may hold dots: step over it whole.
        if (path.endsWith("\"")) {
            int open = path.lastIndexOf('"', path.length() - 2);
            cut = open > 0 ? open - 1 : -1;
        }
        return cut <= 0 ? "" : path.substring(0, cut);
    }
}
