package dev.switchboard.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/** A request's line and header fields; {@code minor} is 0 or 1 (HTTP/1.0, HTTP/1.1). The fields may be edited before it is written. */
public record RequestHead(String method, String target, int minor, Headers headers) implements Head {

    public String version() {
        return minor == 0 ? "HTTP/1.0" : "HTTP/1.1";
    }

    public boolean isHead() {
        return method.equals("HEAD");
    }

    /** The head as bytes on the wire. */
    public ByteBuf write(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(method.length() + target.length() + 12 + headers.writtenLength() + 2);
        out.writeCharSequence(method, StandardCharsets.ISO_8859_1);
        out.writeByte(' ');
        out.writeCharSequence(target, StandardCharsets.ISO_8859_1);
        out.writeByte(' ');
        out.writeCharSequence(version(), StandardCharsets.ISO_8859_1);
        out.writeByte('\r').writeByte('\n');
        headers.write(out);
        out.writeByte('\r').writeByte('\n');
        return out;
    }
}
