package dev.switchboard.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds one netlink message: the nlmsghdr, a fixed struct (ifinfomsg, rtmsg, …), then rtattrs,
 * each padded to 4 bytes, nested ones with their length filled in when they close. Pure.
 */
public final class MessageWriter {
    private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    private final Deque<Integer> nests = new ArrayDeque<>();

    public MessageWriter(int type, int flags) {
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
    }

    public MessageWriter u8(int v) {
        room(1).put((byte) v);
        return this;
    }

    public MessageWriter u16(int v) {
        room(2).putShort((short) v);
        return this;
    }

    public MessageWriter u32(long v) {
        room(4).putInt((int) v);
        return this;
    }

    public MessageWriter attr(int type, byte[] value) {
        int length = 4 + value.length;
        room(align(length)).putShort((short) length).putShort((short) type).put(value);
        pad();
        return this;
    }

    public MessageWriter attrU32(int type, long value) {
        return attr(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt((int) value).array());
    }

    public MessageWriter attrU8(int type, int value) {
        return attr(type, new byte[] {(byte) value});
    }

    public MessageWriter attrU16(int type, int value) {
        return attr(type, ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) value).array());
    }

    /** A NUL-terminated string, as the kernel expects names. */
    public MessageWriter attrString(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        return attr(type, Arrays.copyOf(s, s.length + 1));
    }

    public MessageWriter begin(int type) {
        nests.push(buf.position());
        room(4).putShort((short) 0).putShort((short) type);
        return this;
    }

    public MessageWriter end() {
        int start = nests.pop();
        buf.putShort(start, (short) (buf.position() - start));
        return this;
    }

    /** The finished message with its length and sequence number in the header. */
    public byte[] build(int seq) {
        if (!nests.isEmpty()) {
            throw new IllegalStateException("unclosed nested attribute");
        }
        byte[] out = Arrays.copyOf(buf.array(), buf.position());
        ByteBuffer header = ByteBuffer.wrap(out).order(ByteOrder.nativeOrder());
        header.putInt(0, out.length);
        header.putInt(8, seq);
        return out;
    }

    static int align(int n) {
        return (n + 3) & ~3;
    }

    private void pad() {
        while (buf.position() % 4 != 0) {
            buf.put((byte) 0);
        }
    }

    private ByteBuffer room(int n) {
        if (buf.remaining() < n + 4) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n + 64)).order(ByteOrder.nativeOrder());
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
        return buf;
    }
}
