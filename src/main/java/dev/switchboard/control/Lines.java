package dev.switchboard.control;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.util.List;

/**
 * The control socket's lines, without their "\n" (or "\r\n"). A line over {@code maxLength} is
 * reported the moment it is known to be (a TooLongFrameException down the pipeline: fail fast,
 * so that a client that never ends it is told too) and its bytes are dropped as they come, up to
 * its end; the next line is heard. A last line without its newline counts, as it always has.
 */
final class Lines extends LineBasedFrameDecoder {
    Lines(int maxLength) {
        super(maxLength, true, true);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        // what is left is a line not yet too long (one being dropped was consumed as it came)
        if (in.isReadable()) {
            out.add(in.readRetainedSlice(in.readableBytes()));
        }
    }
}
