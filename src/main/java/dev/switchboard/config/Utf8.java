package dev.switchboard.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes read as UTF-8 strictly, and where they stop being: a config or a snapshot that is not
 * UTF-8 is refused with the line and column of its first bad byte, which an editor can go to.
 */
public final class Utf8 {
    private Utf8() {}

    /** The first byte that is not UTF-8, at a line and a column (1-based, code points) of the text before it. */
    public record BadByte(int line, int column, int value) {
        /** In words: {@code byte 0xE9 is not UTF-8}. */
        public String words() {
            return String.format("byte 0x%02X is not UTF-8", value);
        }
    }

    /** Bytes that are not UTF-8, and where. */
    public static final class NotUtf8 extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient BadByte at;

        NotUtf8(BadByte at) {
            super(at.words());
            this.at = at;
        }

        public BadByte at() {
            return at;
        }
    }

    /** U+FEFF, which UTF-8 text may begin with (EF BB BF): a mark, not a character of the text. */
    public static final String BYTE_ORDER_MARK = "\uFEFF";

    /** Whether the bytes begin with UTF-16's byte order mark (FE FF or FF FE): text that is not UTF-8 at all. */
    public static boolean isUtf16(byte[] bytes) {
        return bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF) || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE));
    }

    /** Whether the bytes begin with UTF-8's byte order mark, EF BB BF. */
    public static boolean hasByteOrderMark(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
    }

    /** The bytes from {@code from} as UTF-8 text; a line and column count from there. */
    public static String decode(byte[] bytes, int from) throws NotUtf8 {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from);
        CharBuffer out = CharBuffer.allocate(bytes.length - from); // UTF-8 never has fewer bytes than chars
        // at the end of input a sequence cut short is malformed too: the file ends inside a character
        if (decoder.decode(in, out, true).isError()) {
            throw new NotUtf8(located(out.flip().toString(), bytes[in.position()] & 0xff));
        }
        decoder.flush(out); // UTF-8's decoder keeps no state past the end
        return out.flip().toString();
    }

    /** The bad byte placed after {@code before}, the text decoded up to it; a byte order mark takes no column, as in an editor. */
    private static BadByte located(String before, int value) {
        int lineStart = before.lastIndexOf('\n') + 1;
        if (lineStart == 0 && before.startsWith(BYTE_ORDER_MARK)) {
            lineStart = 1;
        }
        int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
        return new BadByte(line, before.codePointCount(lineStart, before.length()) + 1, value);
    }
}
