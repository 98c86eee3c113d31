package dev.switchboard.proxy;

import dev.switchboard.config.Timeouts;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.TimeUnit;

/**
 * The clocks of an HTTP client connection, in its pipeline where {@link IdleTimeout} is in TCP
 * mode (before the codec: it sees the bytes as they come). Besides the client timeout (fired as
 * {@link IdleStateEvent#ALL_IDLE_STATE_EVENT}, as IdleTimeout does) it keeps the deadline of
 * the phase the {@link HttpSession} says the exchange is in, and fires an {@link Expired} when
 * it passes:
 * <ul>
 * <li>the first request head must be whole {@code http_request} seconds after the accept;
 * <li>after a response, the next request must begin within {@code http_keep_alive} seconds, and
 *     once its first byte is in, its head must be whole {@code http_request} seconds later
 *     (HAProxy's http-keep-alive and http-request);
 * <li>a request body must keep up 1 KiB/s, and may fall behind that pace by {@code http_body}
 *     seconds at most: a bucket of {@code http_body} seconds that waiting drains and each KiB
 *     refills by a second, never beyond full. So a body dribbled a byte at a time is cut off,
 *     also after a burst (which cannot bank hours), while an upload at any sensible speed goes
 *     through. Only the time the proxy asked for more counts: a server slow to take the body
 *     (backpressure) is not the client's fault.
 * </ul>
 * No task is scheduled per request: one check per connection is always pending, never more than
 * the shortest timeout ahead, and a phase only writes a field or two. Since every deadline a
 * phase sets is at least that far away, the pending check always comes before it and re-arms
 * itself for the exact moment.
 */
final class HttpDeadlines extends ConnectionTimer {
    /** What passed; the session answers a late head with 408 and closes an idle keep-alive silently. */
    enum What { REQUEST, KEEP_ALIVE, BODY }

    /** Fired down the pipeline when a phase's deadline passes; {@code since} is System.nanoTime() when the phase began. */
    record Expired(What what, long since, int seconds) {}

    private enum Phase { FIRST_HEAD, KEEP_ALIVE, HEAD, BODY, OTHER }

    /** A body's credit per byte received: one second per KiB. */
    private static final long NANOS_PER_BODY_BYTE = TimeUnit.SECONDS.toNanos(1) / 1024;

    private final Timeouts timeouts;
    private final long idleNanos;
    private final long requestNanos;
    private final long keepAliveNanos;
    private final long bodyNanos;
    private final long tickNanos;
    private ChannelHandlerContext ctx;
    private long last; // the last read or write, for the client timeout
    private Phase phase = Phase.FIRST_HEAD;
    private long since;
    // the body's account
    private long credit; // nanoseconds the body may still keep the proxy waiting, the current wait aside
    private boolean waiting;
    private long waitingSince;

    HttpDeadlines(Timeouts timeouts) {
        this.timeouts = timeouts;
        this.idleNanos = TimeUnit.SECONDS.toNanos(timeouts.client());
        this.requestNanos = TimeUnit.SECONDS.toNanos(timeouts.httpRequest());
        this.keepAliveNanos = TimeUnit.SECONDS.toNanos(timeouts.httpKeepAlive());
        this.bodyNanos = TimeUnit.SECONDS.toNanos(timeouts.httpBody());
        this.tickNanos = Math.min(Math.min(idleNanos, requestNanos), Math.min(keepAliveNanos, bodyNanos));
    }

    // --- what the session says ---

    /** A request head arrived; a body follows if {@code body}, else nothing is awaited of the client for now. */
    void head(boolean body) {
        phase = Phase.OTHER;
        if (body) {
            body();
        }
    }

    /** The body starts counting (at once, or once a 100 Continue has told the client to send it); again is harmless. */
    void body() {
        if (phase != Phase.BODY) {
            phase = Phase.BODY;
            credit = bodyNanos;
            waiting = false;
        }
    }

    /** The request is all in: the client owes nothing until the response is out. */
    void requestDone() {
        phase = Phase.OTHER;
    }

    /** The response is out and the connection stays: the next request has http_keep_alive to begin. */
    void awaitRequest() {
        phase = Phase.KEEP_ALIVE;
        since = System.nanoTime();
    }

    /** The connection is relayed as bytes now (WebSocket): the client timeout alone. */
    void bytesOnly() {
        phase = Phase.OTHER;
    }

    // --- the pipeline ---

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        if (context.channel().isActive() && context.channel().isRegistered()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        start();
        context.fireChannelActive();
    }

    private void start() {
        if (check == null) {
            last = System.nanoTime();
            since = last; // the first request's head counts from the accept
            check = ctx.executor().schedule(this::check, tickNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void read(ChannelHandlerContext context) {
        if (phase == Phase.BODY && !waiting) {
            waiting = true;
            waitingSince = System.nanoTime();
        }
        context.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        long now = System.nanoTime();
        last = now;
        switch (phase) {
            case KEEP_ALIVE -> { // the next request has begun: its head has http_request from here
                phase = Phase.HEAD;
                since = now;
            }
            case BODY -> {
                long spent = waiting ? now - waitingSince : 0;
                long earned = msg instanceof ByteBuf buf ? buf.readableBytes() * NANOS_PER_BODY_BYTE : 0;
                waiting = false;
                credit = Math.min(bodyNanos, credit - spent + earned);
            }
            default -> { }
        }
        context.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
        last = System.nanoTime();
        context.write(msg, promise);
    }

    /** Nanoseconds until the phase's deadline (negative: passed), or Long.MAX_VALUE when it has none now. */
    private long remaining(long now) {
        return switch (phase) {
            case FIRST_HEAD, HEAD -> requestNanos - (now - since);
            case KEEP_ALIVE -> keepAliveNanos - (now - since);
            case BODY -> waiting
                    ? credit - (now - waitingSince)
                    : Long.MAX_VALUE; // the proxy is not reading (the server is slow to take it): not the client's time
            case OTHER -> Long.MAX_VALUE;
        };
    }

    private void check() {
        if (!ctx.channel().isOpen()) {
            return;
        }
        long now = System.nanoTime();
        long next = tickNanos;
        long idle = idleNanos - (now - last);
        boolean idleFired = idle <= 0;
        if (idleFired) {
            last = now;
        } else {
            next = Math.min(next, idle);
        }
        long left = remaining(now);
        Phase passed = left <= 0 ? phase : null;
        if (passed != null) {
            phase = Phase.OTHER; // fired once; the session decides what follows
        } else {
            next = Math.min(next, left);
        }
        check = ctx.executor().schedule(this::check, next, TimeUnit.NANOSECONDS);
        if (passed != null) {
            ctx.fireUserEventTriggered(switch (passed) {
                case FIRST_HEAD, HEAD -> new Expired(What.REQUEST, since, timeouts.httpRequest());
                case KEEP_ALIVE -> new Expired(What.KEEP_ALIVE, since, timeouts.httpKeepAlive());
                default -> new Expired(What.BODY, since, timeouts.httpBody());
            });
        }
        if (idleFired && ctx.channel().isOpen()) {
            ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        }
    }
}
