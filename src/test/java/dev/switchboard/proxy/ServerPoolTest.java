package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.switchboard.config.HostPort;
import dev.switchboard.config.ServerSpec;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A server keeps one pool of idle connections per event loop, whichever loop asked last. */
class ServerPoolTest {
    @Test
    void eachEventLoopHasItsOwnPoolAskedInAnyOrder() throws Exception {
        DefaultEventLoopGroup group = new DefaultEventLoopGroup(2);
        try {
            EventLoop a = group.next();
            EventLoop b = group.next();
            Server server = new Server(new ServerSpec("s", HostPort.parse("127.0.0.1:80").orElseThrow(), 1, false), false);
            ArrayDeque<ServerConnection> poolA = server.pool(a);
            ArrayDeque<ServerConnection> poolB = server.pool(b);
            assertNotSame(poolA, poolB);
            assertSame(poolA, server.pool(a), "a's pool again after b's was asked for");
            assertSame(poolA, server.pool(a));
            assertSame(poolB, server.pool(b));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
