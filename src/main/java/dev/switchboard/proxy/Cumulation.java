package dev.switchboard.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * A connection's bytes not yet taken, in one buffer, as {@link HttpSession} and
 * {@link ServerConnection} keep them. Netty's merge cumulator writes behind what is there and
 * never drops what was read: ByteToMessageDecoder discards the read bytes itself after each read.
 * A buffer that is never wholly taken (every read ending inside the next head or chunk-size
 * line) would otherwise hold every byte its connection ever brought.
 */
final class Cumulation {
    private Cumulation() {
    }

    /** {@code bytes} appended to {@code in} (both released or kept as the cumulator does): the buffer to keep. */
    static ByteBuf append(ByteBufAllocator alloc, ByteBuf in, ByteBuf bytes) {
        if (in.refCnt() == 1) { // else a slice of it is still on its way out: the cumulator copies what is unread
            in.discardSomeReadBytes();
        }
        return ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, in, bytes);
    }
}
