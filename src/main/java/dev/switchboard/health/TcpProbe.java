package dev.switchboard.health;

import dev.switchboard.config.CheckTarget;
import dev.switchboard.net.Kernel;
import dev.switchboard.sys.Errno;
import dev.switchboard.sys.LibC;
import dev.switchboard.sys.Sockets;
import dev.switchboard.sys.SysException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Connects to each target's port through the interface (SO_BINDTODEVICE), all at once and
 * non-blocking, and counts a completed handshake as an answer. A refusal (RST) is a failure, as
 * in the backends' checks: the check says a service must answer, not merely a host.
 */
public final class TcpProbe implements Probe {
    private final String device;
    private final Kernel kernel;

    /** {@code kernel}: of the namespace the probes run in, for the interface's index (link-local scope). */
    public TcpProbe(String device, Kernel kernel) {
        this.device = device;
        this.kernel = kernel;
    }

    @Override
    public List<ProbeResult> round(List<CheckTarget> targets, Duration timeout) {
        ProbeResult[] results = new ProbeResult[targets.size()];
        int[] fds = new int[targets.size()];
        long[] started = new long[targets.size()];
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
                    fds[i] = Sockets.open(t.family() == dev.switchboard.config.Family.IPV4 ? LibC.AF_INET : LibC.AF_INET6,
                            LibC.SOCK_STREAM, 0);
                    Sockets.bindToDevice(fds[i], device);
                    started[i] = System.nanoTime();
                    if (Sockets.connect(fds[i], Sockets.sockaddr(t.address(), t.port(), index))) {
                        results[i] = ProbeResult.answered(t, Duration.ofNanos(System.nanoTime() - started[i]));
                    }
                } catch (SysException e) {
                    results[i] = ProbeResult.failed(t, e.getMessage());
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                List<Integer> waiting = new ArrayList<>();
                for (int i = 0; i < targets.size(); i++) {
                    if (results[i] == null) {
                        waiting.add(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (waiting.isEmpty() || left <= 0) {
                    break;
                }
                int[] polled = waiting.stream().mapToInt(i -> fds[i]).toArray();
                short[] events = Sockets.poll(polled, LibC.POLLOUT, (int) Math.max(1, left / 1_000_000));
                for (int k = 0; k < polled.length; k++) {
                    if (events[k] == 0) {
                        continue;
                    }
                    int i = waiting.get(k);
                    int error = Sockets.pendingError(fds[i]);
                    results[i] = error == 0 ? ProbeResult.answered(targets.get(i), Duration.ofNanos(System.nanoTime() - started[i]))
                            : ProbeResult.failed(targets.get(i), "connect: " + Errno.describe(error));
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
        return Rounds.fillFailed(targets, results, "no answer within " + Probe.seconds(timeout));
    }
}
