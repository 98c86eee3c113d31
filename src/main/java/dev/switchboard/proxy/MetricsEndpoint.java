package dev.switchboard.proxy;

import dev.switchboard.config.HostPort;
import dev.switchboard.config.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * GET /metrics for Prometheus, on the proxy's own event loops (no thread of its own, none per
 * request). A request line and head are bounded (4 KiB, 8 KiB) and a body is read and dropped;
 * anything but /metrics is 404, any method but GET and HEAD on it 405. What a client can cost the
 * proxy is bounded: one answer a connection (then it closes; pipelined requests behind the first
 * are never read, so answers cannot pile up for a client that does not read), at most
 * {@link #MAX_CONNECTIONS} at once (more are closed as they come), and each closed
 * {@link #DEADLINE_SECONDS} after it opened, whatever it sends meanwhile.
 */
final class MetricsEndpoint {
    /** The text exposition format, version 0.0.4, as Prometheus asks for it. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Scrapers at once; Prometheus opens one per target and scrape. */
    static final int MAX_CONNECTIONS = 16;
    /** A connection's whole life: a scrape takes milliseconds; a client dribbling its head is cut here. */
    static final int DEADLINE_SECONDS = 10;

    private final EventLoopGroup group;
    private final Transport transport;
    private final Consumer<String> log;
    private final Supplier<String> page;
    private final long deadlineMillis;
    private final AtomicInteger open = new AtomicInteger(); // connections of every place served so far
    private Optional<HostPort> at = Optional.empty();
    private Channel listening; // at {@code at}

    MetricsEndpoint(EventLoopGroup group, Transport transport, Consumer<String> log, Supplier<String> page) {
        this(group, transport, log, page, TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
    }

    /** As above, with a connection's deadline of its own (tests wait no real 10 s). */
    MetricsEndpoint(EventLoopGroup group, Transport transport, Consumer<String> log, Supplier<String> page, long deadlineMillis) {
        this.group = group;
        this.transport = transport;
        this.log = log;
        this.page = page;
        this.deadlineMillis = deadlineMillis;
    }

    /**
     * Serves at {@code next} (empty: nowhere) from now on: the new place listens before the old
     * one closes (on the same port, just after); if it cannot, the old one stays (or listens
     * again) and the reason is returned.
     */
    synchronized Optional<String> serve(Optional<HostPort> next) {
        if (next.equals(at)) {
            return Optional.empty();
        }
        Channel opened = null;
        if (next.isPresent()) {
            boolean samePort = listening != null && at.get().port() == next.get().port();
            if (samePort) { // another address on the same port: the kernel refuses the two at once, so the old one goes first
                listening.close().awaitUninterruptibly();
            }
            ChannelFuture bound = bind(next.get());
            if (!bound.isSuccess()) {
                if (samePort) {
                    ChannelFuture back = bind(at.get());
                    listening = back.isSuccess() ? back.channel() : null;
                    at = back.isSuccess() ? at : Optional.empty();
                }
                return Optional.of("metrics " + next.get() + ": cannot listen: " + HealthChecks.reason(bound.cause()));
            }
            opened = bound.channel();
            log.accept("metrics " + next.get() + ": listening");
        }
        if (listening != null) {
            listening.close().awaitUninterruptibly();
        }
        listening = opened;
        at = next;
        return Optional.empty();
    }

    private ChannelFuture bind(HostPort place) {
        return new ServerBootstrap().group(group)
                .channelFactory(() -> Transports.serverChannel(transport))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (open.incrementAndGet() > MAX_CONNECTIONS) {
                            open.decrementAndGet();
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        ch.eventLoop().schedule(() -> ch.close(), deadlineMillis, TimeUnit.MILLISECONDS);
                        ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192), new Handler(page));
                    }
                })
                .bind(place.socketAddress())
                .awaitUninterruptibly();
    }

    private static final class Handler extends SimpleChannelInboundHandler<HttpObject> {
        private final Supplier<String> page;
        private boolean answered; // the one answer of this connection; requests pipelined behind it are dropped

        Handler(Supplier<String> page) {
            this.page = page;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (!(msg instanceof HttpRequest request) || answered) {
                return; // a body's pieces, or a request pipelined behind the answered one: dropped
            }
            answered = true;
            ctx.channel().config().setAutoRead(false); // nothing more is read: the connection closes once answered
            if (request.decoderResult().isFailure()) {
                answer(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad request\n");
                return;
            }
            if (!new QueryStringDecoder(request.uri()).path().equals("/metrics")) {
                answer(ctx, request, HttpResponseStatus.NOT_FOUND, "not found: Prometheus scrapes /metrics\n");
            } else if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
                answer(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed: GET /metrics\n");
            } else {
                answer(ctx, request, HttpResponseStatus.OK, page.get());
            }
        }

        /** The answer, then the close (Prometheus opens a connection per scrape either way). */
        private static void answer(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String text) {
            ByteBuf body = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
            boolean head = request.method().equals(HttpMethod.HEAD);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, head ? Unpooled.EMPTY_BUFFER : body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, status == HttpResponseStatus.OK ? CONTENT_TYPE : "text/plain; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            if (status == HttpResponseStatus.METHOD_NOT_ALLOWED) {
                response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            }
            if (head) {
                body.release();
            }
            response.headers().set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset: nothing to tell
        }
    }
}
