package dev.switchboard.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.TimeUnit;

/**
 * Fires {@link IdleStateEvent#ALL_IDLE_STATE_EVENT} when a channel has neither read nor written
 * for the timeout. Netty's IdleStateHandler does this too, but puts a listener on every write's
 * promise to note its completion; here a write counts when it is made, which is the same for a
 * relay that writes again only once its last write is done, and costs a clock read instead.
 */
final class IdleTimeout extends ConnectionTimer {
    private final long timeoutNanos;
    private long last;
    private boolean readsCount = true;

    IdleTimeout(long timeout, TimeUnit unit) {
        this.timeoutNanos = unit.toNanos(timeout);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (check == null && timeoutNanos > 0) {
            last = System.nanoTime();
            check = ctx.executor().schedule(() -> check(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().isOpen()) {
            return;
        }
        long idle = System.nanoTime() - last;
        if (idle >= timeoutNanos) {
            last = System.nanoTime();
            check = ctx.executor().schedule(() -> check(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
            ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        } else {
            check = ctx.executor().schedule(() -> check(ctx), timeoutNanos - idle, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Whether what the peer sends keeps the channel alive; while not, only what is written does.
     * A server's answer head is awaited so: dripped a byte at a time it must still be whole within
     * the timeout of the request's last byte, not the timeout of its own last byte.
     */
    void readsCount(boolean count) {
        readsCount = count;
    }

    /** Counts as activity now. */
    void touch() {
        last = System.nanoTime();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (readsCount) {
            last = System.nanoTime();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        last = System.nanoTime();
        ctx.write(msg, promise);
    }
}
