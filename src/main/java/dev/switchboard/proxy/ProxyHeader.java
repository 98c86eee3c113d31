package dev.switchboard.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.function.Consumer;

/**
 * A bind with {@code accept_proxy}: the connection must open with a PROXY protocol header (v1 or
 * v2, Netty's decoder), which names the real client; until it has arrived nothing else happens.
 * A LOCAL header (the sender's own health check) keeps the connection's own address. No header,
 * a broken one or a FIN first closes the connection.
 */
final class ProxyHeader extends ChannelInboundHandlerAdapter {
    private final Consumer<InetSocketAddress> then;

    private ProxyHeader(Consumer<InetSocketAddress> then) {
        this.then = then;
    }

    /** Puts the decoder and this first in the pipeline; {@code then} gets the real client. */
    static void expect(io.netty.channel.Channel ch, Consumer<InetSocketAddress> then) {
        ch.pipeline().addFirst(new ProxyHeader(then)).addFirst(new HAProxyMessageDecoder());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read(); // the decoder asks for more itself until the header is complete
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg); // cannot happen before the header: the decoder holds the bytes
            return;
        }
        InetSocketAddress client;
        try {
            client = source(header, (InetSocketAddress) ctx.channel().remoteAddress());
        } catch (UnknownHostException e) {
            ctx.close();
            return;
        } finally {
            header.release();
        }
        ctx.pipeline().remove(this);
        then.accept(client);
    }

    private static InetSocketAddress source(HAProxyMessage header, InetSocketAddress connection) throws UnknownHostException {
        if (header.command() == HAProxyCommand.LOCAL || header.sourceAddress() == null) {
            return connection;
        }
        // the header carries a literal; getByName parses it without a lookup
        return new InetSocketAddress(InetAddress.getByName(header.sourceAddress()), header.sourcePort());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            ctx.close(); // closed before saying who the client is
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // not a PROXY header: the protocol says drop the connection
    }
}
