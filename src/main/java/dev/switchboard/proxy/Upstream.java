package dev.switchboard.proxy;

import dev.switchboard.config.FrontendSpec;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import java.util.concurrent.TimeUnit;

/**
 * A connection to a server for a client, as both modes open it: on the client's own event loop
 * and transport (no thread hop between the two sides), not read until asked, within the
 * frontend's connect timeout.
 */
final class Upstream {
    private Upstream() {
    }

    /** Connects to {@code server} with {@code handler} in its pipeline; {@code halfClosure} lets a FIN pass on (TCP mode). */
    static ChannelFuture connect(Channel client, Server server, FrontendSpec spec, boolean halfClosure, ChannelHandler handler) {
        return new Bootstrap().group(client.eventLoop()).channel(Transports.socketChannelBeside(client))
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, halfClosure)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TimeUnit.SECONDS.toMillis(spec.timeouts().connect()))
                .handler(handler)
                .connect(server.spec().address().socketAddress());
    }

    /** A connect that failed: counted against the server, and the line that says so. */
    static String failed(FrontendSpec spec, Backend backend, Server server, Throwable cause) {
        server.failedConnects.increment();
        return spec.name() + ": " + backend.spec().name() + "/" + server.spec().name() + " " + HealthChecks.reason(cause)
                + "; trying another server";
    }
}
