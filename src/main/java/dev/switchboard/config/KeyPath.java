package dev.switchboard.config;

import java.util.regex.Pattern;

/** Dotted key paths as TOML writes them: {@code interfaces."eth1.100".vlan.id}, {@code binds[0]}. */
final class KeyPath {
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_-]+");

    private KeyPath() {}

    static String child(String parent, String key) {
        String segment = BARE.matcher(key).matches() ? key : '"' + key.replace("\"", "\\\"") + '"';
        return parent.isEmpty() ? segment : parent + "." + segment;
    }

    static String element(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
