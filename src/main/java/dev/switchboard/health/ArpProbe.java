package dev.switchboard.health;

import dev.switchboard.config.CheckTarget;
import dev.switchboard.net.Decode;
import dev.switchboard.net.Kernel;
import dev.switchboard.net.Neighbour;
import dev.switchboard.net.NetlinkSocket;
import dev.switchboard.net.netlink.Message;
import dev.switchboard.net.netlink.Nl;
import dev.switchboard.sys.SysException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Asks whether each target (the gateway, by default) answers on the link, through the kernel's
 * own neighbour table (ARP, or NDP for IPv6) over rtnetlink: no packet socket, no privilege
 * beyond CAP_NET_ADMIN, and the answer is the one the kernel itself will route by.
 *
 * <p>A neighbour that is merely REACHABLE says nothing now: the kernel trusts an answer for 15
 * to 45 s without asking again. So each round makes the kernel ask: a known entry (REACHABLE,
 * STALE, DELAY) is set to NUD_PROBE, which sends unicast solicitations at once and keeps the
 * cached address usable meanwhile; an entry without an address (none yet, FAILED) gets NTF_USE,
 * as if a packet waited for it, which starts a broadcast resolution; one already being resolved
 * (INCOMPLETE, PROBE) is left to it. Only a change to REACHABLE after that, seen on the
 * neighbour notifications (subscribed before asking), is an answer: the kernel sets REACHABLE
 * only for a solicited reply. A static entry (PERMANENT, NOARP) cannot be asked: that is a
 * failure, explained, rather than a gateway presumed alive.
 */
public final class ArpProbe extends InterfaceProbe {
    public ArpProbe(String device, Kernel kernel) {
        super(device, kernel);
    }

    @Override
    public List<ProbeResult> round(List<CheckTarget> targets, Duration timeout) {
        ProbeResult[] results = new ProbeResult[targets.size()];
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        try (NetlinkSocket events = NetlinkSocket.open(Nl.RTNLGRP_NEIGH)) {
            int index = kernel.index(device);
            for (int i = 0; i < targets.size(); i++) {
                results[i] = ask(index, targets.get(i));
            }
            while (java.util.Arrays.stream(results).anyMatch(r -> r == null)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                events.receiveTimeout((int) Math.max(1, left / 1_000_000));
                List<Message> batch;
                try {
                    batch = events.receive("neighbour events");
                } catch (SysException e) {
                    if (e.errno() != dev.switchboard.sys.Errno.ENOBUFS) {
                        throw e;
                    }
                    // notifications were lost on a busy link: read the entries instead; a REACHABLE
                    // now is an answer, since every entry asked was moved out of REACHABLE or left resolving
                    for (int i = 0; i < targets.size(); i++) {
                        if (results[i] == null && kernel.neighbour(index, targets.get(i).address())
                                .filter(n -> (n.state() & Neighbour.NUD_REACHABLE) != 0).isPresent()) {
                            results[i] = ProbeResult.answered(targets.get(i), Duration.ofNanos(System.nanoTime() - started));
                        }
                    }
                    continue;
                }
                for (Message m : batch) {
                    if (m.type() != Nl.RTM_NEWNEIGH) {
                        continue;
                    }
                    Optional<Neighbour> n = Decode.neighbour(m);
                    for (int i = 0; i < targets.size(); i++) {
                        CheckTarget t = targets.get(i);
                        if (results[i] != null || n.isEmpty() || n.get().index() != index || !n.get().address().equals(t.address())) {
                            continue;
                        }
                        int state = n.get().state();
                        if ((state & Neighbour.NUD_REACHABLE) != 0) {
                            results[i] = ProbeResult.answered(t, Duration.ofNanos(System.nanoTime() - started));
                        } else if ((state & Neighbour.NUD_FAILED) != 0) {
                            results[i] = ProbeResult.failed(t, "no " + word(t) + " answer: the kernel marked it FAILED");
                        }
                    }
                }
            }
        } catch (SysException e) {
            return Rounds.fillFailed(targets, results, device + ": " + e.getMessage());
        }
        ProbeResult[] done = results;
        return java.util.stream.IntStream.range(0, targets.size())
                .mapToObj(i -> done[i] != null ? done[i] : ProbeResult.failed(targets.get(i),
                        "no " + word(targets.get(i)) + " answer within " + Probe.seconds(timeout)))
                .toList();
    }

    /** Makes the kernel ask the neighbour; a result now only when it cannot be asked. */
    private ProbeResult ask(int index, CheckTarget target) throws SysException {
        Optional<Neighbour> entry = kernel.neighbour(index, target.address());
        int state = entry.map(Neighbour::state).orElse(0);
        if ((state & (Neighbour.NUD_PERMANENT | Neighbour.NUD_NOARP)) != 0) {
            return ProbeResult.failed(target, "a static (" + entry.get().stateName() + ") neighbour entry cannot be asked;"
                    + " use method = \"icmp\"");
        }
        if ((state & (Neighbour.NUD_INCOMPLETE | Neighbour.NUD_PROBE)) != 0) {
            return null; // the kernel is asking already
        }
        if ((state & (Neighbour.NUD_REACHABLE | Neighbour.NUD_STALE | Neighbour.NUD_DELAY)) != 0) {
            try {
                kernel.probeNeighbour(index, target.address());
                return null;
            } catch (SysException e) {
                // the entry went between the look and the change (garbage collected): resolve it afresh
            }
        }
        kernel.useNeighbour(index, target.address());
        return null;
    }

    private static String word(CheckTarget t) {
        return t.family() == dev.switchboard.config.Family.IPV4 ? "ARP" : "NDP";
    }
}
