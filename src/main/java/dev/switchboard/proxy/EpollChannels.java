package dev.switchboard.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.epoll.Native;
import java.lang.reflect.Method;

/**
 * Keeps a connection's descriptor in epoll for its whole life.
 *
 * <p>Why: Netty 4.2.18 removes a descriptor from epoll when its interest set becomes empty
 * (EpollIoHandler: {@code epollCtlDel} on {@code NONE}) but keeps its registration marked as
 * added, so the next interest (EPOLLOUT when a socket buffer fills) is an {@code epoll_ctl MOD}
 * that fails with ENOENT, and Netty shuts the output down with data still queued. A relay meets
 * this on every half-closed connection that still has much to send: the client's FIN clears
 * EPOLLIN and EPOLLRDHUP, the server's bytes fill the client's socket, and the tail is lost
 * (ProxyTest's 1 GiB relay caught it). EPOLLERR in the interest set is harmless (the kernel
 * reports it anyway) and keeps the set from ever being empty. The channel classes are final
 * and their base class package-private, hence reflection.
 */
final class EpollChannels {
    private static final Method SET_FLAG = setFlag();

    private EpollChannels() {}

    private static Method setFlag() {
        try {
            Method m = Class.forName("io.netty.channel.epoll.AbstractEpollChannel").getDeclaredMethod("setFlag", int.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Call once the channel is registered with its event loop, on that loop; io_uring channels need nothing. */
    static void keepRegistered(Channel channel) {
        if (!SET_FLAG.getDeclaringClass().isInstance(channel)) {
            return;
        }
        try {
            SET_FLAG.invoke(channel, Native.EPOLLERR);
        } catch (ReflectiveOperationException e) {
            throw new ChannelException("cannot keep " + channel + " in epoll", e);
        }
    }
}
