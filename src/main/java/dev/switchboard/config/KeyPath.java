package dev.switchboard.config;

import java.util.regex.Pattern;

/** Dotted key paths as TOML writes them: {@code interfaces."eth1.100".vlan.id}, {@code binds[0]}. */
final class KeyPath {
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_-]+");

    private KeyPath() {}

    static String child(String parent, String key) {
        return parent.isEmpty() ? segment(key) : parent + "." + segment(key);
    }

    /** {@link #child} in place, for a path built part by part. */
    static void append(StringBuilder path, String key) {
        (path.isEmpty() ? path : path.append('.')).append(segment(key));
    }

    private static String segment(String key) {
        return BARE.matcher(key).matches() ? key : '"' + key.replace("\"", "\\\"") + '"';
    }

    static String element(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
