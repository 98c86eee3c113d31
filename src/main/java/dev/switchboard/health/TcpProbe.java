package dev.switchboard.health;

import dev.switchboard.config.CheckTarget;
import dev.switchboard.net.Kernel;
import dev.switchboard.sys.Errno;
import dev.switchboard.sys.LibC;
import dev.switchboard.sys.Sockets;
import dev.switchboard.sys.SysException;
import java.time.Duration;

/**
 * Connects to each target's port through the interface (SO_BINDTODEVICE), all at once and
 * non-blocking, and counts a completed handshake as an answer. A refusal (RST) is a failure, as
 * in the backends' checks: the check says a service must answer, not merely a host.
 */
public final class TcpProbe extends SocketRound {
    /** {@code kernel}: of the namespace the probes run in, for the interface's index (link-local scope). */
    public TcpProbe(String device, Kernel kernel) {
        super(device, kernel, LibC.POLLOUT, "no answer");
    }

    @Override
    int open(int i, CheckTarget target) throws SysException {
        return Sockets.open(domain(target.family()), LibC.SOCK_STREAM, 0);
    }

    @Override
    ProbeResult ask(int i, CheckTarget target, int fd, int index) throws SysException {
        long started = System.nanoTime();
        return Sockets.connect(fd, Sockets.sockaddr(target.address(), target.port(), index))
                ? ProbeResult.answered(target, Duration.ofNanos(System.nanoTime() - started)) : null;
    }

    @Override
    ProbeResult answer(int i, CheckTarget target, int fd, long sent) throws SysException {
        int error = Sockets.pendingError(fd);
        return error == 0 ? ProbeResult.answered(target, Duration.ofNanos(System.nanoTime() - sent))
                : ProbeResult.failed(target, "connect: " + Errno.describe(error));
    }
}
