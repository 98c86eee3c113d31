package dev.switchboard.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SubscriberTest {
    static String next(EmbeddedChannel ch) {
        ByteBuf b = ch.readOutbound();
        if (b == null) {
            return null;
        }
        try {
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }

    @Test
    void eventsGoOutInOrderWhileTheClientReads() {
        EmbeddedChannel ch = new EmbeddedChannel();
        Subscriber s = new Subscriber(ch, 3);
        s.accept("one");
        s.accept("two");
        ch.runPendingTasks();
        assertEquals("event: one\n", next(ch));
        assertEquals("event: two\n", next(ch));
        assertNull(next(ch));
        assertTrue(ch.isOpen());
    }

    /** The engine's thread offers and goes on, however many; the client that reads none is told and cut. */
    @Test
    void aSubscriberThatDoesNotReadIsToldAndCutAndTheEngineNeverWaits() {
        EmbeddedChannel ch = new EmbeddedChannel();
        Subscriber s = new Subscriber(ch, 3);
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false); // its socket is full
        long start = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            s.accept("event " + i);
        }
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "offered, never waited for");
        ch.runPendingTasks();
        assertEquals("error: 3 events waiting for you: you read too slowly; closing\n", next(ch));
        assertNull(next(ch), "nothing after it");
        assertFalse(ch.isOpen());
    }
}
