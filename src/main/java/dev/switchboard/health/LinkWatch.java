package dev.switchboard.health;

import dev.switchboard.net.Decode;
import dev.switchboard.net.Link;
import dev.switchboard.net.NetlinkSocket;
import dev.switchboard.net.netlink.Message;
import dev.switchboard.net.netlink.Nl;
import dev.switchboard.sys.Errno;
import dev.switchboard.sys.SysException;
import java.util.function.BiConsumer;

/**
 * Link notifications only (not the engine's full re-dump per burst): a link's carrier is known
 * the moment the kernel says so, which is what makes a gateway dead at once. The listener hears
 * (name, up and carrier); a deleted link has none.
 */
final class LinkWatch implements AutoCloseable {
    private static final int POLL_MILLIS = 200;

    private final NetlinkSocket events;
    private final BiConsumer<String, Boolean> listener;
    private final Thread thread;
    private volatile boolean running = true;

    private LinkWatch(NetlinkSocket events, BiConsumer<String, Boolean> listener) {
        this.events = events;
        this.listener = listener;
        this.thread = new Thread(this::loop, "health-links");
        this.thread.setDaemon(true);
    }

    static LinkWatch start(BiConsumer<String, Boolean> listener) throws SysException {
        NetlinkSocket events = NetlinkSocket.open(Nl.RTNLGRP_LINK);
        try {
            events.receiveTimeout(POLL_MILLIS); // so that close() is noticed: closing does not wake a recv
        } catch (SysException e) {
            events.close();
            throw e;
        }
        LinkWatch watch = new LinkWatch(events, listener);
        watch.thread.start();
        return watch;
    }

    private void loop() {
        while (running) {
            try {
                for (Message m : events.receive("link events")) {
                    if (m.type() == Nl.RTM_NEWLINK) {
                        Link l = Decode.link(m);
                        listener.accept(l.name(), l.up() && l.carrier());
                    } else if (m.type() == Nl.RTM_DELLINK) {
                        listener.accept(Decode.link(m).name(), false);
                    }
                }
            } catch (SysException e) {
                if (!running) {
                    return;
                }
                if (e.errno() != Errno.ENOBUFS) {
                    return; // the socket is broken; probes still judge the gateways, only more slowly
                }
                // lost notifications: the next ones, or the probes, put it right
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2 * POLL_MILLIS + 100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
    }
}
