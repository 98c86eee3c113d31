package dev.switchboard.proxy;

import dev.switchboard.config.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** What each of Netty's native transports ({@link Transport}) is made of. */
final class Transports {
    private Transports() {}

    /** Why {@code t} cannot run here, if it cannot. */
    static Optional<String> unavailable(Transport t) {
        Throwable cause = t == Transport.EPOLL ? (Epoll.isAvailable() ? null : Epoll.unavailabilityCause())
                : (IoUring.isAvailable() ? null : IoUring.unavailabilityCause());
        return Optional.ofNullable(cause).map(c -> t.name().toLowerCase(Locale.ROOT) + " is not available here: " + c.getMessage());
    }

    /** The transport the proxy runs on, and, when it is not the one asked for, the line that says why. */
    record Choice(Transport transport, Optional<String> fallback) {}

    /**
     * {@code wanted} where it can run; epoll where the kernel refuses io_uring (an appliance should
     * serve on the slower transport rather than not at all). Epoll itself missing is fatal.
     */
    static Choice choose(Transport wanted, Function<Transport, Optional<String>> unavailable) {
        Optional<String> why = unavailable.apply(wanted);
        if (why.isEmpty()) {
            return new Choice(wanted, Optional.empty());
        }
        if (wanted == Transport.IO_URING && unavailable.apply(Transport.EPOLL).isEmpty()) {
            return new Choice(Transport.EPOLL, Optional.of(why.get() + "; the proxy runs on epoll"));
        }
        throw new IllegalStateException(why.get());
    }

    static IoHandlerFactory handler(Transport t) {
        return t == Transport.EPOLL ? EpollIoHandler.newFactory() : IoUringIoHandler.newFactory();
    }

    static ServerChannel serverChannel(Transport t) {
        return t == Transport.EPOLL ? new EpollServerSocketChannel() : new IoUringServerSocketChannel();
    }

    static Class<? extends Channel> socketChannel(Transport t) {
        return t == Transport.EPOLL ? EpollSocketChannel.class : IoUringSocketChannel.class;
    }

    /** The socket channel class for connections made beside {@code channel}, on the same transport. */
    static Class<? extends Channel> socketChannelBeside(Channel channel) {
        return channel instanceof IoUringSocketChannel ? IoUringSocketChannel.class : EpollSocketChannel.class;
    }

    static ChannelOption<Boolean> reusePort(Transport t) {
        return t == Transport.EPOLL ? EpollChannelOption.SO_REUSEPORT : IoUringChannelOption.SO_REUSEPORT;
    }

    static ChannelOption<Boolean> freeBind(Transport t) {
        return t == Transport.EPOLL ? EpollChannelOption.IP_FREEBIND : IoUringChannelOption.IP_FREEBIND;
    }
}
