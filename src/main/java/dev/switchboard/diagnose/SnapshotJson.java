package dev.switchboard.diagnose;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.config.Problem;
import dev.switchboard.config.Utf8;
import dev.switchboard.control.StateJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A snapshot as a JSON file (pretty-printed: a person can read it with {@code less}) and back. A
 * file is read as a stranger's: at most {@link #MAX_BYTES}, JSON, an object that says it is a
 * snapshot of {@link Snapshot#VERSION}, every field there; anything else is one line of {@link
 * Refused}, never a stack trace. Addresses are literals both ways: reading never asks DNS.
 */
public final class SnapshotJson {
    /** Far above a box's state (a few hundred kilobytes with thousands of routes), far below what hurts. */
    public static final int MAX_BYTES = 8 << 20;

    private static final ObjectMapper MAPPER = mapper();

    private SnapshotJson() {}

    /** A file that is not a snapshot this switchboard reads: the message is one line, naming the file. */
    public static final class Refused extends IOException {
        public Refused(String message) {
            super(message);
        }
    }

    public static String encode(Snapshot snapshot) {
        try {
            return MAPPER.writeValueAsString(snapshot) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a snapshot cannot be written as JSON", e);
        }
    }

    public static Snapshot decode(String json, String source) throws Refused {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new Refused(source + ": " + notJson(e, json));
        }
        if (tree == null || tree.isMissingNode()) {
            throw new Refused(source + ": is empty, not a snapshot");
        }
        JsonNode format = tree.path("format");
        if (tree.isObject() && format.isValueNode() && !Snapshot.FORMAT.equals(format.asText(null))) {
            throw new Refused(source + ": JSON, but not a switchboard snapshot (its \"format\" is " + found(format) + ", not \""
                    + Snapshot.FORMAT + "\")");
        }
        if (!tree.isObject() || !Snapshot.FORMAT.equals(format.asText(null))) {
            throw new Refused(source + ": JSON, but not a switchboard snapshot (no \"format\": \"" + Snapshot.FORMAT + "\")");
        }
        JsonNode version = tree.path("version");
        if (!version.isIntegralNumber()) {
            throw new Refused(source + ": a snapshot whose \"version\" is " + (version.isMissingNode() ? "missing" : found(version) + ", not a whole number")
                    + "; this switchboard reads version " + Snapshot.VERSION);
        }
        if (!version.isInt() || version.intValue() != Snapshot.VERSION) {
            throw new Refused(source + ": a snapshot of version " + clean(version.toString()) + "; this switchboard reads version "
                    + Snapshot.VERSION);
        }
        JsonNode stats = tree.path("engine").path("stats");
        if (stats.isObject() && !stats.has("budget")) { // written before the connection budget was recorded: not known
            ((com.fasterxml.jackson.databind.node.ObjectNode) stats).put("budget", 0);
        }
        for (JsonNode route : tree.path("net").path("routes")) { // written before multipath routes were read: one path each
            if (route.isObject() && !route.has("nexthops")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) route).putArray("nexthops");
            }
        }
        try {
            return MAPPER.treeToValue(harmless(tree), Snapshot.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new Refused(source + ": a damaged snapshot (" + damage(e, tree) + ")");
        }
    }

    /**
     * The tree with every string made harmless to print: a snapshot is a file from another box,
     * and its host name or a link's name reach the terminal and the console. Control characters
     * (but the line breaks and tabs of the config's text and the audit) and the invisible ones
     * that reorder or break a line (bidi controls, U+2028/9) become '?'.
     */
    static JsonNode harmless(JsonNode node) {
        if (node.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) node;
            java.util.List<String> names = new java.util.ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                o.set(name, harmless(o.get(name)));
            }
        } else if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode a = (com.fasterxml.jackson.databind.node.ArrayNode) node;
            for (int i = 0; i < a.size(); i++) {
                a.set(i, harmless(a.get(i)));
            }
        } else if (node.isTextual()) {
            String text = node.textValue();
            if (text.codePoints().anyMatch(SnapshotJson::harmful)) {
                StringBuilder out = new StringBuilder(text.length());
                text.codePoints().forEach(c -> out.appendCodePoint(harmful(c) ? '?' : c));
                return com.fasterxml.jackson.databind.node.TextNode.valueOf(out.toString());
            }
        }
        return node;
    }

    private static boolean harmful(int c) {
        return c != '\n' && c != '\t' && Problem.unprintable(c);
    }

    /**
     * Where the file is damaged and how, in a few words and the file's own terms (its keys, JSON's
     * kinds of value), never Jackson's (class names, tokens): {@code at net.links[2].name: missing or
     * null}, {@code at engine.gateways[0].metric: expected a whole number, not "x"}.
     */
    static String damage(Exception e, JsonNode tree) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        Throwable cause = e.getCause();
        boolean ours = cause != null && cause.getMessage() != null && !(cause instanceof JsonProcessingException);
        String m = ours ? cause.getMessage() : message == null ? "" : message; // ours: a record's own check, the field it misses
        JsonNode at = tree;
        StringBuilder path = new StringBuilder();
        if (e instanceof JsonMappingException j) {
            for (JsonMappingException.Reference r : j.getPath()) {
                if (r.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
                    at = at.path(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    path.append('[').append(r.getIndex()).append(']');
                    at = at.path(r.getIndex());
                }
            }
        }
        if (m.startsWith("Null value for creator property") || m.startsWith("Cannot map `null`") || m.contains("Missing required")
                || (!ours && (at.isMissingNode() || at.isNull()))) {
            m = "missing or null";
        } else if (m.contains(": not an address literal")) {
            m = "not an address literal: " + found(at);
        } else if (!ours || m.startsWith("No enum constant")) { // Jackson's words, or the JDK's naming a class
            m = "expected " + expected(target(e)) + ", not " + found(at);
        }
        return clean((path.length() == 0 ? "" : "at " + path + ": ") + m);
    }

    /** The type a value was read as, where Jackson says it: a mismatch, or a number out of its range. */
    private static Class<?> target(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MismatchedInputException mi) {
                return mi.getTargetType();
            }
            if (t instanceof com.fasterxml.jackson.core.exc.InputCoercionException ic) {
                return ic.getTargetType();
            }
        }
        return null;
    }

    /** A kind of value as a snapshot holds it, in JSON's words. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "what a snapshot holds here";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == int.class || type == Integer.class) {
            return "a whole number up to " + Integer.MAX_VALUE;
        }
        if (type == long.class || type == Long.class) {
            return "a whole number up to " + Long.MAX_VALUE;
        }
        if (type == short.class || type == Short.class || type == byte.class || type == Byte.class) {
            return "a small whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(c -> "\"" + ((Enum<?>) c).name() + "\"")
                    .collect(java.util.stream.Collectors.joining(", "));
        }
        if (type == java.time.Instant.class) {
            return "a time such as \"2026-01-31T12:00:00Z\"";
        }
        if (InetAddress.class.isAssignableFrom(type)) {
            return "an address literal";
        }
        if (type == dev.switchboard.config.HostPort.class || type == java.net.InetSocketAddress.class) {
            return "ADDRESS:PORT";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** A value of the file as a person would name it: {@code "x"}, {@code the number 7}, {@code an array}. */
    static String found(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isTextual()) {
            String text = node.textValue();
            return "\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
        }
        if (node.isNumber()) {
            String number = node.asText();
            return "the number " + (number.length() > 24 ? number.substring(0, 20) + "... (" + number.length() + " digits)" : number);
        }
        if (node.isBoolean()) {
            return node.asText();
        }
        return node.isArray() ? "an array" : node.isObject() ? "an object" : "null";
    }

    /**
     * What is wrong with text that is not JSON, where, in words of its own: {@code not JSON (line 1,
     * column 1: unexpected "hello")}. Jackson's messages name its tokens and its limits' methods;
     * their stable heads say which mistake it is, and the character or word is taken from the text.
     */
    static String notJson(JsonProcessingException e, String json) {
        String m = String.valueOf(e.getOriginalMessage());
        JsonLocation location = e.getLocation();
        int line = location == null ? 0 : location.getLineNr();
        int column = location == null ? 0 : location.getColumnNr();
        int offset = location == null ? -1 : (int) location.getCharOffset();
        if (m.startsWith("Duplicate field '")) {
            String key = m.substring("Duplicate field '".length(), m.lastIndexOf('\''));
            return "the key \"" + clean(key) + "\" is given twice in one object (the second time on line " + line
                    + "); a snapshot has each key once";
        }
        String words;
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("^(?:Unrecognized|Non-standard) token '").matcher(m);
        java.util.regex.Matcher character = java.util.regex.Pattern.compile("^(?:Unexpected|Illegal) character \\(.*?code (\\d+)").matcher(m);
        if (m.contains("end-of-input")) {
            words = "the JSON ends before it is complete: the file is cut short?";
        } else if (m.contains("nesting depth")) {
            words = "arrays or objects nested more than " + MAPPER.getFactory().streamReadConstraints().getMaxNestingDepth()
                    + " deep; a snapshot nests a few";
        } else if (m.contains("Number value length") || m.contains("Number length")) {
            words = "a number of more than " + MAPPER.getFactory().streamReadConstraints().getMaxNumberLength() + " digits";
        } else if (m.contains("String value length")) {
            words = "a string longer than " + MAPPER.getFactory().streamReadConstraints().getMaxStringLength() + " characters";
        } else if (m.startsWith("Trailing token")) {
            words = "more after the end of the JSON value: one snapshot is one object";
        } else if (m.startsWith("Illegal unquoted character")) {
            words = "a control character inside a string (JSON writes it escaped)";
        } else if (m.startsWith("Unrecognized character escape")) {
            words = "an escape in a string that JSON does not have";
        } else if (m.contains("numeric value")) {
            words = "a number not written as JSON writes numbers";
        } else if (token.find()) {
            int quote = m.indexOf('\'', token.end());
            String t = quote < 0 ? "" : m.substring(token.end(), quote);
            if (!t.isEmpty() && offset >= t.length() && !json.startsWith(t, offset) && json.startsWith(t, offset - t.length())) {
                column -= t.length(); // Jackson may stand past the word
            }
            words = "unexpected " + (t.isEmpty() ? word(json, offset) : "\"" + clean(t.length() > 40 ? t.substring(0, 40) + "..." : t) + "\"");
        } else if (character.find() && location != null) {
            int code = Integer.parseInt(character.group(1));
            if (code < ' ' && offset > 0 && offset <= json.length() && json.charAt(offset - 1) == code) {
                column--; // past a control character, read as white space first, Jackson stands one on
            }
            words = "unexpected " + character(code);
        } else {
            words = "not valid JSON here";
        }
        return "not JSON (" + (line < 1 ? "" : "line " + line + ", column " + column + ": ") + words + ")";
    }

    /** The word at {@code offset} as a user would point at it, shown safely. */
    private static String word(String json, int offset) {
        if (offset < 0 || offset >= json.length()) {
            return "end of the file";
        }
        int end = offset;
        while (end < json.length() && end - offset < 40 && Character.isLetterOrDigit(json.codePointAt(end))) {
            end += Character.charCount(json.codePointAt(end));
        }
        return end == offset ? character(json.codePointAt(offset)) : "\"" + json.substring(offset, end) + "\"";
    }

    private static String character(int c) {
        return Problem.unprintable(c) || Character.isWhitespace(c) ? String.format("character U+%04X", c)
                : "character '" + new String(Character.toChars(c)) + "'";
    }

    /** Reads {@code file}, at most {@link #MAX_BYTES}. */
    public static Snapshot read(Path file) throws Refused {
        if (Files.isDirectory(file)) {
            throw new Refused(file + ": is a directory, not a snapshot file (give the file switchboard snapshot -o wrote)");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new Refused(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new Refused(file + ": permission denied (run as a user that may read it, or with sudo)");
        } catch (IOException e) {
            throw new Refused(file + ": cannot be read (" + clean(String.valueOf(e.getMessage())) + ")");
        }
        if (bytes.length > MAX_BYTES) {
            throw new Refused(file + ": larger than " + (MAX_BYTES >> 20) + " MiB, not a snapshot");
        }
        if (bytes.length == 0) {
            throw new Refused(file + ": is empty, not a snapshot");
        }
        if (Utf8.isUtf16(bytes)) {
            throw new Refused(file + ": is UTF-16 text (it starts with a UTF-16 byte order mark); a snapshot is UTF-8 JSON,"
                    + " as switchboard snapshot writes it");
        }
        try {
            // JSON may be read past a UTF-8 byte order mark (RFC 8259, 8.1): an editor's save adds one
            return decode(Utf8.decode(bytes, Utf8.hasByteOrderMark(bytes) ? 3 : 0), file.toString());
        } catch (Utf8.NotUtf8 e) {
            throw new Refused(file + ": not UTF-8 text (line " + e.at().line() + ", column " + e.at().column() + ": " + e.getMessage()
                    + "; a snapshot is UTF-8 JSON)");
        }
    }

    /** Writes {@code file} whole, or leaves what was there; its directory must exist. */
    public static void write(Snapshot snapshot, Path file) throws IOException {
        dev.switchboard.config.AtomicFile.replace(file, encode(snapshot));
    }

    /** A message fit for one line of a terminal: no control characters, not too long. */
    public static String clean(String message) {
        if (message == null) {
            return "no details";
        }
        StringBuilder out = new StringBuilder();
        message.codePoints().limit(160).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString().strip() + (message.length() > 160 ? "..." : "");
    }

    private static ObjectMapper mapper() {
        SimpleModule addresses = new SimpleModule("switchboard-snapshot");
        addresses.addSerializer(InetAddress.class, new JsonSerializer<InetAddress>() {
            @Override
            public void serialize(InetAddress value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(IpLiteral.format(value));
            }
        });
        addresses.addDeserializer(InetAddress.class, new JsonDeserializer<InetAddress>() {
            @Override
            public InetAddress deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String s = p.getValueAsString();
                Optional<InetAddress> a = IpLiteral.parse(s == null ? "" : s);
                if (a.isEmpty()) {
                    return (InetAddress) ctxt.handleWeirdStringValue(InetAddress.class, s, "not an address literal");
                }
                return a.get();
            }
        });
        ObjectMapper mapper = StateJson.copyMapper();
        mapper.registerModule(addresses);
        mapper.enable(SerializationFeature.INDENT_OUTPUT);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // a key twice is a file edited by hand or two written into one; Jackson would keep the last
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // a number where a string belongs is damage, not a name: Jackson would take 7 as "7"
        mapper.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Textual)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
        return mapper;
    }
}
