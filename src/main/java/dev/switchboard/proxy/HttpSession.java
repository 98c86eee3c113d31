package dev.switchboard.proxy;

import dev.switchboard.config.HostPort;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.http1.BadMessage;
import dev.switchboard.http1.Body;
import dev.switchboard.http1.HeadParser;
import dev.switchboard.http1.RequestHead;
import dev.switchboard.proxy.SessionState.Active;
import dev.switchboard.proxy.SessionState.Answering;
import dev.switchboard.proxy.SessionState.Connecting;
import dev.switchboard.proxy.SessionState.Sending;
import dev.switchboard.proxy.SessionState.Served;
import dev.switchboard.proxy.SessionState.Waiting;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One client connection of an HTTP frontend, right behind its clocks in the pipeline: it reads
 * the client's bytes itself ({@link HeadParser}, {@link Body}), one request at a time
 * (pipelined ones wait in its buffer, which is read ahead up to {@link #READ_AHEAD}), hands each
 * to an {@link Exchange} (which rewrites its heads, takes it to a server over a pooled keep-alive
 * {@link ServerConnection} and takes the answer), sends its body on, and streams the answer back
 * with the same read-after-write backpressure as the TCP relay. Bodies pass as they came: only
 * heads are parsed and rewritten, which is where a generic codec spent most of the CPU. Its own
 * answers are HAProxy's: 400/414/431/505 for what cannot be parsed or is too long, 503 when no
 * server can take the request, 502 when the server fails it, 504 when it does not answer in
 * time. A switch of protocols (WebSocket) is relayed as bytes once the server agrees. Where it
 * is, and what it holds there, is its {@link SessionState}; only this class changes it.
 */
final class HttpSession extends ChannelInboundHandlerAdapter {
    /** Request line and header limits: as HAProxy's default 16 KiB buffer holds. */
    static final int MAX_LINE = 8192;
    static final int MAX_HEADERS = 16384;

    /** A client's bytes held unread at most (pipelined requests, a body a slow server has not taken yet). */
    static final int READ_AHEAD = 64 * 1024;

    private final Frontend frontend;
    final HttpDeadlines deadlines;
    private final HeadParser heads = new HeadParser(MAX_LINE, MAX_HEADERS);
    private ChannelHandlerContext ctx;
    private ByteBuf in = Unpooled.EMPTY_BUFFER; // the client's bytes not yet taken: a head under way, a body, the next requests
    private InetSocketAddress client;
    private String clientAddress; // as X-Forwarded-For writes it
    private String clientText; // address:port, for the log
    private SessionState state = SessionState.IDLE;
    private ServerConnection aside; // idle, for this client's next requests only (see Exchange#shared)
    private boolean wanting; // see ServerConnection.want
    private boolean inputShut; // the client half-closed: the requests it sent whole are answered, then the connection closes
    /** For a piece of the body written to the server: the next, or the end (one per session, not per piece). */
    private final ChannelFutureListener bodyWritten = f -> {
        if (state instanceof Active active) {
            active.exchange().writing = false;
        }
        if (f.isSuccess()) {
            sendBody();
        } else {
            ctx.close();
        }
    };

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
        return state != SessionState.CLOSING && client != null && in.readableBytes() < READ_AHEAD;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        wanting = false;
        if (state == SessionState.CLOSING) {
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
        if (state == SessionState.IDLE) {
            nextRequest();
        } else if (state instanceof Sending || state instanceof Answering) {
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
            refuse(Exchange.begin(frontend, this, System.nanoTime()), bad.status(), "PR", bad.getMessage()); // with no request to name in the log
            return;
        }
        if (head == null) {
            if (inputShut) {
                ctx.close(); // no whole request is left, and no more will come
                return;
            }
            tidy();
            want();
            return;
        }
        Exchange ex = Exchange.begin(frontend, this, System.nanoTime());
        HttpRules.Refusal refusal = ex.take(head, clientAddress);
        if (refusal != null) {
            refuse(ex, refusal.status(), "PR", refusal.why());
            return;
        }
        // a body the client sends only once the server says 100 Continue starts its clock then
        deadlines.head(ex.framing.hasBody() && !ex.expectContinue);
        ex.pickServer();
    }

    /** A new server connection is being made for {@code ex}. */
    Connecting connecting(Exchange ex, Server server) {
        Connecting connecting = new Connecting(ex, server);
        state = connecting;
        return connecting;
    }

    /** Whether the client is still there and waiting for {@code connecting}'s connection. */
    boolean awaits(Connecting connecting) {
        return state == connecting && ctx.channel().isActive();
    }

    /** The request's head goes to the server on {@code connection}: its body follows ({@link #sendBody}). */
    void sending(Exchange ex, ServerConnection connection) {
        state = new Sending(ex, connection);
    }

    /** The request's last byte goes: its answer is awaited, unless one is under way already (answered early). */
    void requestDone(Exchange ex, ServerConnection connection) {
        ex.requestSent = true;
        deadlines.requestDone();
        if (!(state instanceof Answering)) {
            state = new Waiting(ex, connection);
        }
    }

    /** Sends on what the client's bytes hold of the body, the next bytes asked for once they are written. */
    void sendBody() {
        if (!(state instanceof Served served) || served.exchange().writing || served.exchange().requestSent) {
            return;
        }
        Exchange ex = served.exchange();
        int n;
        try {
            n = ex.body.take(in);
        } catch (BadMessage bad) {
            // the server has the head and must not take what follows for a request, so its
            // connection goes, and the client is refused
            cutRequest(served, 400, "PD", "the request's body is not valid chunked encoding: " + bad.getMessage());
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
        Channel server = served.upstream().channel();
        if (last) {
            requestDone(ex, served.upstream());
            server.writeAndFlush(piece);
            return;
        }
        ex.writing = true;
        server.writeAndFlush(piece).addListener(bodyWritten);
    }

    /** Lets go of the buffer once all of it was taken, so an idle connection holds no memory. */
    private void tidy() {
        if (!in.isReadable() && in != Unpooled.EMPTY_BUFFER) {
            in.release();
            in = Unpooled.EMPTY_BUFFER;
        }
    }

    /** The state if {@code from} serves {@code ex} as the exchange under way (and not one that ended); else null. */
    Served serving(Exchange ex, ServerConnection from) {
        return state instanceof Served served && served.exchange() == ex && served.upstream() == from ? served : null;
    }

    ChannelHandlerContext client() {
        return ctx;
    }

    /** The client's address, as the balancer picks a server for it. */
    InetAddress clientIp() {
        return client.getAddress();
    }

    /** The final answer's head goes to the client: its body follows. */
    Answering answering(Exchange ex, ServerConnection from) {
        Answering answering = new Answering(ex, from);
        state = answering;
        return answering;
    }

    /** The exchange went well and the client's connection lives on: the next request, which may be waiting in the buffer already. */
    void awaitRequest() {
        state = SessionState.IDLE; // over: the wait for the next one is no exchange's
        deadlines.awaitRequest();
        drive();
    }

    /**
     * The server said 101 (WebSocket, say): from now on both connections carry bytes that are not
     * HTTP, so two {@link Relay}s take over, as in TCP mode. What either side sent already and
     * was not taken goes first. The server connection belongs to this client for good.
     */
    void switchProtocols(Exchange ex, ServerConnection from) {
        ByteBuf early = in;
        in = Unpooled.EMPTY_BUFFER;
        ByteBuf answered = from.leftover();
        state = SessionState.CLOSING; // this handler's part is over
        from.lend(null);
        from.channel().closeFuture().addListener(f -> from.server().closed());
        ex.end(clientText, from.server().spec().name(), false, "");
        deadlines.bytesOnly();
        Relay.takeOver(ctx.channel(), this, early, from.channel(), from, answered);
    }

    /**
     * The exchange is over with a server: its connection back to the pool if {@code reuse}, else
     * closed; then its count and line ({@link Exchange#end}). The session closes, or goes on as
     * its caller says, never with this connection.
     */
    void end(Served served, boolean reuse, boolean error, String flagsAndWhy) {
        ServerConnection upstream = served.upstream();
        String server;
        if (reuse && !served.exchange().shared() && served.exchange().keepAlive) {
            dropAside();
            aside = upstream.setAside() ? upstream : null;
            server = upstream.server().spec().name();
        } else {
            server = upstream.release(reuse);
        }
        state = SessionState.CLOSING; // until the caller says otherwise: the server connection is no longer this exchange's
        served.exchange().end(clientText, server, error, flagsAndWhy);
    }

    /**
     * The connection this client's last exchange left aside, if it goes to {@code server} and
     * can serve now; any other is closed (the client's requests went elsewhere).
     */
    ServerConnection takeAside(Server server) {
        ServerConnection kept = aside;
        aside = null;
        if (kept != null && kept.server() == server && kept.takeUp()) {
            return kept;
        }
        if (kept != null) {
            kept.channel().close();
        }
        return null;
    }

    private void dropAside() {
        if (aside != null) {
            aside.channel().close();
            aside = null;
        }
    }

    /** An answer under way is cut short: the client must see it end, never a clean end. */
    void cut(Served served, boolean error, String flagsAndWhy) {
        end(served, false, error, flagsAndWhy);
        ctx.close();
    }

    /** The server failed the exchange before its answer began: 502. */
    void badGateway(Served served, String why) {
        String server = served.upstream().release(false);
        answerAndClose(served.exchange(), 502, server, "SH", server + " " + why);
    }

    /**
     * A request cut off in its body: the server connection that took its beginning is closed
     * (it must not take the rest for a request), and the client answered, or, if an answer has
     * begun, closed.
     */
    private void cutRequest(Served served, int answer, String flags, String why) {
        if (served instanceof Answering) {
            cut(served, true, flags + ": " + why);
        } else {
            answerAndClose(served.exchange(), answer, served.upstream().release(false), flags, why);
        }
    }

    /** A request refused before any server saw it. */
    private void refuse(Exchange ex, int answer, String flags, String why) {
        answerAndClose(ex, answer, AccessLog.NO_SERVER, flags, why);
    }

    /** An answer of our own, after which the connection closes: the request may not have been read to its end. */
    void answerAndClose(Exchange ex, int answer, String server, String flags, String why) {
        ex.answerOwn(answer);
        state = SessionState.CLOSING; // whatever the client sends now is not read
        ex.end(clientText, server, true, flags + ": " + why);
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
                if (state != SessionState.IDLE) {
                    return;
                }
                if (client == null) { // still no PROXY header: nobody to answer or log
                    ctx.close();
                    return;
                }
                // with no request to name in the log
                refuse(Exchange.begin(frontend, this, expired.since()), 408, "cR", "no whole request head within " + expired.seconds() + " s");
            }
            case KEEP_ALIVE -> {
                if (state == SessionState.IDLE) {
                    ctx.close();
                }
            }
            case BODY -> {
                if (state instanceof Served served && !served.exchange().requestSent) {
                    cutRequest(served, 408, "cD", "the request's body fell more than " + expired.seconds() + " s behind 1 KiB/s");
                }
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (evt instanceof HttpDeadlines.Expired expired) {
            expired(expired);
        } else if (evt instanceof IdleStateEvent) {
            // waiting on the server is the server timeout's business; otherwise the client is too slow
            if (!(state instanceof Waiting || state instanceof Connecting)) {
                context.close();
            }
        } else if (evt instanceof ChannelInputShutdownEvent) {
            // a client may half-close after its requests (pipelined ones too): each it sent
            // whole is answered in turn, and the connection closes when none is left
            inputShut = true;
            if (state == SessionState.IDLE || state instanceof Sending) {
                context.close();
            }
        } else {
            context.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        dropAside();
        if (state instanceof Served served) { // the client left mid-exchange: that server connection is not clean
            end(served, false, false, served instanceof Answering ? "CD" : "CH");
        } else if (state instanceof Connecting connecting) { // left while its server connection was being made: logged all the same
            connecting.exchange().end(clientText, AccessLog.NO_SERVER, false,
                    "CC: the client left while a connection to " + connecting.server().spec().name() + " was being made");
        }
        state = SessionState.CLOSING;
        in.release();
        in = Unpooled.EMPTY_BUFFER;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close(); // a reset or a broken pipe; channelInactive tidies up
    }
}
