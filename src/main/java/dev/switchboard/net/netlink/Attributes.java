package dev.switchboard.net.netlink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reads rtattr lists into type → value views, and the values into Java types. Pure. */
public final class Attributes {
    private static final int NLA_TYPE_MASK = 0x3fff; // strips NLA_F_NESTED and NLA_F_NET_BYTEORDER

    private Attributes() {}

    /** The attributes from {@code offset} to the end of {@code body}; the last of a type wins. */
    public static Map<Integer, ByteBuffer> parse(ByteBuffer body, int offset) {
        Map<Integer, ByteBuffer> out = new HashMap<>();
        int at = offset;
        while (at + 4 <= body.limit()) {
            int len = body.getShort(at) & 0xffff;
            int type = body.getShort(at + 2) & NLA_TYPE_MASK;
            if (len < 4 || at + len > body.limit()) {
                break; // a malformed tail: keep what was whole
            }
            out.put(type, body.duplicate().position(at + 4).limit(at + len).slice().order(ByteOrder.nativeOrder()));
            at += MessageWriter.align(len);
        }
        return out;
    }

    public static Map<Integer, ByteBuffer> nested(ByteBuffer value) {
        return parse(value, 0);
    }

    public static long u32(ByteBuffer value) {
        return value.getInt(0) & 0xffffffffL;
    }

    public static int u8(ByteBuffer value) {
        return value.get(0) & 0xff;
    }

    public static int u16(ByteBuffer value) {
        return value.getShort(0) & 0xffff;
    }

    public static long u64(ByteBuffer value, int index) {
        return value.getLong(index * 8);
    }

    /** A C string, without its NUL. */
    public static String string(ByteBuffer value) {
        int end = 0;
        while (end < value.limit() && value.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end];
        value.duplicate().position(0).get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static byte[] bytes(ByteBuffer value) {
        byte[] out = new byte[value.limit()];
        value.duplicate().position(0).get(out);
        return out;
    }

    /** An IPv4 or IPv6 address from its raw bytes; never a lookup. */
    public static InetAddress address(ByteBuffer value) {
        try {
            return InetAddress.getByAddress(bytes(value));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address attribute of " + value.limit() + " bytes", e);
        }
    }
}
