package dev.switchboard.http1;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one message head at a time from a connection's bytes, strictly (RFC 9112): every line
 * ends in CRLF, names are tokens, values hold no control characters, versions are HTTP/1.0 or
 * 1.1. A head that is not whole yet leaves the buffer as it was and remembers how far it looked,
 * so a head dribbled a byte at a time costs each byte once. An obs-folded line is unfolded into
 * one space (RFC 9112 5.2), so the server sees what this proxy understood.
 */
public final class HeadParser {
    private final int maxLine;
    private final int maxHead;
    // how far the head under way was looked at, from the buffer's reader index
    private int scanned;
    private int lineStart;
    private int fieldsStart; // where the header fields begin, once the first line is whole
    private boolean firstLine = true;

    /** {@code maxLine} bounds the request or status line, {@code maxHead} the header fields after it. */
    public HeadParser(int maxLine, int maxHead) {
        this.maxLine = maxLine;
        this.maxHead = maxHead;
    }

    /** The next request head in {@code in}, consumed, or null if it is not whole yet (nothing consumed). */
    public RequestHead request(ByteBuf in) throws BadMessage {
        if (scanned == 0) {
            skipEmptyLines(in); // RFC 9112 2.2: a client may send a CRLF after a body
            if (in.readableBytes() == 1 && in.getByte(in.readerIndex()) == '\r') {
                return null; // perhaps the CR of such a CRLF: not yet the first line's, or its LF would start one
            }
        }
        return read(in, HeadParser::requestLine);
    }

    /** The next response head in {@code in}, consumed, or null if it is not whole yet. */
    public ResponseHead response(ByteBuf in) throws BadMessage {
        return read(in, HeadParser::statusLine);
    }

    /** How a head's first line is read: its bytes [start, end), CRLF left out; its fields to come in {@code headers}. */
    private interface FirstLine<T> {
        T read(byte[] bytes, int start, int end, Headers headers) throws BadMessage;
    }

    /** Room after a head's bytes for what the proxy adds to it (X-Forwarded-For, Connection) without a copy. */
    private static final int ROOM = 64;

    /**
     * The head at {@code in}'s reader index, consumed, or null if it is not whole. A whole head is
     * copied out once, parsed from the copy with plain array reads, and kept: its fields are
     * slices of it (see {@link Headers}).
     */
    private <T extends Head> T read(ByteBuf in, FirstLine<T> firstLine) throws BadMessage {
        int end = headEnd(in);
        if (end < 0) {
            return null;
        }
        int length = end - in.readerIndex();
        byte[] bytes = new byte[length + ROOM];
        in.readBytes(bytes, 0, length);
        int lineEnd = indexOf(bytes, 0, length, (byte) '\n') - 1;
        Headers headers = new Headers(bytes, length);
        T head = firstLine.read(bytes, 0, lineEnd, headers);
        fields(bytes, lineEnd + 2, length, headers);
        return head;
    }

    /** Whether part of a head has come: its first byte starts a request's clock. */
    public boolean started() {
        return scanned > 0;
    }

    private static void skipEmptyLines(ByteBuf in) {
        while (in.readableBytes() >= 2 && in.getByte(in.readerIndex()) == '\r' && in.getByte(in.readerIndex() + 1) == '\n') {
            in.skipBytes(2);
        }
    }

    /** The index after the head's empty line, or -1 if it has not come; refuses bare LFs and heads too long. */
    private int headEnd(ByteBuf in) throws BadMessage {
        int base = in.readerIndex();
        int end = in.writerIndex();
        int i = base + scanned;
        while (i < end) {
            int lf = in.indexOf(i, end, (byte) '\n');
            if (lf < 0) {
                break;
            }
            int from = base + lineStart;
            if (lf == from || in.getByte(lf - 1) != '\r') {
                reset();
                throw new BadMessage(400, "a line ends in a bare LF");
            }
            int length = lf - 1 - from;
            if (firstLine) {
                if (length > maxLine) {
                    throw tooLongLine();
                }
                firstLine = false;
                fieldsStart = lf + 1 - base;
            } else if (length == 0) {
                reset();
                return lf + 1;
            }
            lineStart = lf + 1 - base;
            if (!firstLine && lineStart - fieldsStart > maxHead) {
                throw tooLongHead();
            }
            i = lf + 1;
        }
        scanned = end - base;
        if (firstLine && scanned > maxLine + 1) {
            throw tooLongLine();
        }
        if (!firstLine && scanned - fieldsStart > maxHead + 2) {
            throw tooLongHead();
        }
        return -1;
    }

    private BadMessage tooLongLine() {
        reset();
        return new BadMessage(414, "a first line longer than " + maxLine + " bytes");
    }

    private BadMessage tooLongHead() {
        reset();
        return new BadMessage(431, "header fields longer than " + maxHead + " bytes");
    }

    private void reset() {
        scanned = 0;
        lineStart = 0;
        fieldsStart = 0;
        firstLine = true;
    }

    private static RequestHead requestLine(byte[] in, int start, int end, Headers headers) throws BadMessage {
        int sp1 = indexOf(in, start, end, (byte) ' ');
        if (sp1 <= start) {
            throw new BadMessage(400, "not an HTTP request line");
        }
        for (int i = start; i < sp1; i++) {
            if (!Tokens.tchar(in[i])) {
                throw new BadMessage(400, "not an HTTP request line");
            }
        }
        int sp2 = indexOf(in, sp1 + 1, end, (byte) ' ');
        if (sp2 <= sp1 + 1) {
            throw new BadMessage(400, "not an HTTP request line");
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            byte b = in[i];
            if (b <= ' ' || b == 0x7f) { // negative: obs-text, which a target may not hold either
                throw new BadMessage(400, "a request target with a space or a control character");
            }
            if (b == '#') { // a fragment is never sent (RFC 9110 7.1): a server that cuts the path there saw another path than the proxy
                throw new BadMessage(400, "a request target with a fragment (#)");
            }
        }
        int minor = version(in, sp2 + 1, end, true);
        return new RequestHead(common(in, start, sp1), common(in, sp1 + 1, sp2), minor, headers);
    }

    private static ResponseHead statusLine(byte[] in, int start, int end, Headers headers) throws BadMessage {
        if (end - start < 12 || in[start + 8] != ' ') {
            throw new BadMessage(502, "not an HTTP status line");
        }
        int minor = version(in, start, start + 8, false);
        int status = 0;
        for (int i = start + 9; i < start + 12; i++) {
            byte b = in[i];
            if (b < '0' || b > '9') {
                throw new BadMessage(502, "not an HTTP status line");
            }
            status = status * 10 + b - '0';
        }
        if (status < 100) {
            throw new BadMessage(502, "status " + status);
        }
        String reason = "";
        if (end > start + 12) {
            if (in[start + 12] != ' ') {
                throw new BadMessage(502, "not an HTTP status line");
            }
            for (int i = start + 13; i < end; i++) {
                if (!Tokens.fieldByte(in[i])) {
                    throw new BadMessage(502, "a reason phrase with a control character");
                }
            }
            reason = common(in, start + 13, end);
        }
        return new ResponseHead(minor, status, reason, headers);
    }

    /** HTTP/1.0 or HTTP/1.1: the minor version; another HTTP/x.y is 505 in a request, the rest 400. */
    private static int version(byte[] in, int start, int end, boolean request) throws BadMessage {
        int bad = request ? 400 : 502;
        if (end - start != 8 || in[start] != 'H' || in[start + 1] != 'T' || in[start + 2] != 'T'
                || in[start + 3] != 'P' || in[start + 4] != '/' || in[start + 6] != '.') {
            throw new BadMessage(bad, "not HTTP/1.0 or HTTP/1.1");
        }
        byte major = in[start + 5];
        byte minor = in[start + 7];
        if (major < '0' || major > '9' || minor < '0' || minor > '9') {
            throw new BadMessage(bad, "not HTTP/1.0 or HTTP/1.1");
        }
        if (major != '1' || minor > '1') {
            throw new BadMessage(request ? 505 : 502, "version " + ascii(in, start, end) + " is not HTTP/1.0 or 1.1");
        }
        return minor - '0';
    }

    private static final byte[] SPACE = {' '};

    /** The field lines in [start, end), the final empty line included, added to {@code headers} as slices of {@code in}. */
    private static void fields(byte[] in, int start, int end, Headers headers) throws BadMessage {
        int line = start;
        while (line < end - 2) {
            int cr = indexOf(in, line, end, (byte) '\n') - 1;
            if (Tokens.ows(in[line])) {
                throw new BadMessage(400, "a folded line before any header");
            }
            int colon = indexOf(in, line, cr, (byte) ':');
            if (colon <= line) {
                throw new BadMessage(400, "a header line without a name");
            }
            for (int i = line; i < colon; i++) {
                if (!Tokens.tchar(in[i])) {
                    throw new BadMessage(400, "a header name that is not a token");
                }
            }
            int valueFrom = valueStart(in, colon + 1, cr);
            int valueTo = valueEnd(in, valueFrom, cr);
            int name = line;
            line = cr + 2;
            // obs-fold lines, each joined with one space, appended once: copying the value so
            // far for each line would cost the square of its length
            int foldedFrom = -1;
            int foldedTo = -1;
            while (line < end - 2 && Tokens.ows(in[line])) {
                cr = indexOf(in, line, end, (byte) '\n') - 1;
                int moreFrom = valueStart(in, line, cr);
                int moreTo = valueEnd(in, moreFrom, cr);
                if (moreFrom < moreTo) {
                    if (foldedFrom < 0) {
                        foldedFrom = headers.append(in, valueFrom, valueTo);
                        foldedTo = foldedFrom + valueTo - valueFrom;
                    }
                    if (foldedTo > foldedFrom) {
                        foldedTo = headers.append(SPACE, 0, 1) + 1;
                    }
                    foldedTo = headers.append(in, moreFrom, moreTo) + moreTo - moreFrom;
                }
                line = cr + 2;
            }
            if (foldedFrom < 0) {
                headers.addSlice(name, colon, valueFrom, valueTo);
            } else {
                headers.addSlice(name, colon, foldedFrom, foldedTo);
            }
        }
    }

    /** Where a value in [start, end) begins, its spaces before left out. */
    private static int valueStart(byte[] in, int start, int end) {
        while (start < end && Tokens.ows(in[start])) {
            start++;
        }
        return start;
    }

    /** Where a value beginning at {@code start} ends before {@code end}, its spaces after left out; a control character in it is refused. */
    private static int valueEnd(byte[] in, int start, int end) throws BadMessage {
        while (end > start && Tokens.ows(in[end - 1])) {
            end--;
        }
        for (int i = start; i < end; i++) {
            if (!Tokens.fieldByte(in[i])) {
                throw new BadMessage(400, "a header value with a control character");
            }
        }
        return end;
    }

    /** The words nearly every head has: one string each, not a new one per head. */
    private static final String[] COMMON = {"GET", "/", "OK", "POST", "HEAD"};
    private static final byte[][] COMMON_BYTES = Arrays.stream(COMMON).map(w -> w.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new);

    /** [start, end) as a string: one of {@link #COMMON} when it is one. */
    private static String common(byte[] in, int start, int end) {
        for (int i = 0; i < COMMON.length; i++) {
            if (Arrays.equals(in, start, end, COMMON_BYTES[i], 0, COMMON_BYTES[i].length)) {
                return COMMON[i];
            }
        }
        return ascii(in, start, end);
    }

    private static String ascii(byte[] in, int start, int end) {
        return new String(in, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] in, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (in[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
