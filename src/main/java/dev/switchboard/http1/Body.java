package dev.switchboard.http1;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Where a message's body ends among its connection's bytes: after a length, after the last
 * chunk, or at the connection's end. The bytes are passed on as they came (chunks stay chunks),
 * so the server frames the body exactly as this proxy did; chunked framing is checked as it
 * passes, and a chunk size that is not hex, overflows, or a line that does not end in CRLF is
 * refused before its bytes go anywhere. So is a trailer field that frames or routes a message:
 * the trailers pass as they came too, and a server that merges them into the head (RFC 9110
 * 6.5.2 says it must not, some do) would take a framing, a Host or a client address from a
 * field this proxy never checked.
 */
public final class Body {
    public enum Kind { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

    /** A chunk-size line (extensions included) or the trailer section longer than this is refused. */
    static final int MAX_LINE = 4096;
    static final int MAX_TRAILER = 16384;
    /** Leading zeros count: a server that keeps 16 digits must read the size this proxy read. */
    static final int MAX_DIGITS = 16;

    /** A trailer field's name is kept this far: past it, it is none of the names the proxy knows. */
    private static final int MAX_NAME = Headers.LONGEST_KNOWN;

    private enum Chunk { SIZE, SIZE_SPACE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER_START, TRAILER_NAME, TRAILER_VALUE, TRAILER_LF, END_LF, DONE }

    private final Kind kind;
    private long remaining; // of LENGTH, or of the chunk under way
    private Chunk chunk = Chunk.SIZE;
    private int digits;
    private int lineBytes;
    private int trailerBytes;
    private byte[] name; // the trailer field's name under way, as far as it can be one the proxy knows; made at the first trailer
    private int nameLength;
    private int pending; // bytes after the reader index already stepped through, not yet counted
    private BadMessage failed; // found after bytes that were fine: thrown by the next take

    private Body(Kind kind, long length) {
        this.kind = kind;
        this.remaining = length;
    }

    public static final Body NONE = new Body(Kind.NONE, 0);

    public static Body length(long length) {
        return length == 0 ? NONE : new Body(Kind.LENGTH, length);
    }

    public static Body chunked() {
        return new Body(Kind.CHUNKED, 0);
    }

    public static Body untilClose() {
        return new Body(Kind.UNTIL_CLOSE, 0);
    }

    public Kind kind() {
        return kind;
    }

    public boolean hasBody() {
        return kind != Kind.NONE;
    }

    /** Whether the body has ended (a body until the close ends only with it). */
    public boolean done() {
        return switch (kind) {
            case NONE -> true;
            case LENGTH -> remaining == 0;
            case CHUNKED -> chunk == Chunk.DONE;
            case UNTIL_CLOSE -> false;
        };
    }

    /**
     * How many of the bytes from {@code in}'s reader index belong to the body (none consumed):
     * all of them, or those up to its end, after which {@link #done()} says so.
     */
    public int take(ByteBuf in) throws BadMessage {
        int available = in.readableBytes();
        return switch (kind) {
            case NONE -> 0;
            case UNTIL_CLOSE -> available;
            case LENGTH -> {
                int n = (int) Math.min(remaining, available);
                remaining -= n;
                yield n;
            }
            case CHUNKED -> chunks(in, in.readerIndex(), available);
        };
    }

    /**
     * Steps through the chunked framing, and counts the bytes up to the last whole element (a
     * size line, data, a CRLF, a trailer line): half a size line is never passed on, so one that
     * turns out bad (an overflow at its 16th digit) has not reached anyone. The bytes stepped
     * past but not yet counted are remembered, so each byte is looked at once; an error after
     * bytes that were fine is kept for the next call, so those bytes still go on.
     */
    private int chunks(ByteBuf in, int start, int available) throws BadMessage {
        if (failed != null) {
            throw failed;
        }
        int end = start + available;
        int i = start + pending;
        int safe = start;
        while (i < end && chunk != Chunk.DONE) {
            if (chunk == Chunk.DATA) {
                int n = (int) Math.min(remaining, end - i);
                remaining -= n;
                i += n;
                safe = i;
                if (remaining == 0) {
                    chunk = Chunk.DATA_CR;
                }
                continue;
            }
            Chunk before = chunk;
            try {
                step(in.getByte(i));
            } catch (BadMessage bad) {
                if (safe == start) {
                    throw bad;
                }
                failed = bad;
                break;
            }
            i++;
            if (chunk != before && (chunk == Chunk.DATA || chunk == Chunk.SIZE || chunk == Chunk.TRAILER_START || chunk == Chunk.DONE)) {
                safe = i; // an element ended
            }
        }
        pending = i - safe;
        return safe - start;
    }

    private void step(byte b) throws BadMessage {
        switch (chunk) {
            case SIZE -> {
                int digit = Character.digit(b, 16);
                if (digit >= 0) {
                    if (remaining > (Long.MAX_VALUE >> 4) || digits == MAX_DIGITS) {
                        throw new BadMessage(400, "a chunk size that overflows or has more than " + MAX_DIGITS + " digits");
                    }
                    remaining = remaining << 4 | digit;
                    digits++;
                } else if (digits == 0) {
                    throw new BadMessage(400, "a chunk size that is not hex");
                } else if (b == '\r') {
                    chunk = Chunk.SIZE_LF;
                } else if (b == ';') {
                    chunk = Chunk.EXTENSION;
                } else if (Tokens.ows(b)) {
                    chunk = Chunk.SIZE_SPACE;
                } else {
                    throw new BadMessage(400, "a chunk size that is not hex");
                }
                line();
            }
            case SIZE_SPACE -> { // spaces may only come before an extension (RFC 9112 7.1.1's BWS)
                if (b == ';') {
                    chunk = Chunk.EXTENSION;
                } else if (!Tokens.ows(b)) {
                    throw new BadMessage(400, "a chunk size followed by spaces and no extension");
                }
                line();
            }
            case EXTENSION -> {
                if (b == '\r') {
                    chunk = Chunk.SIZE_LF;
                } else if (!Tokens.fieldByte(b)) {
                    throw new BadMessage(400, "a chunk extension with a control character");
                }
                line();
            }
            case SIZE_LF -> {
                expect(b, '\n');
                lineBytes = 0;
                digits = 0;
                chunk = remaining == 0 ? Chunk.TRAILER_START : Chunk.DATA;
            }
            case DATA_CR -> {
                expect(b, '\r');
                chunk = Chunk.DATA_LF;
            }
            case DATA_LF -> {
                expect(b, '\n');
                chunk = Chunk.SIZE;
            }
            case TRAILER_START -> {
                if (b == '\r') {
                    chunk = Chunk.END_LF;
                } else if (Tokens.tchar(b)) {
                    trailerByte();
                    nameLength = 0;
                    nameByte(b);
                    chunk = Chunk.TRAILER_NAME;
                } else {
                    throw new BadMessage(400, "a trailer line that is not a field (name: value)");
                }
            }
            case TRAILER_NAME -> {
                trailerByte();
                if (b == ':') {
                    notATrailer();
                    chunk = Chunk.TRAILER_VALUE;
                } else if (!Tokens.tchar(b)) {
                    throw new BadMessage(400, "a trailer line that is not a field (name: value)");
                } else {
                    nameByte(b);
                }
            }
            case TRAILER_VALUE -> {
                trailerByte();
                if (b == '\r') {
                    chunk = Chunk.TRAILER_LF;
                } else if (!Tokens.fieldByte(b)) {
                    throw new BadMessage(400, "a trailer value with a control character");
                }
            }
            case TRAILER_LF -> {
                expect(b, '\n');
                chunk = Chunk.TRAILER_START;
            }
            case END_LF -> {
                expect(b, '\n');
                chunk = Chunk.DONE;
            }
            default -> throw new IllegalStateException(chunk.name());
        }
    }

    private void line() throws BadMessage {
        if (++lineBytes > MAX_LINE) {
            throw new BadMessage(400, "a chunk-size line longer than " + MAX_LINE + " bytes");
        }
    }

    private void nameByte(byte b) {
        if (name == null) {
            name = new byte[MAX_NAME];
        }
        if (nameLength < MAX_NAME) {
            name[nameLength] = b;
        }
        nameLength++; // past MAX_NAME, none the proxy knows
    }

    /**
     * Refuses the trailer field just named if it is one the proxy reads in a head ({@link Headers}'
     * known names): framing, routing, the connection's own, Expect, and the client address a proxy
     * adds, none of which a trailer may hold (RFC 9110 6.5.1).
     */
    private void notATrailer() throws BadMessage {
        if (nameLength <= MAX_NAME && Headers.known(name, 0, nameLength) != 0) {
            throw new BadMessage(400, "a trailer field " + new String(name, 0, nameLength, StandardCharsets.ISO_8859_1)
                    + ", which only a head may carry");
        }
    }

    private void trailerByte() throws BadMessage {
        if (++trailerBytes > MAX_TRAILER) {
            throw new BadMessage(400, "a trailer longer than " + MAX_TRAILER + " bytes");
        }
    }

    private static void expect(byte b, char wanted) throws BadMessage {
        if (b != wanted) {
            throw new BadMessage(400, "chunked framing without its CRLF");
        }
    }
}
