package dev.switchboard.http1;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A message's header fields in the order and spelling they came, names compared without case.
 * The fields stay where they came, as slices of the head's own bytes: a proxied head is mostly
 * passed on as it is, so making a string of every name and value it holds would be the most of
 * its cost. A field added or set here is appended to those bytes and sliced the same way; a
 * string is made only of what is asked for. The names the proxy asks about are told apart once,
 * as the field is added (a number each), and looked for by that number.
 */
public final class Headers {
    /** The names the proxy asks about, lower case; a field's {@code known} is its index here plus one. */
    private static final List<String> KNOWN = List.of("host", "content-length", "transfer-encoding", "connection", "keep-alive",
            "proxy-connection", "te", "upgrade", "expect", "x-forwarded-for");
    /** The same names as the proxy writes them when it sets one: told apart by identity too. */
    private static final List<String> KNOWN_AS_SET = List.of("Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive",
            "Proxy-Connection", "TE", "Upgrade", "Expect", "X-Forwarded-For");
    private static final byte[][] KNOWN_BYTES = KNOWN.stream().map(n -> n.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new);
    /** The longest of the known names: a longer name is none of them. */
    static final int LONGEST_KNOWN = KNOWN.stream().mapToInt(String::length).max().orElseThrow();
    private static final int SLICE = 4; // per field: name start, name end, value start, value end

    private byte[] bytes; // the head's bytes, then what was added or set
    private int used; // bytes[used..] is free
    private int[] slices = new int[SLICE * 8];
    private byte[] known = new byte[8];
    private int size;
    private int seen; // a bit for each known name ever added: most lookups are of names a message does not have

    public Headers() {
        this.bytes = new byte[64];
    }

    /** Fields to be sliced out of {@code head} (owned from now on) by {@link #addSlice}. */
    Headers(byte[] head, int length) {
        this.bytes = head;
        this.used = length;
    }

    public int size() {
        return size;
    }

    public String name(int i) {
        return string(slices[SLICE * i], slices[SLICE * i + 1]);
    }

    public String value(int i) {
        return string(slices[SLICE * i + 2], slices[SLICE * i + 3]);
    }

    /** Whether any field's name holds {@code b}: a look at the bytes, no string made. */
    public boolean anyNameHolds(byte b) {
        for (int i = 0; i < size; i++) {
            for (int at = slices[SLICE * i], end = slices[SLICE * i + 1]; at < end; at++) {
                if (bytes[at] == b) {
                    return true;
                }
            }
        }
        return false;
    }

    private String string(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** The number of a name of {@link #KNOWN} (in any case), or 0. */
    private static int known(String name) {
        for (int i = 0; i < KNOWN.size(); i++) {
            if (KNOWN.get(i) == name || KNOWN_AS_SET.get(i) == name) { // the proxy asks by these very constants: literals are one string
                return i + 1;
            }
        }
        for (int i = 0; i < KNOWN.size(); i++) {
            if (KNOWN.get(i).equalsIgnoreCase(name)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The numbers of the known names of each length: a field's name is compared with one or two of them at most. */
    private static final int[][] BY_LENGTH = new int[32][];

    static {
        for (int length = 0; length < BY_LENGTH.length; length++) {
            int l = length;
            BY_LENGTH[length] = IntStream.range(0, KNOWN.size()).filter(i -> KNOWN.get(i).length() == l).map(i -> i + 1).toArray();
        }
    }

    /** The number of the known name in {@code in}'s [from, to), or 0. */
    static int known(byte[] in, int from, int to) {
        int length = to - from;
        if (length >= BY_LENGTH.length) {
            return 0;
        }
        for (int number : BY_LENGTH[length]) {
            if (sameIgnoringCase(in, from, KNOWN_BYTES[number - 1])) {
                return number;
            }
        }
        return 0;
    }

    /** Whether [from, from + lower.length) of {@code in} is {@code lower}, a lower-case token, in any case. */
    private static boolean sameIgnoringCase(byte[] in, int from, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            int b = in[from + i];
            // ORing in 0x20 lower-cases a letter and leaves '-' and digits alone; of the other
            // bytes it maps onto a letter, none is a token character a name may hold
            if (b != lower[i] && (b | 0x20) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether field {@code i} is called {@code name}, whose number is {@code number}. */
    private boolean is(int i, String name, int number) {
        if (number != 0) {
            return known[i] == number;
        }
        int from = slices[SLICE * i];
        return slices[SLICE * i + 1] - from == name.length() && Tokens.sameIgnoringCase(bytes, from, name);
    }

    /** The number of {@code name}, or -1 when it is a known name never added: no field to look for. */
    private int lookup(String name) {
        int number = known(name);
        return number != 0 && (seen & 1 << number) == 0 ? -1 : number;
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        int i = indexOf(name);
        return i < 0 ? null : value(i);
    }

    private int indexOf(String name) {
        int number = lookup(name);
        if (number >= 0) {
            for (int i = 0; i < size; i++) {
                if (is(i, name, number)) {
                    return i;
                }
            }
        }
        return -1;
    }

    public List<String> all(String name) {
        int number = lookup(name);
        if (number < 0) {
            return List.of();
        }
        List<String> values = new ArrayList<>(1);
        for (int i = 0; i < size; i++) {
            if (is(i, name, number)) {
                values.add(value(i));
            }
        }
        return values;
    }

    public boolean contains(String name) {
        return indexOf(name) >= 0;
    }

    /** Whether a comma-separated list in any {@code name} field holds {@code token} (any case). */
    public boolean hasToken(String name, String token) {
        int number = lookup(name);
        if (number < 0) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (is(i, name, number) && Tokens.contains(bytes, slices[SLICE * i + 2], slices[SLICE * i + 3], token)) {
                return true;
            }
        }
        return false;
    }

    /** How many fields are called {@code name}. */
    public int count(String name) {
        int number = lookup(name);
        int n = 0;
        for (int i = 0; number >= 0 && i < size; i++) {
            if (is(i, name, number)) {
                n++;
            }
        }
        return n;
    }

    public Headers add(String name, String value) {
        int nameAt = append(name);
        int valueAt = append(": ") + 2; // so that the field is one run of bytes, written in one go
        append(value);
        return addSlice(nameAt, nameAt + name.length(), valueAt, valueAt + value.length());
    }

    /** Adds the field whose name is [nameFrom, nameTo) of the bytes, and its value [valueFrom, valueTo). */
    Headers addSlice(int nameFrom, int nameTo, int valueFrom, int valueTo) {
        if (size == known.length) {
            known = Arrays.copyOf(known, 2 * size);
            slices = Arrays.copyOf(slices, SLICE * 2 * size);
        }
        int number = known(bytes, nameFrom, nameTo);
        seen |= 1 << number;
        known[size] = (byte) number;
        int at = SLICE * size++;
        slices[at] = nameFrom;
        slices[at + 1] = nameTo;
        slices[at + 2] = valueFrom;
        slices[at + 3] = valueTo;
        return this;
    }

    /** Appends {@code text}'s ISO-8859-1 bytes: where they begin. */
    private int append(String text) {
        int at = room(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes[used++] = c <= 0xff ? (byte) c : (byte) '?'; // as ISO-8859-1 encodes what it cannot: never a CR or LF from a wide char's low byte
        }
        return at;
    }

    /** Appends {@code in}'s [from, to): where it begins. */
    int append(byte[] in, int from, int to) {
        int at = room(to - from);
        System.arraycopy(in, from, bytes, at, to - from);
        used += to - from;
        return at;
    }

    /** Makes room for {@code n} more bytes: where they will begin. */
    private int room(int n) {
        if (bytes.length - used < n) {
            bytes = Arrays.copyOf(bytes, Math.max(used + n, 2 * bytes.length));
        }
        return used;
    }

    /** Replaces every {@code name} field by one, in the place of the first (or at the end). */
    public Headers set(String name, String value) {
        int first = indexOf(name);
        if (first < 0) {
            return add(name, value);
        }
        int at = append(value);
        slices[SLICE * first + 2] = at;
        slices[SLICE * first + 3] = at + value.length();
        removeFrom(name, first + 1);
        return this;
    }

    public Headers remove(String name) {
        removeFrom(name, 0);
        return this;
    }

    /** Removes every field whose name is in {@code names}, a set that compares without case (a TreeSet of CASE_INSENSITIVE_ORDER): one pass. */
    public Headers removeAll(Set<String> names) {
        int to = 0;
        for (int i = 0; i < size; i++) {
            if (!names.contains(name(i))) {
                keep(i, to++);
            }
        }
        size = to;
        return this;
    }

    private void removeFrom(String name, int from) {
        int number = lookup(name);
        if (number < 0) {
            return;
        }
        int to = from;
        for (int i = from; i < size; i++) {
            if (!is(i, name, number)) {
                keep(i, to++);
            }
        }
        size = to;
    }

    /** Moves field {@code i} to place {@code to}, at or before it. */
    private void keep(int i, int to) {
        if (i != to) {
            known[to] = known[i];
            System.arraycopy(slices, SLICE * i, slices, SLICE * to, SLICE);
        }
    }

    /** Writes each field as {@code name: value CRLF}: a field as it came, or as added, in one piece. */
    void write(ByteBuf out) {
        for (int i = 0; i < size; i++) {
            int at = SLICE * i;
            int nameFrom = slices[at];
            int nameTo = slices[at + 1];
            int valueFrom = slices[at + 2];
            int valueTo = slices[at + 3];
            if (valueFrom == nameTo + 2 && bytes[nameTo] == ':' && bytes[nameTo + 1] == ' ') {
                out.writeBytes(bytes, nameFrom, valueTo - nameFrom);
            } else {
                out.writeBytes(bytes, nameFrom, nameTo - nameFrom);
                out.writeByte(':').writeByte(' ');
                out.writeBytes(bytes, valueFrom, valueTo - valueFrom);
            }
            out.writeByte('\r').writeByte('\n');
        }
    }

    int writtenLength() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            n += slices[SLICE * i + 1] - slices[SLICE * i] + slices[SLICE * i + 3] - slices[SLICE * i + 2] + 4;
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < size; i++) {
            s.append(name(i)).append(": ").append(value(i)).append('\n');
        }
        return s.toString();
    }
}
