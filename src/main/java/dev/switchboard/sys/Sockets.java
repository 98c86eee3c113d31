package dev.switchboard.sys;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The socket calls the gateway probes need, for what the JDK cannot do: SO_BINDTODEVICE, ICMP
 * (ping and raw sockets) and poll over several of them. File descriptors are plain ints; each
 * caller closes its own. Sockets are born in the network namespace of the calling thread.
 */
public final class Sockets {
    private static final LibC C = LibC.INSTANCE;
    private static final int IFNAMSIZ = 16;

    private Sockets() {}

    /** A non-blocking, close-on-exec socket. */
    public static int open(int domain, int type, int protocol) throws SysException {
        return SysException.check(C.socket(domain, type | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, protocol),
                "socket(" + (domain == LibC.AF_INET6 ? "AF_INET6" : "AF_INET") + ", " + type + ", " + protocol + ")");
    }

    /** SO_BINDTODEVICE: the socket's packets leave by {@code device}, routed by that device's routes only. */
    public static void bindToDevice(int fd, String device) throws SysException {
        byte[] name = Arrays.copyOf(device.getBytes(StandardCharsets.US_ASCII), IFNAMSIZ);
        SysException.check(C.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, name, IFNAMSIZ), "SO_BINDTODEVICE " + device);
    }

    /** Starts a connect; true if it completed at once, false if under way (EINPROGRESS). */
    public static boolean connect(int fd, byte[] sockaddr) throws SysException {
        if (C.connect(fd, sockaddr, sockaddr.length) == 0) {
            return true;
        }
        int errno = Errno.last();
        if (errno == Errno.EINPROGRESS) {
            return false;
        }
        throw new SysException("connect", errno);
    }

    /** SO_ERROR: the errno a non-blocking connect ended with (0: connected). */
    public static int pendingError(int fd) throws SysException {
        byte[] value = new byte[4];
        int[] length = {4};
        SysException.check(C.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_ERROR, value, length), "getsockopt(SO_ERROR)");
        return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getInt();
    }

    public static void sendTo(int fd, byte[] data, byte[] sockaddr) throws SysException {
        if (C.sendto(fd, data, data.length, 0, sockaddr, sockaddr.length) < 0) {
            throw new SysException("sendto", Errno.last());
        }
    }

    /** A datagram and its sender; empty when none is waiting (the socket is non-blocking). */
    public record Datagram(byte[] data, InetAddress from) {}

    public static java.util.Optional<Datagram> receiveFrom(int fd, int max) throws SysException {
        byte[] buffer = new byte[max];
        byte[] address = new byte[28];
        int[] length = {address.length};
        long n = C.recvfrom(fd, buffer, buffer.length, 0, address, length);
        if (n < 0) {
            int errno = Errno.last();
            if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
                return java.util.Optional.empty();
            }
            throw new SysException("recvfrom", errno);
        }
        return java.util.Optional.of(new Datagram(Arrays.copyOf(buffer, (int) n), address(address)));
    }

    /**
     * poll(2) on {@code fds} for {@code events} (POLLIN, POLLOUT) at most {@code timeoutMillis};
     * the returned events per fd (0: nothing yet). EINTR reads as nothing happened.
     */
    public static short[] poll(int[] fds, short events, int timeoutMillis) throws SysException {
        ByteBuffer b = ByteBuffer.allocate(8 * fds.length).order(ByteOrder.nativeOrder());
        for (int fd : fds) {
            b.putInt(fd).putShort(events).putShort((short) 0);
        }
        byte[] raw = b.array();
        short[] revents = new short[fds.length];
        if (C.poll(raw, fds.length, Math.max(0, timeoutMillis)) < 0) {
            int errno = Errno.last();
            if (errno == Errno.EINTR) {
                return revents;
            }
            throw new SysException("poll", errno);
        }
        ByteBuffer r = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        for (int i = 0; i < fds.length; i++) {
            revents[i] = r.getShort(8 * i + 6);
        }
        return revents;
    }

    /** struct sockaddr_in or sockaddr_in6; {@code scopeId} (an interface index) for link-local IPv6. */
    public static byte[] sockaddr(InetAddress address, int port, int scopeId) {
        if (address instanceof Inet4Address) {
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            b.putShort((short) LibC.AF_INET);
            b.order(ByteOrder.BIG_ENDIAN).putShort((short) port).put(address.getAddress());
            return b.array();
        }
        ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
        b.putShort((short) LibC.AF_INET6);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) port).putInt(0).put(address.getAddress());
        b.order(ByteOrder.nativeOrder()).putInt(address instanceof Inet6Address && address.isLinkLocalAddress() ? scopeId : 0);
        return b.array();
    }

    /** The address of a sockaddr_in or sockaddr_in6, without its port. */
    static InetAddress address(byte[] sockaddr) {
        int family = ByteBuffer.wrap(sockaddr).order(ByteOrder.nativeOrder()).getShort(0);
        try {
            return family == LibC.AF_INET6 ? InetAddress.getByAddress(Arrays.copyOfRange(sockaddr, 8, 24))
                    : InetAddress.getByAddress(Arrays.copyOfRange(sockaddr, 4, 8));
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // a byte array of length 4 or 16 is always an address
        }
    }

    public static void close(int fd) {
        C.close(fd);
    }
}
