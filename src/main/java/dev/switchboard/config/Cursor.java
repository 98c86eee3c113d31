package dev.switchboard.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads one TOML table of the config: each getter checks the value's type and range and reports
 * a located problem instead of throwing, so that one pass finds every mistake in the file.
 */
final class Cursor {
    private final TomlTable table;
    private final String path;
    private final SourceMap sources;
    private final List<Problem> problems;

    private Cursor(TomlTable table, String path, SourceMap sources, List<Problem> problems) {
        this.table = table;
        this.path = path;
        this.sources = sources;
        this.problems = problems;
    }

    /** A cursor on {@code table}: records where its keys stand and reports the unknown ones. */
    static Cursor open(TomlTable table, String path, Set<String> allowed, SourceMap sources, List<Problem> problems) {
        Cursor cursor = new Cursor(table, path, sources, problems);
        for (String key : table.keySet()) {
            TomlPosition at = table.inputPositionOf(List.of(key));
            if (at != null) {
                sources.put(KeyPath.child(path, key), at.line(), at.column());
            }
        }
        if (allowed != null) {
            for (String key : table.keySet()) {
                if (!allowed.contains(key)) {
                    String hint = Suggest.closest(key, allowed).map(s -> "did you mean '" + s + "'?")
                            .orElse("known keys here: " + String.join(", ", allowed.stream().sorted().toList()));
                    cursor.report(key, "unknown key", hint);
                }
            }
        }
        return cursor;
    }

    /** Whether an unknown key of this table looks like a misspelling of {@code key}. */
    boolean misspelled(String key) {
        return table.keySet().stream().anyMatch(k -> !k.equals(key) && Suggest.closest(k, List.of(key)).isPresent());
    }

    /** Whether a problem was reported at {@code key} or beneath it (its elements' own problems say it). */
    boolean sourcesTroubled(String key) {
        return sources.troubledUnder(pathOf(key));
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return KeyPath.child(path, key);
    }

    Set<String> keys() {
        return table.keySet();
    }

    boolean has(String key) {
        return table.contains(List.of(key));
    }

    void report(String key, String message, String hint) {
        reportAt(key == null ? path : pathOf(key), message, hint);
    }

    void reportAt(String keyPath, String message, String hint) {
        sources.markTroubled(keyPath);
        problems.add(sources.problem(keyPath, message, hint));
    }

    Optional<String> string(String key, String hint) {
        return typed(key, String.class, "a string", hint);
    }

    Optional<String> requiredString(String key, String hint) {
        if (!has(key) && misspelled(key)) {
            return Optional.empty(); // the unknown-key problem already points at it
        }
        if (!has(key)) {
            report(null, "missing key '" + key + "'", hint);
            return Optional.empty();
        }
        return string(key, hint);
    }

    /** A string that {@code parser} turns into a value; one it refuses is reported as {@code "TEXT" is not WHAT}. */
    <T> Optional<T> parsed(String key, boolean required, java.util.function.Function<String, Optional<T>> parser,
            String what, String hint) {
        return parsed(key, required, parser, what, hint, t -> Optional.empty());
    }

    /** As above; {@code mistake} may say more precisely than "is not WHAT" why a text is not one (see {@link HostPort#mistake}). */
    <T> Optional<T> parsed(String key, boolean required, java.util.function.Function<String, Optional<T>> parser,
            String what, String hint, java.util.function.Function<String, Optional<String>> mistake) {
        Optional<String> text = required ? requiredString(key, hint) : string(key, hint);
        return text.flatMap(t -> {
            Optional<T> value = parser.apply(t);
            if (value.isEmpty()) {
                report(key, "\"" + t + "\" " + mistake.apply(t).orElse("is not " + what), hint);
            }
            return value;
        });
    }

    Optional<Long> integer(String key, long min, long max, String hint) {
        Optional<Long> value = typed(key, Long.class, "a whole number from %d to %d".formatted(min, max), hint);
        if (value.isPresent() && (value.get() < min || value.get() > max)) {
            report(key, "must be between %d and %d, not %d".formatted(min, max, value.get()), hint);
            return Optional.empty();
        }
        return value;
    }

    /**
     * Seconds, whole or fractional ({@code 1}, {@code 0.5}), kept to the millisecond: probes of a
     * gateway may need to be faster than a second, which a whole number could not say.
     */
    java.time.Duration seconds(String key, double min, double max, java.time.Duration fallback, String hint) {
        if (!has(key)) {
            return fallback;
        }
        Object value = table.get(List.of(key));
        if (!(value instanceof Long) && !(value instanceof Double)) {
            report(key, "must be a number of seconds from %s to %s, not %s".formatted(plain(min), plain(max), typeName(value)), hint);
            return fallback;
        }
        double s = ((Number) value).doubleValue();
        if (!(s >= min && s <= max)) { // also refuses nan
            report(key, "must be between %s and %s seconds, not %s".formatted(plain(min), plain(max), plain(s)), hint);
            return fallback;
        }
        return java.time.Duration.ofMillis(Math.round(s * 1000));
    }

    private static String plain(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
    }

    int integer(String key, long min, long max, int fallback, String hint) {
        return integer(key, min, max, hint).map(Long::intValue).orElse(fallback);
    }

    boolean bool(String key) {
        return typed(key, Boolean.class, "true or false", "").orElse(false);
    }

    /** One of an enum's names, written in lower case in the file. */
    <E extends Enum<E>> Optional<E> choice(String key, Class<E> type, E fallback) {
        if (!has(key)) {
            return Optional.of(fallback);
        }
        List<String> names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        String choices = "one of " + String.join(", ", names);
        Optional<String> text = string(key, choices);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        int index = names.indexOf(text.get());
        if (index < 0) {
            String hint = Suggest.closest(text.get(), names).map(s -> "did you mean '" + s + "'?").orElse(""); // the message lists them
            report(key, "must be " + choices + ", not \"" + text.get() + "\"", hint);
            return Optional.empty();
        }
        return Optional.of(type.getEnumConstants()[index]);
    }

    /** A sub-table (either [a.b] or an inline { … }). */
    Optional<Cursor> table(String key, Set<String> allowed, String hint) {
        return typed(key, TomlTable.class, "a table", hint)
                .map(t -> open(t, pathOf(key), allowed, sources, problems));
    }

    /** Each entry of a table of tables, e.g. every [interfaces.NAME]. */
    List<Cursor> tables(Set<String> allowed, String hint) {
        List<Cursor> out = new ArrayList<>();
        for (String key : table.keySet()) {
            table(key, allowed, hint).ifPresent(out::add);
        }
        return out;
    }

    /** The elements of an array, each with its own path and line. */
    List<Item> array(String key, String hint) {
        Optional<TomlArray> array = typed(key, TomlArray.class, "an array", hint);
        if (array.isEmpty()) {
            return List.of();
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < array.get().size(); i++) {
            String itemPath = KeyPath.element(pathOf(key), i);
            TomlPosition at = array.get().inputPositionOf(i);
            if (at != null) {
                sources.put(itemPath, at.line(), at.column());
            }
            items.add(new Item(array.get().get(i), itemPath));
        }
        return items;
    }

    /** An element of an array, to be read as a string or as an inline table. */
    final class Item {
        final Object value;
        final String path;

        Item(Object value, String path) {
            this.value = value;
            this.path = path;
        }

        Optional<String> string(String hint) {
            if (value instanceof String s) {
                return Optional.of(s);
            }
            reportAt(path, "must be a string, not " + typeName(value), hint);
            return Optional.empty();
        }

        Optional<Cursor> table(Set<String> allowed, String hint) {
            if (value instanceof TomlTable t) {
                return Optional.of(open(t, path, allowed, sources, problems));
            }
            reportAt(path, "must be a table { ... }, not " + typeName(value), hint);
            return Optional.empty();
        }
    }

    private <T> Optional<T> typed(String key, Class<T> type, String expected, String hint) {
        if (!has(key)) {
            return Optional.empty();
        }
        Object value = table.get(List.of(key));
        if (!type.isInstance(value)) {
            report(key, "must be " + expected + ", not " + typeName(value), hint);
            return Optional.empty();
        }
        return Optional.of(type.cast(value));
    }

    static String typeName(Object value) {
        if (value instanceof String s) {
            return "the string \"" + s + "\"";
        }
        if (value instanceof Long || value instanceof Double) {
            return "the number " + value;
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof TomlArray) {
            return "an array";
        }
        if (value instanceof TomlTable) {
            return "a table";
        }
        return "a date or time";
    }

    static Set<String> keys(String... names) {
        return Arrays.stream(names).collect(Collectors.toUnmodifiableSet());
    }
}
