package dev.switchboard.health;

import dev.switchboard.config.CheckTarget;
import dev.switchboard.config.Family;
import dev.switchboard.net.Kernel;
import dev.switchboard.sys.Errno;
import dev.switchboard.sys.LibC;
import dev.switchboard.sys.Sockets;
import dev.switchboard.sys.SysException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ICMP echo to each target through the interface (SO_BINDTODEVICE: the kernel routes the request
 * by that interface's routes only, i.e. through its gateway, whichever default route wins).
 *
 * <p>Ping sockets (SOCK_DGRAM, IPPROTO_ICMP) first: they need no privilege where
 * net.ipv4.ping_group_range holds the process's group, and the kernel hands each socket only the
 * replies to its own identifier. Where the range refuses (EACCES), a raw socket, which needs
 * CAP_NET_RAW and sees every ICMP packet: replies are then matched by identifier, sequence and
 * sender. One socket per target and round, so an error belongs to one target and nothing
 * lingers between rounds.
 */
public final class IcmpProbe extends SocketRound {
    private static final int ECHO_REQUEST_V4 = 8;
    private static final int ECHO_REPLY_V4 = 0;
    private static final int ECHO_REQUEST_V6 = 128;
    private static final int ECHO_REPLY_V6 = 129;

    private final int ident = ThreadLocalRandom.current().nextInt(1 << 16);
    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private volatile boolean raw; // once ping sockets were refused, raw ones only
    private boolean[] rawSocket; // of the round under way, per target
    private int[] seqs;

    public IcmpProbe(String device, Kernel kernel) {
        super(device, kernel, LibC.POLLIN, "no echo reply");
    }

    /** Whether the last rounds used raw sockets (ping sockets refused by ping_group_range). */
    public boolean usesRawSockets() {
        return raw;
    }

    @Override
    public synchronized List<ProbeResult> round(List<CheckTarget> targets, Duration timeout) {
        rawSocket = new boolean[targets.size()];
        seqs = new int[targets.size()];
        return super.round(targets, timeout);
    }

    @Override
    int open(int i, CheckTarget target) throws SysException {
        int fd = open(target.family());
        rawSocket[i] = raw;
        return fd;
    }

    @Override
    ProbeResult ask(int i, CheckTarget target, int fd, int index) throws SysException {
        seqs[i] = sequence = (sequence + 1) & 0xffff;
        Sockets.sendTo(fd, echo(target.family(), seqs[i]), Sockets.sockaddr(target.address(), 0, index));
        return null;
    }

    @Override
    ProbeResult answer(int i, CheckTarget target, int fd, long sent) throws SysException {
        return drain(fd, rawSocket[i], target, seqs[i], sent);
    }

    /** Reads what is waiting; the result if our reply is among it, else null (keep waiting). */
    private ProbeResult drain(int fd, boolean rawSocket, CheckTarget target, int seq, long sent) throws SysException {
        while (true) {
            Optional<Sockets.Datagram> d;
            try {
                d = Sockets.receiveFrom(fd, 1500);
            } catch (SysException e) {
                return ProbeResult.failed(target, e.getMessage()); // e.g. EHOSTUNREACH reported on the socket
            }
            if (d.isEmpty()) {
                return null;
            }
            if (isOurReply(d.get(), rawSocket, target, seq)) {
                return ProbeResult.answered(target, Duration.ofNanos(System.nanoTime() - sent));
            }
        }
    }

    private boolean isOurReply(Sockets.Datagram d, boolean rawSocket, CheckTarget target, int seq) {
        if (!d.from().equals(target.address())) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(d.data());
        boolean v4 = target.family() == Family.IPV4;
        int at = rawSocket && v4 ? (b.get(0) & 0x0f) * 4 : 0; // a raw IPv4 socket gets the IP header too
        if (b.limit() < at + 8) {
            return false;
        }
        int type = b.get(at) & 0xff;
        int id = b.getShort(at + 4) & 0xffff;
        int sq = b.getShort(at + 6) & 0xffff;
        // a ping socket's identifier is the kernel's choice, and only its replies reach the socket
        return type == (v4 ? ECHO_REPLY_V4 : ECHO_REPLY_V6) && sq == seq && (!rawSocket || id == ident);
    }

    private int open(Family family) throws SysException {
        int domain = domain(family);
        int protocol = family == Family.IPV4 ? LibC.IPPROTO_ICMP : LibC.IPPROTO_ICMPV6;
        if (!raw) {
            try {
                return Sockets.open(domain, LibC.SOCK_DGRAM, protocol);
            } catch (SysException e) {
                if (e.errno() != Errno.EACCES && e.errno() != Errno.EPERM && e.errno() != Errno.EPROTONOSUPPORT) {
                    throw e;
                }
                raw = true;
            }
        }
        try {
            return Sockets.open(domain, LibC.SOCK_RAW, protocol);
        } catch (SysException e) {
            if (e.errno() == Errno.EPERM || e.errno() == Errno.EACCES) {
                throw new SysException("icmp needs net.ipv4.ping_group_range to hold switchboard's group, or CAP_NET_RAW;"
                        + " raw socket", e.errno());
            }
            throw e;
        }
    }

    /** An echo request: type, code, checksum, identifier, sequence, then 16 bytes of payload. */
    private byte[] echo(Family family, int seq) {
        ByteBuffer b = ByteBuffer.allocate(24);
        b.put((byte) (family == Family.IPV4 ? ECHO_REQUEST_V4 : ECHO_REQUEST_V6)).put((byte) 0).putShort((short) 0)
                .putShort((short) ident).putShort((short) seq).putLong(System.nanoTime()).put("switchbd".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] packet = b.array();
        if (family == Family.IPV4) {
            // the kernel fills in the checksum for ping sockets and for ICMPv6, not for raw IPv4
            int sum = checksum(packet);
            packet[2] = (byte) (sum >> 8);
            packet[3] = (byte) sum;
        }
        return packet;
    }

    static int checksum(byte[] data) {
        long sum = 0;
        for (int i = 0; i + 1 < data.length; i += 2) {
            sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        if (data.length % 2 == 1) {
            sum += (data[data.length - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
