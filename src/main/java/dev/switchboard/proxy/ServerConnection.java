package dev.switchboard.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * One HTTP connection to a server, last in its pipeline: lent to one {@link HttpSession} for one
 * exchange at a time, and between exchanges kept idle in the server's pool on its event loop.
 * Idle too long in the pool, or anything the server says unasked, closes it.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter {
    /** Idle connections kept per server and event loop; more are closed when given back. */
    static final int MAX_IDLE_PER_LOOP = 1024;

    private final Server server;
    private Channel channel;
    private HttpSession owner;
    private boolean reused;
    private boolean wanting; // a message was asked for and has not come yet

    ServerConnection(Server server) {
        this.server = server;
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

    /**
     * Asks for the server's next message. A read cycle that ends without one (half a message
     * arrived) satisfies Netty's read, so the asking goes on until one comes.
     */
    void want() {
        wanting = true;
        channel.read();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (wanting) {
            ctx.read();
        }
    }

    void lend(HttpSession session) {
        owner = session;
    }

    /** The exchange is over and the connection clean: back to the pool, if the pool has room. */
    void giveBack() {
        owner = null;
        reused = true;
        var pool = server.pool(channel.eventLoop());
        if (pool.size() < MAX_IDLE_PER_LOOP) {
            pool.addLast(this);
            // listening while idle: anything the server says unasked (a body after a HEAD's
            // answer, bytes after a Content-Length, a late 408) closes the connection here,
            // instead of being taken by the next client as the answer to its request
            want();
        } else {
            channel.close();
        }
    }

    /** The most recently used live connection of the pool of {@code server} on this loop, if any. */
    static ServerConnection take(Server server, io.netty.channel.EventLoop loop) {
        var pool = server.pool(loop);
        for (ServerConnection c; (c = pool.pollLast()) != null; ) {
            if (c.channel.isActive()) {
                return c;
            }
        }
        return null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        wanting = false;
        HttpSession session = owner;
        if (session == null) {
            ReferenceCountUtil.release(msg); // nobody asked: the connection is not clean any more
            ctx.close();
        } else if (msg instanceof HttpResponse response) {
            session.responseHead(this, response);
        } else if (msg instanceof HttpContent content) {
            session.responseContent(this, content);
        } else {
            ReferenceCountUtil.release(msg);
        }
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
        if (owner != null) {
            HttpSession session = owner;
            owner = null;
            session.serverClosed(this, null);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        HttpSession session = owner;
        owner = null;
        ctx.close();
        if (session != null) {
            session.serverClosed(this, cause);
        }
    }
}
