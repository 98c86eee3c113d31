package dev.switchboard.proxy;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;

/**
 * A handler with one timer per connection ({@link IdleTimeout}, {@link HttpDeadlines}): at most
 * one {@link #check} pending, re-armed by the subclass as it sees fit, cancelled when the
 * connection ends or the handler leaves the pipeline.
 */
abstract class ConnectionTimer extends ChannelDuplexHandler {
    /** The pending check, or null when none is. */
    ScheduledFuture<?> check;

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        stop();
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        stop();
    }

    private void stop() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
