package dev.switchboard.control;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A subscriber's events on their way out. The engine's thread only offers them to a bounded queue
 * of this connection's own and never waits; the event loop moves them to the socket while it takes
 * more. A client that lets the queue fill has stopped reading: it is told and cut, and the engine
 * holds nothing more for it.
 */
final class Subscriber implements Consumer<String>, AutoCloseable {
    static final String SUBSCRIBED = "subscribed: events follow, one a line, until you close\n";
    private static final long TELL_MILLIS = 1000; // for the last word to get out before the cut

    private final Channel ch;
    private final int capacity;
    private final BlockingQueue<String> waiting;
    private final AtomicBoolean draining = new AtomicBoolean(); // a drain is on its way to the event loop
    private volatile boolean overflowed;
    private boolean told; // the event loop's
    private volatile AutoCloseable subscription = () -> { };

    Subscriber(Channel ch, int capacity) {
        this.ch = ch;
        this.capacity = capacity;
        this.waiting = new ArrayBlockingQueue<>(capacity);
    }

    /** Says so, then hears the engine (on the event loop). */
    void start(Protocol protocol) {
        ch.writeAndFlush(ByteBufUtil.writeUtf8(ch.alloc(), SUBSCRIBED));
        subscription = protocol.subscribe(this);
    }

    /** From the engine's thread: never blocks. */
    @Override
    public void accept(String event) {
        if (!waiting.offer(event)) {
            overflowed = true;
        }
        if (draining.compareAndSet(false, true)) {
            try {
                ch.eventLoop().execute(this::drain);
            } catch (RejectedExecutionException e) {
                // the server is closing
            }
        }
    }

    /** On the event loop: as many events as the socket takes now; the rest when it takes more. */
    void drain() {
        draining.set(false);
        if (!ch.isActive() || told) {
            return;
        }
        if (overflowed) {
            told = true;
            waiting.clear();
            ch.writeAndFlush(ByteBufUtil.writeUtf8(ch.alloc(), Protocol.error(capacity + " events waiting for you: you read too slowly; closing")))
                    .addListener(ChannelFutureListener.CLOSE);
            ch.eventLoop().schedule(() -> ch.close(), TELL_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        boolean wrote = false;
        for (String event; ch.isWritable() && (event = waiting.poll()) != null; wrote = true) {
            ch.write(ByteBufUtil.writeUtf8(ch.alloc(), "event: " + event + "\n"));
        }
        if (wrote) {
            ch.flush();
        }
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            // the engine's list: nothing to fail
        }
    }
}
