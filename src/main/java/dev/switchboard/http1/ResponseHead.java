package dev.switchboard.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/** A response's status line and header fields; the reason phrase is passed on as it came. */
public record ResponseHead(int minor, int status, String reason, Headers headers) implements Head {

    /** 1xx: an interim answer, a final one follows (101 aside, after which the bytes are not HTTP). */
    public boolean interim() {
        return status < 200;
    }

    /**
     * The head as bytes on the wire, in this proxy's own version (RFC 9110 6.2: an intermediary
     * sends its own): an HTTP/1.0 server's answer passed on as 1.0 would tell the client its
     * connection closes (or that its chunks are not framing) where the proxy keeps or frames it.
     */
    public ByteBuf write(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(15 + reason.length() + headers.writtenLength() + 2);
        out.writeCharSequence("HTTP/1.1 ", StandardCharsets.ISO_8859_1);
        out.writeByte('0' + status / 100).writeByte('0' + status / 10 % 10).writeByte('0' + status % 10);
        out.writeByte(' ');
        out.writeCharSequence(reason, StandardCharsets.ISO_8859_1);
        out.writeByte('\r').writeByte('\n');
        headers.write(out);
        out.writeByte('\r').writeByte('\n');
        return out;
    }
}
