package dev.switchboard.net;

import dev.switchboard.net.netlink.Message;
import dev.switchboard.net.netlink.MessageWriter;
import dev.switchboard.net.netlink.Nl;
import dev.switchboard.sys.Errno;
import dev.switchboard.sys.LibC;
import dev.switchboard.sys.SysException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An rtnetlink socket: requests answered by an ACK or the kernel's errno (with its extended-ack
 * words where it gives them), multipart dumps until NLMSG_DONE, and multicast groups for a
 * monitor. The socket belongs to the network namespace of the thread that opened it.
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final LibC C = LibC.INSTANCE;
    private static final int DUMP_RETRIES = 5;

    private final int fd;
    private final byte[] rx = new byte[1 << 16];
    private int seq = (int) (System.nanoTime() & 0x3fffffff);

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /** Opens a socket subscribed to {@code groups} (RTNLGRP_* numbers; none for requests only). */
    public static NetlinkSocket open(int... groups) throws SysException {
        return openWithBuffer(1 << 20, groups);
    }

    /** As {@link #open(int...)}, with a receive buffer of {@code receiveBuffer} bytes. */
    static NetlinkSocket openWithBuffer(int receiveBuffer, int... groups) throws SysException {
        int fd = SysException.check(C.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, Nl.NETLINK_ROUTE),
                "socket(AF_NETLINK)");
        try {
            int mask = 0;
            for (int g : groups) {
                mask |= 1 << (g - 1);
            }
            SysException.check(C.bind(fd, sockaddr(mask), 12), "bind(AF_NETLINK)");
            C.setsockopt(fd, LibC.SOL_NETLINK, Nl.NETLINK_EXT_ACK, intBytes(1), 4); // older kernels lack it: fine
            SysException.check(C.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, intBytes(receiveBuffer), 4), "SO_RCVBUF");
        } catch (SysException e) {
            C.close(fd);
            throw e;
        }
        return new NetlinkSocket(fd);
    }

    /**
     * Makes {@link #receive} give up after {@code millis} with an empty list, so that a monitor's
     * thread can notice it was asked to stop (closing a socket does not wake a blocked recv).
     */
    public void receiveTimeout(int millis) throws SysException {
        byte[] timeval = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
                .putLong(millis / 1000).putLong((millis % 1000) * 1000L).array();
        SysException.check(C.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, timeval, 16), "SO_RCVTIMEO");
    }

    /** Sends a change request and waits for its ACK; {@code what} names it in the error. */
    public synchronized void request(MessageWriter message, String what) throws SysException {
        int s = ++seq;
        send(message.build(s), what);
        while (true) {
            for (Message m : receive(what)) {
                if (m.seq() != s) {
                    continue; // a stale answer to an earlier, abandoned request
                }
                if (m.type() == Nl.NLMSG_ERROR) {
                    if (m.errno() != 0) {
                        throw new SysException(what, m.errno(), m.extendedAck());
                    }
                    return;
                }
            }
        }
    }

    /** Sends a request that is answered by data (e.g. RTM_GETROUTE for one route), with no ACK. */
    public synchronized Message get(MessageWriter message, String what) throws SysException {
        int s = ++seq;
        send(message.build(s), what);
        while (true) {
            for (Message m : receive(what)) {
                if (m.seq() != s) {
                    continue;
                }
                if (m.type() == Nl.NLMSG_ERROR) {
                    throw new SysException(what, m.errno() == 0 ? Errno.EINVAL : m.errno(), m.extendedAck());
                }
                return m;
            }
        }
    }

    /** Runs a dump to its end; retried when the kernel says it was interrupted by a change. */
    public synchronized List<Message> dump(MessageWriter message, String what) throws SysException {
        for (int attempt = 1; ; attempt++) {
            List<Message> out = new ArrayList<>();
            boolean interrupted = false;
            int s = ++seq;
            send(message.build(s), what);
            boolean done = false;
            while (!done) {
                for (Message m : receive(what)) {
                    if (m.seq() != s) {
                        continue;
                    }
                    interrupted |= (m.flags() & Nl.NLM_F_DUMP_INTR) != 0;
                    if (m.type() == Nl.NLMSG_DONE) {
                        done = true;
                    } else if (m.type() == Nl.NLMSG_ERROR) {
                        throw new SysException(what, m.errno(), m.extendedAck());
                    } else {
                        out.add(m);
                    }
                }
            }
            if (!interrupted || attempt == DUMP_RETRIES) {
                return out;
            }
        }
    }

    /** Blocks for the next datagram of notifications (for a monitor); ENOBUFS means some were lost. */
    public List<Message> receive(String what) throws SysException {
        long n = C.recv(fd, rx, rx.length, 0);
        if (n < 0) {
            int errno = Errno.last();
            if (errno == Errno.EINTR || errno == Errno.EAGAIN) {
                return List.of(); // interrupted, or the receive timeout passed
            }
            throw new SysException(what + ": recv", errno);
        }
        // a copy: the messages outlive the next recv into the shared buffer
        return Message.parseAll(java.util.Arrays.copyOf(rx, (int) n), (int) n);
    }

    private void send(byte[] bytes, String what) throws SysException {
        long n = C.sendto(fd, bytes, bytes.length, 0, sockaddr(0), 12);
        if (n < 0) {
            throw new SysException(what + ": send", Errno.last());
        }
    }

    @Override
    public void close() {
        C.close(fd);
    }

    private static byte[] sockaddr(int groups) {
        return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder())
                .putShort((short) LibC.AF_NETLINK).putShort((short) 0).putInt(0).putInt(groups).array();
    }

    private static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }
}
