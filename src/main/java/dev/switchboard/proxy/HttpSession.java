package dev.switchboard.proxy;

import dev.switchboard.config.HostPort;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.http1.BadMessage;
import dev.switchboard.http1.Body;
import dev.switchboard.http1.HeadParser;
import dev.switchboard.http1.RequestHead;
import dev.switchboard.http1.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One client connection of an HTTP frontend, right behind its clocks in the pipeline: it reads
 * the client's bytes itself ({@link HeadParser}, {@link Body}), one request at a time
 * (pipelined ones wait in its buffer, which is read ahead up to {@link #READ_AHEAD}), sends each to a
 * server over a pooled keep-alive connection ({@link ServerConnection}) with X-Forwarded-For
 * added and hop-by-hop headers dropped, and streams the response back with the same
 * read-after-write backpressure as the TCP relay. Bodies pass as they came, chunks and all:
 * only heads are parsed and rewritten, which is where a generic codec spent most of the CPU.
 * The answers it makes itself are HAProxy's: 400/414/431/505 for what cannot be parsed or is too
 * long, 503 when no server can take the request, 502 when the server fails it, 504 when the
 * server does not answer in time. A request to switch protocols (WebSocket) is passed on, and
 * once the server agrees, the connection is relayed as bytes.
 */
final class HttpSession extends ChannelInboundHandlerAdapter {
    /** Request line and header limits: as HAProxy's default 16 KiB buffer holds. */
    static final int MAX_LINE = 8192;
    static final int MAX_HEADERS = 16384;

    /** Requests that may go again when a pooled connection fails under them (RFC 9110 9.2.2). */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    /** A client's bytes held unread at most (pipelined requests, a body a slow server has not taken yet). */
    static final int READ_AHEAD = 64 * 1024;

    /** Interim (1xx) answers passed on for one request; a server that sends more is not speaking HTTP. */
    private static final int MAX_INTERIM = 16;

    private enum State { IDLE, CONNECTING, SENDING, WAITING, ANSWERING, CLOSING }

    private final Frontend frontend;
    private final HttpDeadlines deadlines;
    private final HeadParser heads = new HeadParser(MAX_LINE, MAX_HEADERS);
    private ChannelHandlerContext ctx;
    private ByteBuf in = Unpooled.EMPTY_BUFFER; // the client's bytes not yet taken: a head under way, a body, the next requests
    private InetSocketAddress client;
    private String clientAddress; // as X-Forwarded-For and the log write it
    private String clientText; // address:port, for the log
    private State state = State.IDLE;
    private Exchange ex; // the request under way and its answer; null before the first
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
        drive();
    }

    /** Asks the client for more bytes (see {@link ServerConnection#want}). */
    private void want() {
        wanting = true;
        ctx.read();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        if (wanting || readsAhead()) {
            context.read();
        }
    }

    /**
     * Whether the client's socket is read ahead of the exchange: as long as what is buffered is
     * under {@link #READ_AHEAD}. A read left armed costs nothing, where asking for each request's
     * bytes anew cost two epoll_ctl calls a request; and a client's FIN is seen while it waits.
     */
    private boolean readsAhead() {
        return state != State.CLOSING && client != null && in.readableBytes() < READ_AHEAD;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        wanting = false;
        if (state == State.CLOSING) {
            bytes.release();
            return;
        }
        in = Cumulation.append(context.alloc(), in, bytes);
        if (client != null) { // else the PROXY header's end brought them: start() takes them on
            drive();
        }
    }

    /** Takes on what the client's bytes allow now: the next request, or more of a request's body. */
    private void drive() {
        if (state == State.IDLE) {
            nextRequest();
        } else if (state == State.SENDING || state == State.ANSWERING) {
            sendBody(); // the rest of a body owed to a server that answered early goes on too (sendBody knows when none is owed)
        } // else the bytes are the next requests: they wait their turn, and the socket is read ahead only up to READ_AHEAD
        if (readsAhead()) {
            ctx.read(); // a no-op while a read is armed
        }
    }

    private void nextRequest() {
        RequestHead head;
        try {
            head = heads.request(in);
        } catch (BadMessage bad) {
            begin(); // with no request to name in the log
            refuse(bad.status(), "PR", bad.getMessage());
            return;
        }
        if (head == null) {
            tidy();
            want();
            return;
        }
        begin();
        request(head);
    }

    /** An exchange begins (see {@link Exchange#begin}). */
    private void begin() {
        ex = Exchange.begin(frontend, System.nanoTime());
    }

    private void request(RequestHead head) {
        HttpRules.Refusal refusal = ex.take(head, clientAddress);
        if (refusal != null) {
            refuse(refusal.status(), "PR", refusal.why());
            return;
        }
        // a body the client sends only once the server says 100 Continue starts its clock then
        deadlines.head(ex.framing.hasBody() && !ex.expectContinue);
        pickServer();
    }

    private void pickServer() {
        var picked = ex.backend.pick(client.getAddress(), ex.tried);
        if (picked.isEmpty()) {
            frontend.errors.increment();
            answerAndClose(503, AccessLog.NO_SERVER, "SC", ex.tried.isEmpty()
                    ? "no server of " + ex.backend.spec().name() + " is up" : "no server of " + ex.backend.spec().name() + " could be reached");
            return;
        }
        Server server = picked.get();
        ex.tried.add(server);
        ServerConnection pooled = ServerConnection.take(server, ctx.channel().eventLoop());
        if (pooled != null) {
            send(pooled);
        } else {
            connect(server);
        }
    }

    private void connect(Server server) {
        state = State.CONNECTING;
        Exchange exchange = ex;
        ServerConnection connection = new ServerConnection(server);
        Upstream.connect(ctx.channel(), server, exchange.spec, false, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new ByteCounter(server.bytesOut, server.bytesIn),
                        new IdleTimeout(exchange.spec.timeouts().server(), TimeUnit.SECONDS), connection);
            }
        }).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                EpollChannels.keepRegistered(f.channel());
                if (ctx.channel().isActive() && state == State.CONNECTING) {
                    send(connection);
                } else {
                    connection.giveBack(); // the client left meanwhile: another may use it
                }
                return;
            }
            frontend.log(Upstream.failed(exchange.spec, exchange.backend, server, f.cause()));
            if (ctx.channel().isActive() && state == State.CONNECTING) {
                pickServer();
            }
        });
    }

    private void send(ServerConnection connection) {
        ex.upstream = connection;
        connection.lend(this, ex.request);
        connection.server().opened();
        Channel server = connection.channel();
        ByteBuf head = ex.request.write(server.alloc());
        if (ex.requestSent || !ex.framing.hasBody()) { // or again, after a reused connection failed: the client sent it all before
            requestDone();
            server.writeAndFlush(head);
            connection.want();
            return;
        }
        state = State.SENDING;
        if (ex.expectContinue) {
            server.writeAndFlush(head); // the client waits for the server's word before its body
        } else {
            // flushed with the body's first bytes, so a body that is not valid chunked encoding
            // from its first byte is refused before the server sees anything
            server.write(head);
        }
        connection.want(); // an answer may come before the request is complete (413, say)
        sendBody();
    }

    private void requestDone() {
        ex.requestSent = true;
        deadlines.requestDone();
        state = State.WAITING;
    }

    /** Sends on what the client's bytes hold of the body, the next bytes asked for once they are written. */
    private void sendBody() {
        if (ex.writing || ex.upstream == null || ex.requestSent) {
            return;
        }
        int n;
        try {
            n = ex.body.take(in);
        } catch (BadMessage bad) {
            // the server has the head and must not take what follows for a request, so its
            // connection goes, and the client is refused
            cutRequest(400, "PD", "the request's body is not valid chunked encoding: " + bad.getMessage());
            return;
        }
        boolean last = ex.body.done();
        if (n == 0 && !last) {
            tidy();
            want();
            return;
        }
        if (ex.expectContinue) {
            deadlines.body(); // sent without waiting for a 100 (or after it): the body's clock runs
        }
        ByteBuf piece = in.readRetainedSlice(n);
        tidy();
        Channel server = ex.upstream.channel();
        if (last) {
            if (state == State.SENDING) {
                requestDone();
            } else {
                ex.requestSent = true; // answered early: the answer under way goes on
                deadlines.requestDone();
            }
            server.writeAndFlush(piece);
            return;
        }
        ex.writing = true;
        server.writeAndFlush(piece).addListener((ChannelFutureListener) f -> {
            ex.writing = false;
            if (f.isSuccess()) {
                sendBody();
            } else {
                ctx.close();
            }
        });
    }

    /** Lets go of the buffer once all of it was taken, so an idle connection holds no memory. */
    private void tidy() {
        if (!in.isReadable() && in != Unpooled.EMPTY_BUFFER) {
            in.release();
            in = Unpooled.EMPTY_BUFFER;
        }
    }

    /** The server's answer begins; {@code responseFraming} is null if its head cannot frame a body. */
    void responseHead(ServerConnection from, ResponseHead response, HttpRules.Framing responseFraming) {
        if (!current(from)) {
            return;
        }
        if (responseFraming == null) {
            badGateway(from, "answered something that is not HTTP: a Content-Length that is not one number");
            return;
        }
        int code = response.status();
        if (code == 101) {
            if (ex.upgrade == null) {
                badGateway(from, "switched protocols unasked");
                return;
            }
            ex.status = code;
            state = State.ANSWERING;
            ctx.write(response.write(ctx.alloc())); // Upgrade and Connection stay: the client must see them
            switchProtocols(from);
            return;
        }
        boolean interim = response.interim();
        if (!ex.requestSent && ex.framing.hasBody()) {
            deadlines.body(); // told to go on (100 Continue), or answered early: the rest of the body is the client's to send
        }
        if (!interim) {
            state = State.ANSWERING;
        }
        ex.answer(response, responseFraming);
        if (interim) {
            if (++ex.interims > MAX_INTERIM) {
                badGateway(from, "sent more than " + MAX_INTERIM + " interim (1xx) answers");
            } else if (ex.request.minor() == 1) { // 1.0 knows no 1xx (RFC 9110 15.2): it would take it for the answer
                ctx.writeAndFlush(response.write(ctx.alloc())).addListener((ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        from.want(); // the next once this one is written: a client that does not read holds the server up
                    } else {
                        from.channel().close();
                    }
                });
            } else {
                from.want();
            }
            return;
        }
        ctx.write(response.write(ctx.alloc()));
        if (!responseFraming.hasBody()) {
            ctx.flush();
            responseDone();
        } else if (!from.want()) {
            ctx.flush(); // no body yet (a stream that begins later): the client has the head meanwhile
        }
    }

    /** A piece of the server's answer's body; {@code last} ends the answer. */
    void responseBody(ServerConnection from, ByteBuf piece, boolean last) {
        if (!current(from)) {
            piece.release();
            return;
        }
        if (!last) {
            ctx.writeAndFlush(piece).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    from.want();
                } else {
                    from.channel().close();
                }
            });
            return;
        }
        ctx.writeAndFlush(piece);
        responseDone();
    }

    /**
     * The server's answer is not HTTP after its head began (a bad chunk): the client must see
     * the answer end short, never a clean end, and the connection never goes back to the pool.
     */
    void responseBroken(ServerConnection from, String why) {
        if (!current(from)) {
            return;
        }
        if (state != State.ANSWERING) {
            badGateway(from, "answered something that is not HTTP: " + why);
            return;
        }
        frontend.errors.increment();
        finish(false, "SD: the server's answer is not valid HTTP: " + why);
        ctx.close();
    }

    private void responseDone() {
        finish(ex.serverReusable && ex.requestSent, "--");
        if (ex.keepAlive && ex.requestSent) {
            state = State.IDLE;
            ex = null; // over: the wait for the next one is no exchange's
            deadlines.awaitRequest();
            drive(); // a pipelined request may be waiting in the buffer already
        } else {
            Relay.closeOnFlush(ctx.channel());
        }
    }

    /**
     * The server said 101 (WebSocket, say): from now on both connections carry bytes that are not
     * HTTP, so two {@link Relay}s take over, as in TCP mode. What either side sent already and
     * was not taken goes first. The server connection belongs to this client for good.
     */
    private void switchProtocols(ServerConnection from) {
        Channel client = ctx.channel();
        Channel server = from.channel();
        ByteBuf early = in;
        in = Unpooled.EMPTY_BUFFER;
        ByteBuf answered = from.leftover();
        ex.upstream = null;
        from.lend(null, null);
        server.closeFuture().addListener(f -> from.server().closed());
        ex.status = 101;
        ex.count(true, "--");
        if (frontend.logsTraffic()) {
            frontend.log(AccessLog.switched(ex.spec.name(), clientText, ex.backend.spec().name(), from.server().spec().name(), ex.request, ex.upgrade));
        }
        deadlines.bytesOnly();
        Relay.takeOver(client, this, early, server, from, answered);
    }

    /** Whether {@code from} serves the exchange under way (and not one that ended). */
    private boolean current(ServerConnection from) {
        return ex != null && from == ex.upstream;
    }

    /** The exchange is over: one log line with how it ended (HAProxy's termination flags, "--" when it ended well). */
    private void finish(boolean reuse, String flags) {
        log(release(reuse), flags);
    }

    /** The server connection back to its pool, or closed; returns the server's name for the log. */
    private String release(boolean reuse) {
        ServerConnection connection = ex.upstream;
        ex.upstream = null;
        connection.server().closed();
        if (reuse) {
            connection.giveBack();
        } else {
            connection.lend(null, null);
            connection.channel().close();
        }
        return connection.server().spec().name();
    }

    /** The exchange's line in the request log (see {@link AccessLog}). */
    private void log(String server, String flagsAndWhy) {
        ex.count(!server.equals(AccessLog.NO_SERVER), flagsAndWhy);
        if (frontend.logsTraffic()) {
            frontend.log(ex.logLine(clientText, server, flagsAndWhy));
        }
    }

    void serverClosed(ServerConnection from, Throwable cause) {
        if (!current(from)) {
            return;
        }
        if (state == State.ANSWERING) { // the answer was cut short: the client must see it end
            finish(false, "SD");
            ctx.close();
            return;
        }
        if (from.reused() && !ex.retried && !ex.framing.hasBody() && IDEMPOTENT.contains(ex.request.method())) {
            // the server closed an idle keep-alive connection as we sent on it: a request
            // with no body can safely go again, on a new connection
            ex.upstream = null;
            from.lend(null, null);
            from.server().closed();
            ex.retried = true;
            connect(from.server());
            return;
        }
        badGateway(from, cause == null ? "closed the connection before answering" : HealthChecks.reason(cause));
    }

    void serverTimedOut(ServerConnection from) {
        if (!current(from)) {
            return;
        }
        if (state == State.ANSWERING) {
            finish(false, "sD");
            ctx.close();
            return;
        }
        frontend.errors.increment();
        String server = release(false);
        answerAndClose(504, server, "sH", server + " did not answer within " + ex.spec.timeouts().server() + " s");
    }

    private void badGateway(ServerConnection from, String why) {
        frontend.errors.increment();
        String server = release(false);
        answerAndClose(502, server, "SH", server + " " + why);
    }

    /**
     * A request cut off in its body: the server connection that took its beginning is closed
     * (it must not take the rest for a request), and the client answered, or, if an answer has
     * begun, closed.
     */
    private void cutRequest(int answer, String flags, String why) {
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
    private void refuse(int answer, String flags, String why) {
        frontend.errors.increment();
        answerAndClose(answer, AccessLog.NO_SERVER, flags, why);
    }

    /** An answer of our own, after which the connection closes: the request may not have been read to its end. */
    private void answerAndClose(int answer, String server, String flags, String why) {
        ex.status = answer;
        state = State.CLOSING; // whatever the client sends now is not read
        ex.keepAlive = false;
        log(server, flags + ": " + why);
        in.release();
        in = Unpooled.EMPTY_BUFFER;
        OwnAnswer.sendAndClose(ctx, answer);
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
                ex = Exchange.begin(frontend, expired.since()); // with no request to name in the log
                refuse(408, "cR", "no whole request head within " + expired.seconds() + " s");
            }
            case KEEP_ALIVE -> {
                if (state == State.IDLE) {
                    ctx.close();
                }
            }
            case BODY -> {
                if (ex == null || ex.upstream == null || ex.requestSent) {
                    return;
                }
                cutRequest(408, "cD", "the request's body came slower than " + expired.seconds() + " s plus 1 s per KiB");
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
            if (ex != null) {
                ex.keepAlive = false;
            }
            if (state == State.IDLE || state == State.SENDING) {
                context.close();
            }
        } else {
            context.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (ex != null && ex.upstream != null) { // the client left mid-exchange: that server connection is not clean
            finish(false, state == State.ANSWERING ? "CD" : "CH");
        }
        state = State.IDLE;
        in.release();
        in = Unpooled.EMPTY_BUFFER;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close(); // a reset or a broken pipe; channelInactive tidies up
    }
}
