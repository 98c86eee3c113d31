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
import java.util.Arrays;
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
public final class IcmpProbe implements Probe {
    private static final int ECHO_REQUEST_V4 = 8;
    private static final int ECHO_REPLY_V4 = 0;
    private static final int ECHO_REQUEST_V6 = 128;
    private static final int ECHO_REPLY_V6 = 129;

    private final String device;
    private final Kernel kernel;
    private final int ident = ThreadLocalRandom.current().nextInt(1 << 16);
    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private volatile boolean raw; // once ping sockets were refused, raw ones only

    public IcmpProbe(String device, Kernel kernel) {
        this.device = device;
        this.kernel = kernel;
    }

    /** Whether the last rounds used raw sockets (ping sockets refused by ping_group_range). */
    public boolean usesRawSockets() {
        return raw;
    }

    @Override
    public synchronized List<ProbeResult> round(List<CheckTarget> targets, Duration timeout) {
        ProbeResult[] results = new ProbeResult[targets.size()];
        int[] fds = new int[targets.size()];
        boolean[] rawSocket = new boolean[targets.size()];
        int[] seqs = new int[targets.size()];
        long[] sent = new long[targets.size()];
        Arrays.fill(fds, -1);
        try {
            int index;
            try {
                index = kernel.index(device);
            } catch (SysException e) {
                return Rounds.allFailed(targets, device + ": " + e.reason());
            }
            for (int i = 0; i < targets.size(); i++) {
                CheckTarget t = targets.get(i);
                try {
                    fds[i] = open(t.family());
                    rawSocket[i] = raw;
                    Sockets.bindToDevice(fds[i], device);
                    seqs[i] = sequence = (sequence + 1) & 0xffff;
                    sent[i] = System.nanoTime();
                    Sockets.sendTo(fds[i], echo(t.family(), seqs[i]), Sockets.sockaddr(t.address(), 0, index));
                } catch (SysException e) {
                    results[i] = ProbeResult.failed(t, e.getMessage());
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                int[] waiting = java.util.stream.IntStream.range(0, targets.size()).filter(i -> results[i] == null).toArray();
                long left = deadline - System.nanoTime();
                if (waiting.length == 0 || left <= 0) {
                    break;
                }
                short[] events = Sockets.poll(Arrays.stream(waiting).map(i -> fds[i]).toArray(), LibC.POLLIN,
                        (int) Math.max(1, left / 1_000_000));
                for (int k = 0; k < waiting.length; k++) {
                    int i = waiting[k];
                    if (events[k] != 0) {
                        results[i] = drain(fds[i], rawSocket[i], targets.get(i), seqs[i], sent[i]);
                    }
                }
            }
        } catch (SysException e) {
            return Rounds.fillFailed(targets, results, e.getMessage());
        } finally {
            for (int fd : fds) {
                if (fd >= 0) {
                    Sockets.close(fd);
                }
            }
        }
        return Rounds.fillFailed(targets, results, "no echo reply within " + Probe.seconds(timeout));
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
        int domain = family == Family.IPV4 ? LibC.AF_INET : LibC.AF_INET6;
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
