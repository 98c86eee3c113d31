package dev.switchboard.health;

import dev.switchboard.config.CheckTarget;
import dev.switchboard.net.Kernel;
import dev.switchboard.sys.SysException;
import dev.switchboard.sys.Sockets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A probe that asks each target on a socket of its own through the interface (SO_BINDTODEVICE):
 * all are asked at once, then polled together until each has its result or the round's time is
 * up, and every socket is closed when the round ends, so an error belongs to one target and
 * nothing lingers between rounds.
 */
abstract class SocketRound extends InterfaceProbe {
    private final short readyWhen; // the poll event that says a socket has something
    private final String unanswered; // the failure of a target that said nothing in time

    SocketRound(String device, Kernel kernel, short readyWhen, String unanswered) {
        super(device, kernel);
        this.readyWhen = readyWhen;
        this.unanswered = unanswered;
    }

    /** Target {@code i}'s socket, not yet bound to the interface. */
    abstract int open(int i, CheckTarget target) throws SysException;

    /** Asks target {@code i} on {@code fd} (sockaddrs scoped to interface {@code index}); its result at once, or null to wait. */
    abstract ProbeResult ask(int i, CheckTarget target, int fd, int index) throws SysException;

    /** Target {@code i}'s socket is ready; its result, or null to keep waiting. {@code sent}: when it was asked. */
    abstract ProbeResult answer(int i, CheckTarget target, int fd, long sent) throws SysException;

    @Override
    public List<ProbeResult> round(List<CheckTarget> targets, Duration timeout) {
        int index;
        try {
            index = kernel.index(device);
        } catch (SysException e) {
            return Rounds.allFailed(targets, device + ": " + e.reason());
        }
        ProbeResult[] results = new ProbeResult[targets.size()];
        int[] fds = new int[targets.size()];
        long[] sent = new long[targets.size()];
        Arrays.fill(fds, -1);
        try {
            for (int i = 0; i < targets.size(); i++) {
                CheckTarget t = targets.get(i);
                try {
                    fds[i] = open(i, t);
                    Sockets.bindToDevice(fds[i], device);
                    sent[i] = System.nanoTime();
                    results[i] = ask(i, t, fds[i], index);
                } catch (SysException e) {
                    results[i] = ProbeResult.failed(t, e.getMessage());
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                int[] waiting = IntStream.range(0, targets.size()).filter(i -> results[i] == null).toArray();
                long left = deadline - System.nanoTime();
                if (waiting.length == 0 || left <= 0) {
                    break;
                }
                short[] events = Sockets.poll(Arrays.stream(waiting).map(i -> fds[i]).toArray(), readyWhen, (int) Math.max(1, left / 1_000_000));
                for (int k = 0; k < waiting.length; k++) {
                    int i = waiting[k];
                    if (events[k] != 0) {
                        results[i] = answer(i, targets.get(i), fds[i], sent[i]);
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
        return Rounds.fillFailed(targets, results, unanswered + " within " + Probe.seconds(timeout));
    }
}
