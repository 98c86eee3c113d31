package dev.switchboard.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.LongAdder;

/**
 * Copies bytes from the channel it sits on to its peer, one read at a time: the next read is
 * asked for only when the write of the last one is done, so a slow reader on one side makes the
 * other side wait instead of buffering without bound. A FIN is passed on as a half-close once
 * every byte before it was written; a side that is idle too long, or fails, closes both.
 *
 * <p>On the client's side the relay is there from the accept on, before the server is
 * connected: what the client sends meanwhile (at most what the kernel had buffered, which epoll
 * delivers with a FIN whether asked or not) waits here and goes out first once it is.
 */
final class Relay extends ChannelInboundHandlerAdapter {
    private final LongAdder frontendBytes;
    private final ArrayDeque<Object> early = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Channel peer;
    private LongAdder serverBytes;
    private long bytes; // this connection's, this direction's; on the event loop only

    Relay(LongAdder frontendBytes) {
        this.frontendBytes = frontendBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    /**
     * Connects this side to {@code to}, counting bytes for the server too: sends what waited,
     * then reads on. On the event loop.
     */
    void attach(Channel to, LongAdder serverCounter) {
        this.peer = to;
        this.serverBytes = serverCounter;
        boolean finished = false;
        for (Object msg; (msg = early.poll()) != null; ) {
            if (msg == ChannelInputShutdownEvent.INSTANCE) {
                finished = true;
            } else {
                forward(msg);
            }
        }
        if (finished) {
            passOnFin();
        } else {
            readMore();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (peer == null) {
            early.add(msg);
        } else {
            forward(msg);
        }
    }

    private void forward(Object msg) {
        int bytes = ((ByteBuf) msg).readableBytes();
        frontendBytes.add(bytes);
        serverBytes.add(bytes);
        this.bytes += bytes;
        peer.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                readMore();
            } else {
                closeBoth();
            }
        });
    }

    /** Bytes this side has passed on so far. */
    long bytes() {
        return bytes;
    }

    private void readMore() {
        if (!((DuplexChannel) ctx.channel()).isInputShutdown()) { // after a FIN there is nothing to read
            ctx.channel().read();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            if (peer == null) {
                early.add(evt);
            } else {
                passOnFin();
            }
        } else if (evt instanceof IdleStateEvent) {
            closeBoth();
        } else {
            context.fireUserEventTriggered(evt);
        }
    }

    private void passOnFin() {
        // the empty write completes after every earlier one: only then may the FIN follow
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess() || !(peer instanceof DuplexChannel duplex)) {
                closeBoth();
                return;
            }
            duplex.shutdownOutput().addListener(done -> {
                // the other way was finished before: both are now, the connection is over
                if (((DuplexChannel) ctx.channel()).isOutputShutdown()) {
                    closeBoth();
                }
            });
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        early.forEach(ReferenceCountUtil::release);
        early.clear();
        if (peer != null) {
            closeOnFlush(peer);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        closeBoth(); // a reset or a broken pipe: the connection is over either way
    }

    private void closeBoth() {
        ctx.channel().close();
        if (peer != null) {
            closeOnFlush(peer);
        }
    }

    /**
     * Two relays take over a connection's two sides from the handlers that spoke a protocol on
     * them ({@code clientHandler}, {@code serverHandler}): what each side sent that they had not
     * taken yet ({@code fromClient}, {@code fromServer}) goes first.
     */
    static void takeOver(Channel client, ChannelHandler clientHandler, ByteBuf fromClient,
            Channel server, ChannelHandler serverHandler, ByteBuf fromServer) {
        server.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true); // a relay passes FINs on
        LongAdder counted = new LongAdder(); // the ByteCounters at the wire already count these bytes
        Relay serverSide = new Relay(counted);
        server.pipeline().replace(serverHandler, "relay", serverSide);
        Relay clientSide = new Relay(counted);
        client.pipeline().replace(clientHandler, "relay", clientSide);
        client.writeAndFlush(fromServer);
        server.writeAndFlush(fromClient);
        serverSide.attach(client, counted);
        clientSide.attach(server, counted);
    }

    /** Closes after what is queued has been written. */
    static void closeOnFlush(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
    }
}
