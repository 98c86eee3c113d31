package dev.switchboard.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Edits of the config's text that keep everything they do not touch: comments, blank lines,
 * alignment, the order of keys. A changed key's value is replaced on its own line (its comment
 * stays); a new key goes under the last key of its table; a removed key's line goes. Works on
 * [interfaces.NAME] tables, as the console's editor changes them. Pure.
 */
public final class TomlEdit {
    private TomlEdit() {}

    /** The keys of an interface table in the order the editor writes new ones. */
    public static final List<String> INTERFACE_KEYS = List.of("addresses", "gateway", "metric", "mtu", "state", "vlan");

    /**
     * Sets interface {@code name}'s keys to {@code values} (TOML literals; an absent key is
     * removed), adding the table after the last interface if it is new. Empty if the text's
     * layout is one the editor cannot change without rewriting it (an inline table).
     */
    public static Optional<String> setInterface(String text, String name, Map<String, String> values) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        String table = "interfaces." + quoted(name);
        int header = headerLine(lines, table);
        if (header < 0) {
            if (text.matches("(?s).*\\binterfaces\\s*=.*")) {
                return Optional.empty(); // interfaces written as an inline table
            }
            int at = endOfLastInterface(lines);
            List<String> block = new ArrayList<>();
            block.add("[" + table + "]");
            for (String key : INTERFACE_KEYS) {
                if (values.containsKey(key)) {
                    block.add(pad(key) + "= " + values.get(key));
                }
            }
            if (at < 0) {
                block.add(0, "");
                lines.addAll(trailingAt(lines), block);
            } else {
                block.add(0, "");
                lines.addAll(at + 1, block);
            }
            return Optional.of(String.join("\n", lines));
        }
        int end = endOfTable(lines, header);
        Map<String, int[]> keys = keyLines(lines, header, end);
        int lastKeyLine = header;
        for (int[] span : keys.values()) {
            lastKeyLine = Math.max(lastKeyLine, span[1]);
        }
        // changes and removals bottom-up, so that earlier line numbers stay right
        List<Map.Entry<String, int[]>> present = new ArrayList<>(keys.entrySet());
        present.sort((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0]));
        for (Map.Entry<String, int[]> e : present) {
            int[] span = e.getValue();
            String value = values.get(e.getKey());
            if (value == null && INTERFACE_KEYS.contains(e.getKey())) {
                for (int i = span[1]; i >= span[0]; i--) {
                    lines.remove(i);
                }
                lastKeyLine -= lastKeyLine >= span[0] ? span[1] - span[0] + 1 : 0;
            } else if (value != null) {
                String first = lines.get(span[0]);
                String comment = span[0] == span[1] ? comment(first) : comment(lines.get(span[1]));
                int eq = first.indexOf('=');
                String replaced = first.substring(0, eq + 1) + leadingSpace(first.substring(eq + 1)) + value;
                if (!comment.isEmpty()) {
                    String oldValuePart = first.substring(0, first.length() - comment.length()).stripTrailing();
                    int column = Math.max(first.length() - comment.length(), oldValuePart.length() + 1);
                    replaced = replaced.length() < column ? replaced + " ".repeat(column - replaced.length()) + comment : replaced + " " + comment;
                }
                for (int i = span[1]; i > span[0]; i--) {
                    lines.remove(i);
                    lastKeyLine -= lastKeyLine >= i ? 1 : 0;
                }
                lines.set(span[0], replaced);
            }
        }
        int insertAt = lastKeyLine + 1;
        for (String key : INTERFACE_KEYS) {
            if (values.containsKey(key) && !keys.containsKey(key)) {
                lines.add(insertAt++, pad(key) + "= " + values.get(key));
            }
        }
        return Optional.of(String.join("\n", lines));
    }

    /**
     * Pins the bind of frontend {@code frontend} that listens on {@code address} to {@code device},
     * or unpins it (empty): the bind's inline table in the {@code binds} array gets, changes or
     * loses its {@code interface} key, and nothing else moves. Empty if there is no such bind.
     */
    public static Optional<String> setBindInterface(String text, String frontend, HostPort address, Optional<String> device) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int header = headerLine(lines, "frontends." + quoted(frontend));
        if (header < 0) {
            return Optional.empty();
        }
        int[] span = keyLines(lines, header, endOfTable(lines, header)).get("binds");
        if (span == null) {
            return Optional.empty();
        }
        String binds = String.join("\n", lines.subList(span[0], span[1] + 1));
        java.util.regex.Matcher table = java.util.regex.Pattern.compile("\\{[^{}]*\\}").matcher(binds);
        while (table.find()) {
            String inline = table.group();
            java.util.regex.Matcher at = java.util.regex.Pattern.compile("address\\s*=\\s*\"([^\"]*)\"").matcher(inline);
            if (!at.find() || !HostPort.parse(at.group(1)).equals(Optional.of(address))) {
                continue;
            }
            String without = inline.replaceAll(",\\s*interface\\s*=\\s*\"[^\"]*\"", "")
                    .replaceAll("interface\\s*=\\s*\"[^\"]*\"\\s*,?\\s*", ""); // where it came first
            String changed = device.map(d -> without.replaceFirst("\\s*}$", ", interface = " + string(d) + " }")).orElse(without);
            String edited = binds.substring(0, table.start()) + changed + binds.substring(table.end());
            for (int i = span[1]; i >= span[0]; i--) {
                lines.remove(i);
            }
            lines.addAll(span[0], Arrays.asList(edited.split("\n", -1)));
            return Optional.of(String.join("\n", lines));
        }
        return Optional.empty();
    }

    /** Removes interface {@code name}'s table: its header and keys; comments around it stay. */
    public static Optional<String> removeInterface(String text, String name) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int header = headerLine(lines, "interfaces." + quoted(name));
        if (header < 0) {
            return Optional.empty();
        }
        int end = endOfTable(lines, header);
        int last = header;
        for (int[] span : keyLines(lines, header, end).values()) {
            last = Math.max(last, span[1]);
        }
        for (int i = last; i >= header; i--) {
            lines.remove(i);
        }
        if (header > 0 && header < lines.size() && lines.get(header - 1).isBlank() && lines.get(header).isBlank()) {
            lines.remove(header); // no double blank line where the table was
        }
        return Optional.of(String.join("\n", lines));
    }

    /** A TOML string literal. */
    public static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    private static String quoted(String name) {
        return name.matches("[A-Za-z0-9_-]+") ? name : string(name);
    }

    private static String pad(String key) {
        return key + " ".repeat(Math.max(1, 10 - key.length()));
    }

    private static int headerLine(List<String> lines, String table) {
        for (int i = 0; i < lines.size(); i++) {
            String l = stripComment(lines.get(i)).strip();
            if (l.startsWith("[") && !l.startsWith("[[") && l.endsWith("]")
                    && l.substring(1, l.length() - 1).strip().replaceAll("\\s*\\.\\s*", ".").equals(table)) {
                return i;
            }
        }
        return -1;
    }

    private static int endOfTable(List<String> lines, int header) {
        for (int i = header + 1; i < lines.size(); i++) {
            if (stripComment(lines.get(i)).strip().startsWith("[")) {
                return i;
            }
        }
        return lines.size();
    }

    /** key -> [first line, last line] of each key = value in the table, multi-line arrays included. */
    private static Map<String, int[]> keyLines(List<String> lines, int header, int end) {
        Map<String, int[]> keys = new LinkedHashMap<>();
        for (int i = header + 1; i < end; i++) {
            String l = stripComment(lines.get(i));
            int eq = l.indexOf('=');
            if (eq <= 0 || l.strip().startsWith("#")) {
                continue;
            }
            String key = l.substring(0, eq).strip();
            int depth = 0;
            int last = i;
            for (int j = i; j < end; j++) {
                String part = stripComment(lines.get(j));
                for (char c : (j == i ? part.substring(eq + 1) : part).toCharArray()) {
                    depth += c == '[' || c == '{' ? 1 : c == ']' || c == '}' ? -1 : 0;
                }
                last = j;
                if (depth <= 0) {
                    break;
                }
            }
            keys.put(key, new int[] {i, last});
            i = last;
        }
        return keys;
    }

    /** The last key line of the last [interfaces.*] table, or -1 if there is none. */
    private static int endOfLastInterface(List<String> lines) {
        int result = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = stripComment(lines.get(i)).strip();
            if (l.startsWith("[interfaces.")) {
                int end = endOfTable(lines, i);
                result = i;
                for (int[] span : keyLines(lines, i, end).values()) {
                    result = Math.max(result, span[1]);
                }
            }
        }
        return result;
    }

    private static int trailingAt(List<String> lines) {
        int i = lines.size();
        while (i > 0 && lines.get(i - 1).isEmpty()) {
            i--;
        }
        return i;
    }

    /** The comment at the end of a line ("# ..."), outside strings; "" if none. */
    private static String comment(String line) {
        int at = commentStart(line);
        return at < 0 ? "" : line.substring(at);
    }

    private static String stripComment(String line) {
        int at = commentStart(line);
        return at < 0 ? line : line.substring(0, at);
    }

    private static int commentStart(String line) {
        boolean inString = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && (i == 0 || line.charAt(i - 1) != '\\')) {
                inString = !inString;
            } else if (c == '#' && !inString) {
                return i;
            }
        }
        return -1;
    }

    private static String leadingSpace(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i == 0 ? " " : s.substring(0, i);
    }
}
