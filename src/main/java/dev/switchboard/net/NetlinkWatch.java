package dev.switchboard.net;

import dev.switchboard.net.netlink.Message;
import dev.switchboard.sys.SysException;
import java.util.List;

/**
 * A daemon thread that reads a netlink socket's notifications, batch by batch, until closed. The
 * socket's receive timeout is how a close is noticed: closing a socket does not wake a recv
 * blocked on it.
 */
public final class NetlinkWatch implements AutoCloseable {
    private static final int POLL_MILLIS = 200;

    /** What a watch does with its notifications, on its thread. */
    public interface Reader {
        /** A batch of notifications, never empty. */
        void batch(List<Message> batch) throws SysException;

        /** Reading or taking a batch failed while the watch runs: whether it goes on. */
        boolean failed(SysException e);
    }

    private final NetlinkSocket events;
    private final String what;
    private final Reader reader;
    private final Thread thread;
    private volatile boolean running = true;

    private NetlinkWatch(NetlinkSocket events, String name, String what, Reader reader) {
        this.events = events;
        this.what = what;
        this.reader = reader;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    /**
     * Starts thread {@code name} reading {@code events} (which the watch closes, also when it
     * cannot start) for {@code reader}; {@code what} names the notifications in errors.
     */
    public static NetlinkWatch start(NetlinkSocket events, String name, String what, Reader reader) throws SysException {
        try {
            events.receiveTimeout(POLL_MILLIS);
        } catch (SysException e) {
            events.close();
            throw e;
        }
        NetlinkWatch watch = new NetlinkWatch(events, name, what, reader);
        watch.thread.start();
        return watch;
    }

    private void loop() {
        while (running) {
            try {
                List<Message> batch = events.receive(what);
                if (!batch.isEmpty()) {
                    reader.batch(batch);
                }
            } catch (SysException e) {
                if (!running || !reader.failed(e)) {
                    return;
                }
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
