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
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * GET /metrics for Prometheus, on the proxy's own event loops (no thread of its own, none per
 * request). A request line and head are bounded (4 KiB, 8 KiB) and a body is read and dropped;
 * anything but /metrics is 404, any method but GET and HEAD on it 405; an idle scraper is closed
 * after 60 s.
 */
final class MetricsEndpoint {
    /** The text exposition format, version 0.0.4, as Prometheus asks for it. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final EventLoopGroup group;
    private final Transport transport;
    private final Consumer<String> log;
    private final Supplier<String> page;
    private Optional<HostPort> at = Optional.empty();
    private Channel listening; // at {@code at}

    MetricsEndpoint(EventLoopGroup group, Transport transport, Consumer<String> log, Supplier<String> page) {
        this.group = group;
        this.transport = transport;
        this.log = log;
        this.page = page;
    }

    /**
     * Serves at {@code next} (empty: nowhere) from now on: the new place listens before the old
     * one closes; if it cannot, the old one stays and the reason is returned.
     */
    synchronized Optional<String> serve(Optional<HostPort> next) {
        if (next.equals(at)) {
            return Optional.empty();
        }
        Channel opened = null;
        if (next.isPresent()) {
            ChannelFuture bound = bind(group, transport, next.get(), page);
            if (!bound.isSuccess()) {
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

    private static ChannelFuture bind(EventLoopGroup group, Transport transport, HostPort at, Supplier<String> page) {
        return new ServerBootstrap().group(group)
                .channelFactory(() -> Transports.serverChannel(transport))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(60), new HttpServerCodec(4096, 8192, 8192), new Handler(page));
                    }
                })
                .bind(at.socketAddress())
                .awaitUninterruptibly();
    }

    private static final class Handler extends SimpleChannelInboundHandler<HttpObject> {
        private final Supplier<String> page;

        Handler(Supplier<String> page) {
            this.page = page;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (!(msg instanceof HttpRequest request)) {
                return; // a body's pieces: dropped
            }
            if (request.decoderResult().isFailure()) {
                answer(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad request\n", false);
                return;
            }
            if (!new QueryStringDecoder(request.uri()).path().equals("/metrics")) {
                answer(ctx, request, HttpResponseStatus.NOT_FOUND, "not found: Prometheus scrapes /metrics\n", true);
            } else if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
                answer(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed: GET /metrics\n", true);
            } else {
                answer(ctx, request, HttpResponseStatus.OK, page.get(), true);
            }
        }

        private static void answer(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String text, boolean mayKeep) {
            ByteBuf body = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
            boolean head = request.method().equals(HttpMethod.HEAD);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, head ? Unpooled.EMPTY_BUFFER : body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, status == HttpResponseStatus.OK ? CONTENT_TYPE : "text/plain; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            if (status == HttpResponseStatus.METHOD_NOT_ALLOWED) {
                response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            }
            boolean keep = mayKeep && HttpUtil.isKeepAlive(request);
            if (head) {
                body.release();
            }
            if (!keep) {
                response.headers().set(HttpHeaderNames.CONNECTION, "close");
            }
            ChannelFuture sent = ctx.writeAndFlush(response);
            if (!keep) {
                sent.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset or the read timeout: nothing to tell
        }
    }
}
