package dev.switchboard.net;

import dev.switchboard.config.IpLiteral;
import dev.switchboard.net.netlink.Message;
import dev.switchboard.net.netlink.Nl;
import dev.switchboard.sys.Errno;
import dev.switchboard.sys.SysException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Watches the kernel: subscribed to link, address, route and neighbour changes, it re-reads the
 * state after each burst of notifications and hands listeners the fresh snapshot with what
 * happened. A socket overrun (ENOBUFS: notifications were lost) is healed by that same re-read.
 * A neighbour is news when it becomes usable or fails, not as NUD cycles it (reachable, stale,
 * delay, probe): a gateway probed by ARP each second would otherwise bury every other event.
 * Open it on a thread in the namespace to watch, like {@link Kernel#open()}.
 */
public final class Monitor implements AutoCloseable {
    private final Kernel kernel;
    private final NetlinkWatch watch;

    private Monitor(Kernel kernel, NetlinkWatch watch) {
        this.kernel = kernel;
        this.watch = watch;
    }

    /** Starts watching; {@code listener} gets (snapshot, events) on the monitor's thread. */
    public static Monitor start(BiConsumer<NetState, List<String>> listener) throws SysException {
        return start(listener, 1 << 20);
    }

    /** As {@link #start(BiConsumer)} with a receive buffer of its own size (tests overrun a small one). */
    static Monitor start(BiConsumer<NetState, List<String>> listener, int receiveBuffer) throws SysException {
        NetlinkSocket events = NetlinkSocket.openWithBuffer(receiveBuffer, Nl.RTNLGRP_LINK, Nl.RTNLGRP_NEIGH, Nl.RTNLGRP_IPV4_IFADDR,
                Nl.RTNLGRP_IPV4_ROUTE, Nl.RTNLGRP_IPV6_IFADDR, Nl.RTNLGRP_IPV6_ROUTE, Nl.RTNLGRP_IPV4_RULE, Nl.RTNLGRP_IPV6_RULE);
        Kernel kernel = Kernel.open();
        NeighbourNews neighbours = new NeighbourNews(kernel.dump()); // the monitor's thread's only
        return new Monitor(kernel, NetlinkWatch.start(events, "netlink-monitor", "monitor", new NetlinkWatch.Reader() {
            @Override
            public void batch(List<Message> batch) throws SysException {
                NetState state = kernel.dump();
                List<String> happened = new ArrayList<>();
                batch.forEach(m -> describe(m, state, neighbours).ifPresent(happened::add));
                neighbours.keepOnly(state);
                listener.accept(state, happened);
            }

            @Override
            public boolean failed(SysException e) {
                if (e.errno() != Errno.ENOBUFS) {
                    listener.accept(null, List.of("monitor stopped: " + e.getMessage()));
                    return false;
                }
                List<String> happened = List.of("events were lost (socket overrun): state re-read");
                try {
                    NetState state = kernel.dump();
                    neighbours.sync(state);
                    listener.accept(state, happened);
                } catch (SysException again) {
                    listener.accept(null, List.of("monitor: " + again.getMessage()));
                }
                return true;
            }
        }));
    }

    /** One line per notification, in the words of `ip monitor`; a neighbour only when {@code neighbours} says it is news. */
    static Optional<String> describe(Message m, NetState state, NeighbourNews neighbours) {
        switch (m.type()) {
            case Nl.RTM_NEWLINK -> {
                Link l = Decode.link(m);
                return Optional.of("link " + l.name() + " " + l.linkWord());
            }
            case Nl.RTM_DELLINK -> {
                return Optional.of("link " + Decode.link(m).name() + " deleted");
            }
            case Nl.RTM_NEWADDR, Nl.RTM_DELADDR -> {
                Address a = Decode.address(m);
                return Optional.of((m.type() == Nl.RTM_NEWADDR ? "+ address " : "- address ") + a + " dev "
                        + state.linkName(a.index()));
            }
            case Nl.RTM_NEWROUTE, Nl.RTM_DELROUTE -> {
                Route r = Decode.route(m);
                if (r.table() != Route.TABLE_MAIN && r.protocol() != Route.PROTO_SWITCHBOARD) {
                    return Optional.empty(); // the local table's churn; switchboard's own tables are news
                }
                return Optional.of((m.type() == Nl.RTM_NEWROUTE ? "+ route " : "- route ") + r.describe(state::linkName));
            }
            case Nl.RTM_NEWRULE, Nl.RTM_DELRULE -> {
                return Optional.of((m.type() == Nl.RTM_NEWRULE ? "+ rule " : "- rule ") + Decode.rule(m).describe());
            }
            case Nl.RTM_NEWNEIGH -> {
                return Decode.neighbour(m).filter(neighbours::news).map(n -> "neighbour " + IpLiteral.format(n.address())
                        + " dev " + state.linkName(n.index()) + " " + n.stateName());
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    @Override
    public void close() {
        watch.close();
        kernel.close();
    }
}
