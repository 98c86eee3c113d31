package dev.switchboard.sys;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.UnixChannel;
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
 *
 * <p>What it costs: Netty does not act on a bare EPOLLHUP, which a Unix socket whose peer is gone
 * reports at every turn of the loop. A TCP socket only hangs up once both its directions are shut,
 * and then Netty closes it; a Unix socket's owner must look with {@link #hungUp} while it has
 * nothing to write to a peer that may be gone.
 */
public final class EpollChannels {
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

    /**
     * Whether an epoll channel's peer has hung up (both directions shut, or an error), by poll(2):
     * false for others. Only for an open channel, on its event loop, where nothing closes it meanwhile
     * (a closed channel's descriptor number may already be another file's).
     */
    public static boolean hungUp(Channel channel) {
        if (!(channel instanceof UnixChannel unix) || !SET_FLAG.getDeclaringClass().isInstance(channel)) {
            return false;
        }
        try {
            short revents = Sockets.poll(new int[] {unix.fd().intValue()}, (short) 0, 0)[0];
            return (revents & (LibC.POLLHUP | LibC.POLLERR)) != 0;
        } catch (SysException e) {
            return false; // poll(2) fails only for want of memory: the next look may see it
        }
    }

    /** Call once the channel is registered with its event loop, on that loop; io_uring channels need nothing. */
    public static void keepRegistered(Channel channel) {
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
