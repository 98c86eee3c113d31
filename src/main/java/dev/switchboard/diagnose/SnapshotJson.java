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
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.config.Problem;
import dev.switchboard.control.StateJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
            throw new Refused(source + ": not JSON (" + where(e) + clean(e.getOriginalMessage()) + ")");
        }
        if (tree == null || tree.isMissingNode()) {
            throw new Refused(source + ": is empty, not a snapshot");
        }
        if (!tree.isObject() || !Snapshot.FORMAT.equals(tree.path("format").asText(null))) {
            throw new Refused(source + ": JSON, but not a switchboard snapshot (no \"format\": \"" + Snapshot.FORMAT + "\")");
        }
        JsonNode version = tree.path("version");
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
            throw new Refused(source + ": a damaged snapshot (" + damage(e) + ")");
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

    /** Where the file is damaged and how, in a few words: {@code at net.links[2].name: missing or null}. */
    static String damage(Exception e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !(cause instanceof JsonProcessingException)) {
            message = cause.getMessage(); // a record's own check: the field it misses
        }
        String m = message == null ? "" : message;
        if (m.startsWith("Null value for creator property") || m.startsWith("Cannot map `null`") || m.contains("Missing required")) {
            m = "missing or null";
        } else if (m.contains(": not an address literal")) {
            m = "not an address literal";
        }
        String at = "";
        if (e instanceof JsonMappingException j && !j.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference r : j.getPath()) {
                if (r.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    path.append('[').append(r.getIndex()).append(']');
                }
            }
            at = "at " + path + ": ";
        }
        return clean(at + m);
    }

    /** Reads {@code file}, at most {@link #MAX_BYTES}. */
    public static Snapshot read(Path file) throws Refused {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new Refused(file + ": cannot be read (" + clean(String.valueOf(e.getMessage())) + ")");
        }
        if (bytes.length > MAX_BYTES) {
            throw new Refused(file + ": larger than " + (MAX_BYTES >> 20) + " MiB, not a snapshot");
        }
        if (bytes.length == 0) {
            throw new Refused(file + ": is empty, not a snapshot");
        }
        return decode(new String(bytes, StandardCharsets.UTF_8), file.toString());
    }

    /** Writes {@code file} whole, or leaves what was there; its directory must exist. */
    public static void write(Snapshot snapshot, Path file) throws IOException {
        dev.switchboard.config.AtomicFile.replace(file, encode(snapshot));
    }

    private static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
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
        return mapper;
    }
}
