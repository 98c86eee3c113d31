package dev.switchboard.http1;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A message's header fields in the order and spelling they came, names compared without case.
 * A head holds a handful, so a list scanned from the start costs less than any map; the bytes
 * are kept as ISO-8859-1 strings, so what is written out is byte for byte what came in.
 */
public final class Headers {
    private final ArrayList<String> fields; // name, value, name, value...
    private int seen; // a bit for each name of KNOWN ever added: most lookups are of names a message does not have

    /** The names the proxy asks about, lower case: a lookup of one never added costs no scan. */
    private static final List<String> KNOWN = List.of("host", "content-length", "transfer-encoding", "connection", "keep-alive",
            "proxy-connection", "te", "upgrade", "expect", "x-forwarded-for");

    public Headers() {
        this.fields = new ArrayList<>(16);
    }

    public int size() {
        return fields.size() / 2;
    }

    public String name(int i) {
        return fields.get(2 * i);
    }

    public String value(int i) {
        return fields.get(2 * i + 1);
    }

    /** The bit of a name of {@link #KNOWN} (in any case), or 0. */
    private static int bit(String name) {
        for (int i = 0; i < KNOWN.size(); i++) {
            String known = KNOWN.get(i);
            if (known.length() == name.length() && known.equalsIgnoreCase(name)) {
                return 1 << i;
            }
        }
        return 0;
    }

    /** Whether {@code name} may be here: false only for a known name never added. */
    private boolean mayHave(String name) {
        int bit = bit(name);
        return bit == 0 || (seen & bit) != 0;
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        if (!mayHave(name)) {
            return null;
        }
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                return fields.get(i + 1);
            }
        }
        return null;
    }

    public List<String> all(String name) {
        if (!mayHave(name)) {
            return List.of();
        }
        List<String> values = new ArrayList<>(1);
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                values.add(fields.get(i + 1));
            }
        }
        return values;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /** Whether a comma-separated list in any {@code name} field holds {@code token} (any case). */
    public boolean hasToken(String name, String token) {
        if (!mayHave(name)) {
            return false;
        }
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name) && Tokens.contains(fields.get(i + 1), token)) {
                return true;
            }
        }
        return false;
    }

    public Headers add(String name, String value) {
        seen |= bit(name);
        fields.add(name);
        fields.add(value);
        return this;
    }

    /** Replaces every {@code name} field by one, in the place of the first (or at the end). */
    public Headers set(String name, String value) {
        if (!mayHave(name)) {
            return add(name, value);
        }
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                fields.set(i + 1, value);
                removeFrom(name, i + 2);
                return this;
            }
        }
        return add(name, value);
    }

    public Headers remove(String name) {
        if (mayHave(name)) {
            removeFrom(name, 0);
        }
        return this;
    }

    /** Removes every field whose name, in lower case, is in {@code lowerCaseNames}: one pass, however many. */
    /** Removes every field whose name is in {@code names}, a set that compares without case (a TreeSet of CASE_INSENSITIVE_ORDER): one pass. */
    public Headers removeAll(Set<String> names) {
        int to = 0;
        for (int i = 0; i < fields.size(); i += 2) {
            if (!names.contains(fields.get(i))) {
                fields.set(to, fields.get(i));
                fields.set(to + 1, fields.get(i + 1));
                to += 2;
            }
        }
        truncate(to);
        return this;
    }

    /** How many fields are called {@code name}. */
    public int count(String name) {
        if (!mayHave(name)) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                n++;
            }
        }
        return n;
    }

    private void removeFrom(String name, int from) {
        int to = from;
        for (int i = from; i < fields.size(); i += 2) {
            if (!fields.get(i).equalsIgnoreCase(name)) {
                fields.set(to, fields.get(i));
                fields.set(to + 1, fields.get(i + 1));
                to += 2;
            }
        }
        truncate(to);
    }

    private void truncate(int size) {
        fields.subList(size, fields.size()).clear();
    }

    /** Writes each field as {@code name: value CRLF}. */
    void write(ByteBuf out) {
        for (int i = 0; i < fields.size(); i += 2) {
            out.writeCharSequence(fields.get(i), StandardCharsets.ISO_8859_1);
            out.writeByte(':').writeByte(' ');
            out.writeCharSequence(fields.get(i + 1), StandardCharsets.ISO_8859_1);
            out.writeByte('\r').writeByte('\n');
        }
    }

    int writtenLength() {
        int n = 0;
        for (int i = 0; i < fields.size(); i += 2) {
            n += fields.get(i).length() + fields.get(i + 1).length() + 4;
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < fields.size(); i += 2) {
            s.append(fields.get(i)).append(": ").append(fields.get(i + 1)).append('\n');
        }
        return s.toString();
    }
}
