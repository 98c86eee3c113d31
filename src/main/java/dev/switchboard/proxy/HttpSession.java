package dev.switchboard.proxy;

import dev.switchboard.config.FrontendSpec;
import dev.switchboard.config.HostPort;
import dev.switchboard.config.IpLiteral;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One client connection of an HTTP frontend, last in its pipeline behind Netty's HTTP codec and
 * a {@link FlowControlHandler}, so it sees one message per read it asks for: requests are taken
 * one at a time (pipelined ones wait), each sent to a server over a pooled keep-alive
 * connection ({@link ServerConnection}) with X-Forwarded-For added and hop-by-hop headers
 * dropped, and the response streamed back with the same read-after-write backpressure as the
 * TCP relay. The answers it makes itself are HAProxy's: 400/414/431 for what cannot be parsed
 * or is too long, 503 when no server can take the request, 502 when the server fails it, 504
 * when the server does not answer in time. A request to switch protocols (WebSocket) is passed
 * on, and once the server agrees, the connection is relayed as bytes.
 */
final class HttpSession extends ChannelInboundHandlerAdapter {
    /** Request line and header limits: as HAProxy's default 16 KiB buffer holds. */
    static final int MAX_LINE = 8192;
    static final int MAX_HEADERS = 16384;

    /**
     * Requests decoded and not yet answered. The decoder only reads the socket again once the
     * requests of the last read are taken (FlowControlHandler), and a read holds at most 64 KiB,
     * 3,641 of the smallest request: pipelined requests wait their turn and never reach this.
     */
    static final int MAX_PIPELINED = 4096;

    static HttpServerCodec serverCodec() {
        return new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(MAX_LINE).setMaxHeaderSize(MAX_HEADERS), MAX_PIPELINED);
    }

    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
    /** Requests that may go again when a pooled connection fails under them (RFC 9110 9.2.2). */
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE);
    /** A URI longer than this is cut in the log, as HAProxy does: a flood of long ones must not fill the log's queue. */
    private static final int LOGGED_URI = 1024;

    /** Where a log line names the server and none was picked: HAProxy's word. */
    private static final String NO_SERVER = "<NOSRV>";

    private enum State { IDLE, CONNECTING, SENDING, WAITING, ANSWERING }

    private final Frontend frontend;
    private final HttpDeadlines deadlines;
    private ChannelHandlerContext ctx;
    private InetSocketAddress client;
    private String clientAddress; // as X-Forwarded-For and the log write it
    private String clientText; // address:port, for the log
    private State state = State.IDLE;
    // the exchange under way
    private HttpRequest request;
    private HttpRules.Framing framing; // of the request as received; the request sent on is framed from it
    private boolean expectContinue; // the client asked for 100 Continue, as received
    private boolean dropInterim; // a 1xx answer an HTTP/1.0 client would take for the final one
    private boolean requestSent; // its last content went to the server
    private boolean keepAlive; // the client's connection lives on after the response
    private boolean serverReusable;
    private boolean interim; // a 1xx answer is passing: its end is not the exchange's
    private boolean retried;
    private String upgrade; // the protocol the client asks to switch to (WebSocket), or null
    private List<Server> tried;
    private ServerConnection upstream;
    private FrontendSpec spec;
    private Backend backend;
    private int status;
    private long started;
    private boolean wanting; // see ServerConnection.want

    HttpSession(Frontend frontend, HttpDeadlines deadlines) {
        this.frontend = frontend;
        this.deadlines = deadlines;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    /** Begins reading requests from {@code from} (the real client, after a PROXY header if any). */
    void start(InetSocketAddress from) {
        this.client = from;
        this.clientAddress = IpLiteral.format(from.getAddress());
        this.clientText = new HostPort(from.getAddress(), from.getPort()).toString();
        want();
    }

    /** Asks for the client's next message (see {@link ServerConnection#want}). */
    private void want() {
        wanting = true;
        ctx.read();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        if (wanting) {
            context.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        wanting = false;
        if (msg instanceof HttpRequest req) {
            request(req);
        } else if (msg instanceof HttpContent content) {
            requestContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void request(HttpRequest req) {
        spec = frontend.spec();
        backend = frontend.backend();
        started = System.nanoTime();
        status = -1; // as HAProxy logs an exchange that ended without one
        frontend.requests.increment();
        if (req.decoderResult().isFailure()) {
            Throwable cause = req.decoderResult().cause();
            HttpResponseStatus refusal = cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : HttpResponseStatus.BAD_REQUEST;
            request = req;
            refuse(refusal, cause instanceof TooLongFrameException ? "too long" : "not HTTP");
            return;
        }
        request = req;
        HttpRules.Refusal refusal = HttpRules.check(req);
        if (refusal != null) {
            refuse(refusal.status(), refusal.why());
            return;
        }
        framing = HttpRules.framing(req);
        // decided before Connection may name Expect away: the server then never says 100, and the
        // body's clock starts with its first byte instead (requestContent)
        expectContinue = HttpUtil.is100ContinueExpected(req);
        // a body the client sends only once the server says 100 Continue starts its clock then
        deadlines.head(framing.hasBody() && !expectContinue);
        keepAlive = HttpUtil.isKeepAlive(req);
        requestSent = false;
        retried = false;
        tried = new ArrayList<>(2);
        HttpHeaders headers = req.headers();
        String wanted = headers.get(HttpHeaderNames.UPGRADE);
        upgrade = wanted != null && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true) && !framing.hasBody()
                ? wanted : null;
        HttpRules.dropHopByHop(headers);
        HttpRules.frame(headers, framing);
        if (upgrade != null) { // hop-by-hop, but the server must see it to switch (WebSocket)
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE).set(HttpHeaderNames.UPGRADE, upgrade);
        }
        String earlier = headers.get(X_FORWARDED_FOR);
        headers.set(X_FORWARDED_FOR, earlier == null ? clientAddress : earlier + ", " + clientAddress);
        if (req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE); // we keep the server connection
        }
        pickServer();
    }

    private void pickServer() {
        var picked = backend.pick(client.getAddress(), tried);
        if (picked.isEmpty()) {
            frontend.errors.increment();
            answerAndClose(HttpResponseStatus.SERVICE_UNAVAILABLE, NO_SERVER, "SC", tried.isEmpty()
                    ? "no server of " + backend.spec().name() + " is up" : "no server of " + backend.spec().name() + " could be reached");
            return;
        }
        Server server = picked.get();
        tried.add(server);
        ServerConnection pooled = ServerConnection.take(server, ctx.channel().eventLoop());
        if (pooled != null) {
            send(pooled);
        } else {
            connect(server);
        }
    }

    private void connect(Server server) {
        state = State.CONNECTING;
        FrontendSpec spec = this.spec;
        ServerConnection connection = new ServerConnection(server);
        new Bootstrap().group(ctx.channel().eventLoop()).channel(Transports.socketChannelBeside(ctx.channel()))
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TimeUnit.SECONDS.toMillis(spec.timeouts().connect()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ByteCounter(server.bytesOut, server.bytesIn),
                                new HttpClientCodec(new HttpDecoderConfig().setMaxInitialLineLength(MAX_LINE).setMaxHeaderSize(2 * MAX_HEADERS), false, false),
                                new FlowControlHandler(),
                                new IdleTimeout(spec.timeouts().server(), TimeUnit.SECONDS),
                                connection);
                    }
                })
                .connect(server.spec().address().socketAddress())
                .addListener((ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        EpollChannels.keepRegistered(f.channel());
                        if (ctx.channel().isActive() && state == State.CONNECTING) {
                            send(connection);
                        } else {
                            connection.giveBack(); // the client left meanwhile: another may use it
                        }
                        return;
                    }
                    server.failedConnects.increment();
                    frontend.log(spec.name() + ": " + backend.spec().name() + "/" + server.spec().name() + " "
                            + HealthChecks.reason(f.cause()) + "; trying another server");
                    if (ctx.channel().isActive() && state == State.CONNECTING) {
                        pickServer();
                    }
                });
    }

    private void send(ServerConnection connection) {
        upstream = connection;
        connection.lend(this);
        connection.server().opened();
        state = State.SENDING;
        interim = false;
        Channel server = connection.channel();
        if (requestSent) { // again, after a reused connection failed: the client sent it all before
            state = State.WAITING;
            server.write(request);
            server.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            connection.want();
            return;
        }
        if (expectContinue) {
            server.writeAndFlush(request); // the client waits for the server's word before its body
        } else {
            // flushed with the body's first content, so a body the decoder cannot read (a chunk
            // size that overflows) is refused before the server sees anything
            server.write(request);
        }
        connection.want(); // an answer may come before the request is complete (413, say)
        want();
    }

    private void requestContent(HttpContent content) {
        if (upstream == null) {
            content.release(); // the rest of a request already answered
            return;
        }
        if (content.decoderResult().isFailure()) {
            // a chunk size that overflows or is not hex: the server has the head and must not
            // take what follows for a request, so its connection goes, and the client is refused
            content.release();
            cutRequest(HttpResponseStatus.BAD_REQUEST, "PD", "the request's body is not valid chunked encoding");
            return;
        }
        if (expectContinue) {
            deadlines.body(); // sent without waiting for a 100 (or after it): the body's clock runs
        }
        boolean last = content instanceof LastHttpContent;
        if (last) {
            requestSent = true;
            deadlines.requestDone();
            if (state == State.SENDING) {
                state = State.WAITING;
            }
            upstream.channel().writeAndFlush(content);
            return;
        }
        upstream.channel().writeAndFlush(content).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                want();
            } else {
                ctx.close();
            }
        });
    }

    void responseHead(ServerConnection from, HttpResponse response) {
        if (from != upstream) {
            return;
        }
        if (response.decoderResult().isFailure()) {
            badGateway(from, "answered something that is not HTTP");
            return;
        }
        int code = response.status().code();
        if (code == 101) {
            if (upgrade == null) {
                badGateway(from, "switched protocols unasked");
                return;
            }
            status = code;
            interim = false;
            state = State.ANSWERING;
            ctx.write(response); // Upgrade and Connection stay: the client must see them
            from.want();
            return;
        }
        interim = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        dropInterim = interim && request.protocolVersion().equals(HttpVersion.HTTP_1_0); // 1.0 knows no 1xx (RFC 9110 15.2)
        if (!requestSent && framing.hasBody()) {
            deadlines.body(); // told to go on (100 Continue), or answered early: the rest of the body is the client's to send
        }
        HttpHeaders headers = response.headers();
        if (!interim) {
            status = code;
            boolean delimited = request.method().equals(HttpMethod.HEAD) || code == 204 || code == 304
                    || HttpUtil.isContentLengthSet(response) || HttpUtil.isTransferEncodingChunked(response);
            serverReusable = delimited && HttpUtil.isKeepAlive(response);
            keepAlive &= delimited;
            state = State.ANSWERING;
        }
        HttpRules.dropHopByHop(headers);
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        if (dropInterim) {
            ReferenceCountUtil.release(response);
        } else {
            ctx.write(response);
        }
        from.want();
    }

    void responseContent(ServerConnection from, HttpContent content) {
        if (from != upstream) {
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            // a bad chunk from the server: the client must see the answer end short, never a
            // clean end, and the connection, whose decoder is now lost, never goes back to the pool
            content.release();
            frontend.errors.increment();
            finish(false, "SD: the server's answer is not valid HTTP");
            ctx.close();
            return;
        }
        if (!(content instanceof LastHttpContent)) {
            ctx.writeAndFlush(content).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    from.want();
                } else {
                    from.channel().close();
                }
            });
            return;
        }
        if (interim) {
            interim = false;
            if (dropInterim) {
                content.release();
            } else {
                ctx.writeAndFlush(content);
            }
            from.want();
            return;
        }
        if (status == 101) {
            ctx.writeAndFlush(content);
            switchProtocols(from);
            return;
        }
        ctx.writeAndFlush(content);
        finish(serverReusable && requestSent, "--");
        if (keepAlive && requestSent) {
            state = State.IDLE;
            request = null; // a log line of the wait for the next one has no request to name
            deadlines.awaitRequest();
            want();
        } else {
            Relay.closeOnFlush(ctx.channel());
        }
    }

    /**
     * The server said 101 (WebSocket, say): from now on both connections carry bytes that are not
     * HTTP, so the codecs leave both pipelines and two {@link Relay}s take over, as in TCP mode.
     * What either side sent already waits in the relays and goes first. The server connection
     * belongs to this client for good.
     */
    private void switchProtocols(ServerConnection from) {
        Channel client = ctx.channel();
        Channel server = from.channel();
        upstream = null;
        from.lend(null);
        server.closeFuture().addListener(f -> from.server().closed());
        if (frontend.logsTraffic()) {
            frontend.log(spec.name() + ": " + clientText + " -> " + backend.spec().name() + "/" + from.server().spec().name()
                    + " \"" + request.method() + " " + loggedUri() + " " + request.protocolVersion() + "\" 101 switched to " + upgrade);
        }
        server.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true); // a relay passes FINs on
        LongAdder counted = new LongAdder(); // the ByteCounters at the wire already count these bytes
        Relay fromServer = new Relay(counted);
        server.pipeline().remove(from);
        server.pipeline().addLast(fromServer);
        server.pipeline().remove(FlowControlHandler.class); // messages it held move on to the relay
        server.pipeline().remove(HttpClientCodec.class); // and so do the bytes the decoder held
        Relay fromClient = new Relay(counted);
        client.pipeline().addLast(fromClient);
        client.pipeline().remove(FlowControlHandler.class);
        client.pipeline().remove(HttpServerCodec.class);
        client.pipeline().remove(this);
        deadlines.bytesOnly();
        fromServer.attach(client, counted);
        fromClient.attach(server, counted);
    }

    /** The exchange is over: one log line with how it ended (HAProxy's termination flags, "--" when it ended well). */
    private void finish(boolean reuse, String flags) {
        log(release(reuse), flags);
    }

    /** The server connection back to its pool, or closed; returns the server's name for the log. */
    private String release(boolean reuse) {
        ServerConnection connection = upstream;
        upstream = null;
        connection.server().closed();
        if (reuse) {
            connection.giveBack();
        } else {
            connection.lend(null);
            connection.channel().close();
        }
        return connection.server().spec().name();
    }

    /**
     * The exchange's log line: {@code ft: client -> bk/server "request" status time flags[: why]}.
     * The first flag says who ended it (C client, S server, P proxy, c/s their timeouts, - nobody),
     * the second when (R request, C connect, H response head, D data, - the end).
     */
    private void log(String server, String flagsAndWhy) {
        if (!frontend.logsTraffic()) {
            return;
        }
        long tenths = (System.nanoTime() - started) / 100_000; // of a millisecond
        String line = request == null ? "<BADREQ>" : request.method() + " " + loggedUri() + " " + request.protocolVersion();
        frontend.log(spec.name() + ": " + clientText + " -> " + backend.spec().name() + "/" + server
                + " \"" + line + "\" " + status
                + " " + tenths / 10 + "." + tenths % 10 + " ms " + flagsAndWhy);
    }

    void serverClosed(ServerConnection from, Throwable cause) {
        if (from != upstream) {
            return;
        }
        if (state == State.ANSWERING) { // the answer was cut short: the client must see it end
            finish(false, "SD");
            ctx.close();
            return;
        }
        if (from.reused() && !retried && !framing.hasBody() && IDEMPOTENT.contains(request.method())) {
            // the server closed an idle keep-alive connection as we sent on it: a request
            // with no body can safely go again, on a new connection
            upstream = null;
            from.server().closed();
            retried = true;
            connect(from.server());
            return;
        }
        badGateway(from, cause == null ? "closed the connection before answering" : HealthChecks.reason(cause));
    }

    void serverTimedOut(ServerConnection from) {
        if (from != upstream) {
            return;
        }
        if (state == State.ANSWERING) {
            finish(false, "sD");
            ctx.close();
            return;
        }
        frontend.errors.increment();
        String server = release(false);
        answerAndClose(HttpResponseStatus.GATEWAY_TIMEOUT, server, "sH", server + " did not answer within " + spec.timeouts().server() + " s");
    }

    private void badGateway(ServerConnection from, String why) {
        frontend.errors.increment();
        String server = release(false);
        answerAndClose(HttpResponseStatus.BAD_GATEWAY, server, "SH", server + " " + why);
    }

    /**
     * A request cut off in its body: the server connection that took its beginning is closed
     * (it must not take the rest for a request), and the client answered, or, if an answer has
     * begun, closed.
     */
    private void cutRequest(HttpResponseStatus answer, String flags, String why) {
        frontend.errors.increment();
        boolean answering = state == State.ANSWERING;
        String server = release(false);
        if (answering) {
            log(server, flags + ": " + why);
            ctx.close();
        } else {
            answerAndClose(answer, server, flags, why);
        }
    }

    /** A request refused before any server saw it. */
    private void refuse(HttpResponseStatus answer, String why) {
        refuse(answer, "PR", why);
    }

    private void refuse(HttpResponseStatus answer, String flags, String why) {
        frontend.errors.increment();
        answerAndClose(answer, NO_SERVER, flags, why);
    }

    /** An answer of our own, after which the connection closes: the request may not have been read to its end. */
    private void answerAndClose(HttpResponseStatus answer, String server, String flags, String why) {
        status = answer.code();
        state = State.IDLE;
        log(server, flags + ": " + why);
        ByteBuf body = Unpooled.copiedBuffer(answer + "\n", StandardCharsets.US_ASCII);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, answer, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> lingeringClose(f.channel()));
    }

    /**
     * A deadline of {@link HttpDeadlines} passed. A request head not whole in time is answered
     * 408 (HAProxy's {@code cR}); an idle keep-alive client that sent nothing is closed without a
     * word, as HAProxy does; a body too slow is cut, with the server connection that took its
     * beginning, and answered 408 if no answer has begun ({@code cD}).
     */
    private void expired(HttpDeadlines.Expired expired) {
        switch (expired.what()) {
            case REQUEST -> {
                if (state != State.IDLE) {
                    return;
                }
                if (client == null) { // still no PROXY header: nobody to answer or log
                    ctx.close();
                    return;
                }
                spec = frontend.spec();
                backend = frontend.backend();
                started = expired.since();
                request = null;
                refuse(HttpResponseStatus.REQUEST_TIMEOUT, "cR", "no whole request head within " + expired.seconds() + " s");
            }
            case KEEP_ALIVE -> {
                if (state == State.IDLE) {
                    ctx.close();
                }
            }
            case BODY -> {
                if (upstream == null || requestSent) {
                    return;
                }
                cutRequest(HttpResponseStatus.REQUEST_TIMEOUT, "cD",
                        "the request's body came slower than " + expired.seconds() + " s plus 1 s per KiB");
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (evt instanceof HttpDeadlines.Expired expired) {
            expired(expired);
        } else if (evt instanceof IdleStateEvent) {
            // waiting on the server is the server timeout's business; otherwise the client is too slow
            if (state != State.WAITING && state != State.CONNECTING) {
                context.close();
            }
        } else if (evt instanceof ChannelInputShutdownEvent) {
            // a client may half-close after its request: answer it, then close
            keepAlive = false;
            if (state == State.IDLE || state == State.SENDING) {
                context.close();
            }
        } else {
            context.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (upstream != null) { // the client left mid-exchange: that server connection is not clean
            finish(false, state == State.ANSWERING ? "CD" : "CH");
        }
        state = State.IDLE;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close(); // a reset or a broken pipe; channelInactive tidies up
    }

    /** How long an answer of our own waits, its side shut, before the connection is closed. */
    private static final long LINGER_MILLIS = 1000;

    /**
     * Closes after an answer of our own as nginx does: the sending side first (the client reads
     * the answer and then its end), the socket a moment later. Closed at once, a byte the client
     * is still sending (a slowloris' next one) would meet a closed socket, and the reset it earns
     * can throw away the answer the client has not read yet.
     */
    private static void lingeringClose(Channel channel) {
        if (channel instanceof DuplexChannel duplex && channel.isActive()) {
            duplex.shutdownOutput();
            channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            channel.close();
        }
    }

    private String loggedUri() {
        String uri = request.uri();
        return uri.length() <= LOGGED_URI ? uri : uri.substring(0, LOGGED_URI) + "...";
    }
}
