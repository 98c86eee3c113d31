package dev.switchboard.proxy;

import dev.switchboard.http1.BadMessage;
import dev.switchboard.http1.Body;
import dev.switchboard.http1.HeadParser;
import dev.switchboard.http1.RequestHead;
import dev.switchboard.http1.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import dev.switchboard.config.FrontendSpec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP connection to a server, last in its pipeline: lent to one {@link Exchange} at a time,
 * and between exchanges kept idle in the server's pool on its event loop. It reads the server's
 * bytes itself and hands its exchange one thing at a time, when asked: a response head, then
 * pieces of its body as they come. Idle too long in the pool, or anything the server says
 * unasked, closes it.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter {
    /** Idle connections kept per server and event loop; more are closed when given back. */
    static final int MAX_IDLE_PER_LOOP = 1024;

    private final Server server;
    private final HeadParser heads = new HeadParser(HttpSession.MAX_LINE, 2 * HttpSession.MAX_HEADERS);
    private Channel channel;
    private IdleTimeout timeout; // the server timeout: a deadline for a head, idleness for a body
    private ByteBuf in = Unpooled.EMPTY_BUFFER; // the server's bytes not yet handed on
    private Exchange owner;
    private RequestHead request; // whose answer is awaited: a HEAD's has no body
    private Body body; // of the answer under way; null while a head is awaited
    private boolean reused;
    private boolean wanting; // something was asked for and has not been handed on yet
    private boolean ended; // the server closed: what is in the buffer is all there will be
    private Throwable cause;

    /**
     * For a piece of the answer written to the client: the next is asked for once it is written
     * (a client that does not read holds the server up), or the connection closes if it cannot be.
     * One per connection, not one per piece.
     */
    final ChannelFutureListener written = f -> {
        if (f.isSuccess()) {
            want();
        } else {
            channel.close();
        }
    };

    ServerConnection(Server server) {
        this.server = server;
    }

    /** Opens it for a client of {@code spec} (see {@link Upstream}), with its counters and server timeout. */
    ChannelFuture open(Channel client, FrontendSpec spec) {
        return Upstream.connect(client, server, spec, false, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                timeout = new IdleTimeout(spec.timeouts().server(), TimeUnit.SECONDS);
                ch.pipeline().addLast(new ByteCounter(server.bytesOut, server.bytesIn), timeout, ServerConnection.this);
            }
        });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    Server server() {
        return server;
    }

    Channel channel() {
        return channel;
    }

    /** Whether this connection carried an exchange before (the server may have closed it meanwhile). */
    boolean reused() {
        return reused;
    }

    /** For {@code exchange}, whose request's answer it reads; null lends it to nobody. */
    void lend(Exchange exchange) {
        owner = exchange;
        this.request = exchange == null ? null : exchange.request;
        body = null;
        headAwaited(true);
        if (exchange == null && ended) {
            release();
        }
    }

    /**
     * Asks for the server's next head or piece of body: handed on at once if the buffer holds
     * it, else once it comes. A read cycle that ends without one (half a head arrived) satisfies
     * Netty's read, so the asking goes on until one comes. Says whether it was handed on at once.
     */
    boolean want() {
        wanting = true;
        handOn();
        if (wanting && !ended) {
            channel.read();
        }
        return !wanting;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (wanting && !ended) {
            ctx.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        in = Cumulation.append(ctx.alloc(), in, bytes);
        handOn();
    }

    private void handOn() {
        if (owner == null) {
            if (in.isReadable()) {
                channel.close(); // nobody asked: the connection is not clean any more
            }
            return;
        }
        if (!wanting) {
            return;
        }
        Exchange exchange = owner;
        try {
            if (body == null) {
                handOnHead(exchange);
            } else {
                handOnBody(exchange);
            }
        } catch (BadMessage bad) {
            wanting = false;
            exchange.responseBroken(this, bad.getMessage());
        }
    }

    /** The answer's head, once it is whole; or the end, if the server closed before it was. */
    private void handOnHead(Exchange exchange) throws BadMessage {
        ResponseHead head = heads.response(in);
        if (head == null) {
            endedShort(exchange);
            return;
        }
        HttpRules.Framing framing = HttpRules.framing(head, request);
        if (framing != null && framing.hasBody() && head.status() != 101) {
            body = framing.reader();
        }
        wanting = false;
        boolean interim = head.interim() && head.status() != 101;
        if (interim && timeout != null) {
            // a whole interim answer (102 Processing, 103) says the server is at work, as in HAProxy;
            // the exchange takes at most MAX_INTERIM of them, so the deadline moves a bounded number of times
            timeout.touch();
        }
        headAwaited(interim);
        exchange.responseHead(this, head, framing);
    }

    /** While a head is awaited, the server's bytes do not put its timeout off: only the request's do. */
    private void headAwaited(boolean awaited) {
        if (timeout != null) {
            timeout.readsCount(!awaited);
        }
    }

    /** The next piece of the answer's body, the last one saying so; or the end, if the server cut it short. */
    private void handOnBody(Exchange exchange) throws BadMessage {
        int n = body.take(in);
        boolean last = body.done() || ended && body.kind() == Body.Kind.UNTIL_CLOSE && n == in.readableBytes();
        if (n == 0 && !last) {
            endedShort(exchange);
            return;
        }
        ByteBuf piece = in.readRetainedSlice(n);
        if (!in.isReadable()) {
            in.release();
            in = Unpooled.EMPTY_BUFFER;
        }
        if (last) {
            body = null;
        }
        wanting = false;
        exchange.responseBody(this, piece, last);
    }

    /** Nothing more to hand on yet: if the server closed, nothing more will come, and the exchange hears so. */
    private void endedShort(Exchange exchange) {
        if (ended) {
            wanting = false;
            exchange.serverClosed(this, cause);
        }
    }

    /** The bytes the server sent after its last head (101 Switching Protocols), for whoever takes the connection over. */
    ByteBuf leftover() {
        ByteBuf rest = in;
        in = Unpooled.EMPTY_BUFFER;
        return rest;
    }

    /**
     * The exchange it served is over: back to the pool if {@code reuse} (the connection is clean),
     * else closed. Returns the server's name, for the log.
     */
    String release(boolean reuse) {
        server.closed();
        if (reuse) {
            giveBack();
        } else {
            lend(null);
            channel.close();
        }
        return server.spec().name();
    }

    /** The exchange is over and the connection clean: back to the pool, if the pool has room. */
    void giveBack() {
        var pool = server.pool(channel.eventLoop());
        if (idle()) {
            if (pool.size() < MAX_IDLE_PER_LOOP) {
                pool.addLast(this);
            } else {
                channel.close();
            }
        }
    }

    /**
     * The exchange it served is over, and the connection is clean for the client it served and
     * nobody else (see {@link Exchange#shared()}): kept aside for that client, not pooled.
     * Whether it was kept (else it is closing).
     */
    boolean setAside() {
        server.closed();
        return idle();
    }

    /**
     * Lent to nobody, and listening while idle: anything the server says unasked (a body after
     * a HEAD's answer, bytes after a Content-Length, a late 408) closes the connection here,
     * instead of being taken by the next request as its answer. Whether it can wait so.
     */
    private boolean idle() {
        owner = null;
        request = null;
        body = null;
        reused = true;
        if (ended || in.isReadable()) {
            channel.close();
            return false;
        }
        wanting = true;
        channel.read();
        return true;
    }

    /** Whether it can serve a request now: open, and taken out of its wait. */
    boolean takeUp() {
        if (!channel.isActive() || ended) {
            return false;
        }
        wanting = false;
        return true;
    }

    /** The most recently used live connection of the pool of {@code server} on this loop, if any. */
    static ServerConnection take(Server server, EventLoop loop) {
        var pool = server.pool(loop);
        for (ServerConnection c; (c = pool.pollLast()) != null; ) {
            if (c.takeUp()) {
                return c;
            }
        }
        return null;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (owner == null) {
                ctx.close();
            } else {
                owner.serverTimedOut(this);
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        server.pool(ctx.channel().eventLoop()).remove(this);
        ended = true;
        if (owner == null) {
            release();
        } else if (wanting) {
            handOn(); // what the buffer holds goes first; then the end
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        this.cause = cause;
        ctx.close(); // channelInactive tells the exchange
    }

    private void release() {
        in.release();
        in = Unpooled.EMPTY_BUFFER;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }
}
