package dev.switchboard.health;

import dev.switchboard.net.Decode;
import dev.switchboard.net.Link;
import dev.switchboard.net.NetlinkSocket;
import dev.switchboard.net.NetlinkWatch;
import dev.switchboard.net.netlink.Message;
import dev.switchboard.net.netlink.Nl;
import dev.switchboard.sys.Errno;
import dev.switchboard.sys.SysException;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Link notifications only (not the engine's full re-dump per burst): a link's carrier is known
 * the moment the kernel says so, which is what makes a gateway dead at once. The listener hears
 * (name, up and carrier); a deleted link has none.
 */
final class LinkWatch implements AutoCloseable {
    private final NetlinkWatch watch;

    private LinkWatch(NetlinkWatch watch) {
        this.watch = watch;
    }

    static LinkWatch start(BiConsumer<String, Boolean> listener) throws SysException {
        return new LinkWatch(NetlinkWatch.start(NetlinkSocket.open(Nl.RTNLGRP_LINK), "health-links", "link events", new NetlinkWatch.Reader() {
            @Override
            public void batch(List<Message> batch) {
                for (Message m : batch) {
                    if (m.type() == Nl.RTM_NEWLINK) {
                        Link l = Decode.link(m);
                        listener.accept(l.name(), l.up() && l.carrier());
                    } else if (m.type() == Nl.RTM_DELLINK) {
                        listener.accept(Decode.link(m).name(), false);
                    }
                }
            }

            @Override
            public boolean failed(SysException e) {
                // lost notifications (ENOBUFS): the next ones, or the probes, put it right; any
                // other error and the socket is broken: probes still judge the gateways, only more slowly
                return e.errno() == Errno.ENOBUFS;
            }
        }));
    }

    @Override
    public void close() {
        watch.close();
    }
}
