package dev.switchboard.proxy;

import dev.switchboard.config.BindSpec;
import dev.switchboard.config.FrontendSpec;
import dev.switchboard.config.HostPort;
import dev.switchboard.config.Mode;
import dev.switchboard.sys.EpollChannels;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A frontend at run time: its limit, its counters, and what happens to each accepted client
 * (after its PROXY header, on a bind that expects one). In TCP mode a server is picked and
 * connected on the client's own event loop; if the connect fails another server is tried; once
 * connected, two {@link Relay}s copy bytes both ways. In HTTP mode an {@link HttpSession} takes
 * the client's requests one by one.
 */
final class Frontend {
    private volatile FrontendSpec spec;
    private volatile Backend backend;
    private final Consumer<String> log;
    private final Admission admission;
    final AtomicInteger current = new AtomicInteger();
    final LongAdder total = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder requests = new LongAdder(); // HTTP mode
    final HttpCounts http = new HttpCounts();
    final PerSecond rate = new PerSecond(total);
    /** Connections per bind: which network its clients come from. */
    final java.util.Map<BindSpec, Counter> perBind = new java.util.concurrent.ConcurrentHashMap<>();

    /** A bind's current and total connections. */
    static final class Counter {
        final AtomicInteger current = new AtomicInteger();
        final LongAdder total = new LongAdder();
    }

    Frontend(FrontendSpec spec, Backend backend, Admission admission, Consumer<String> log) {
        this.spec = spec;
        this.backend = backend;
        this.admission = admission;
        this.log = log;
    }

    /** A new spec or backend for connections from now on; those under way keep theirs. */
    void update(FrontendSpec newSpec, Backend newBackend) {
        this.spec = newSpec;
        this.backend = newBackend;
    }

    FrontendSpec spec() {
        return spec;
    }

    Backend backend() {
        return backend;
    }

    /** Called for each accepted client channel of {@code bind}, on its event loop. */
    void accepted(Channel client, BindSpec bind) {
        FrontendSpec spec = this.spec;
        if (!admission.admit(this)) {
            refuse(client, spec);
            return;
        }
        total.increment();
        Counter mine = perBind.computeIfAbsent(bind, b -> new Counter());
        mine.current.incrementAndGet();
        mine.total.increment();
        client.closeFuture().addListener(f -> { // first: whatever fails below, the place is given back
            admission.release(this);
            mine.current.decrementAndGet();
        });
        EpollChannels.keepRegistered(client);
        Consumer<InetSocketAddress> serve;
        if (spec.mode() == Mode.HTTP) {
            // before the codec, so that it sees the bytes of a request as they come
            HttpDeadlines deadlines = new HttpDeadlines(spec.timeouts());
            HttpSession session = new HttpSession(this, deadlines);
            client.pipeline().addLast(new ByteCounter(bytesIn, bytesOut), deadlines, session);
            serve = session::start;
        } else {
            Relay fromClient = new Relay(bytesIn);
            client.pipeline().addLast(new IdleTimeout(spec.timeouts().client(), TimeUnit.SECONDS), fromClient);
            serve = from -> connect(client, fromClient, from, new HashSet<>());
        }
        if (bind.acceptProxy()) {
            ProxyHeader.expect(client, serve);
        } else {
            serve.accept((InetSocketAddress) client.remoteAddress());
        }
    }

    private final LongAdder refusedSinceLog = new LongAdder();
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - REFUSAL_LOG_EVERY);
    private final AtomicBoolean refusalsToSay = new AtomicBoolean();
    static final long REFUSAL_LOG_EVERY = TimeUnit.SECONDS.toNanos(1);

    /**
     * A connection accepted in the burst that reached a limit: closed, counted, and said in at most
     * one line a second, however many come (a line each would let a flood fill the log). Those
     * not said at once are said a second after the line before them, even if no other comes.
     */
    private void refuse(Channel client, FrontendSpec spec) {
        client.close();
        refused.increment();
        refusedSinceLog.increment();
        if (!sayRefused(spec) && refusalsToSay.compareAndSet(false, true)) {
            sayRefusedLater(client.eventLoop());
        }
    }

    /** On {@code loop}, when a line may be written again: the refusals not said yet. */
    private void sayRefusedLater(EventExecutor loop) {
        long wait = Math.max(0, lastRefusalLog.get() + REFUSAL_LOG_EVERY - System.nanoTime());
        try {
            loop.schedule(() -> {
                refusalsToSay.set(false);
                if (!sayRefused(spec) && refusalsToSay.compareAndSet(false, true)) {
                    sayRefusedLater(loop); // woken a little early, or another loop's line came between
                }
            }, wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            refusalsToSay.set(false); // the proxy is stopping: its last counters are in the stats
        }
    }

    /** Says the refusals not said yet, unless the last such line is less than a second old; false if they wait. */
    private boolean sayRefused(FrontendSpec spec) {
        long now = System.nanoTime();
        long last = lastRefusalLog.get();
        if (refusedSinceLog.sum() == 0) {
            return true; // nothing to say
        }
        if (now - last < REFUSAL_LOG_EVERY || !lastRefusalLog.compareAndSet(last, now)) {
            return false;
        }
        long n = refusedSinceLog.sumThenReset();
        if (n == 0) {
            return true; // said meanwhile by another event loop
        }
        log.accept(spec.name() + ": " + n + (n == 1 ? " connection" : " connections") + " refused: "
                + (spec.maxconn().isPresent() ? "its maxconn " + spec.maxconn().getAsInt() + " or " : "")
                + "the budget of " + admission.budget() + " connections reached; new ones wait in the listen queue");
        return true;
    }

    void log(String line) {
        log.accept(line);
    }

    /** Whether a line per connection or request is wanted ({@code log = false} is HAProxy's {@code no log}). */
    boolean logsTraffic() {
        return spec.log();
    }

    private void connect(Channel client, Relay fromClient, InetSocketAddress from, Set<Server> tried) {
        Backend backend = this.backend;
        FrontendSpec spec = this.spec;
        var picked = backend.pick(from.getAddress(), tried);
        if (picked.isEmpty()) {
            errors.increment();
            log.accept(spec.name() + ": " + from + " refused: no server of " + backend.spec().name() + " can take it");
            client.close();
            return;
        }
        Server server = picked.get();
        tried.add(server);
        Upstream.connect(client, server, spec, true, new ChannelInboundHandlerAdapter()).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                log.accept(Upstream.failed(spec, backend, server, f.cause()));
                if (client.isActive()) {
                    connect(client, fromClient, from, tried);
                }
                return;
            }
            relay(client, fromClient, f.channel(), server, from);
        });
    }

    private void relay(Channel client, Relay fromClient, Channel upstream, Server server, InetSocketAddress from) {
        FrontendSpec spec = this.spec;
        Backend backend = this.backend;
        if (!client.isActive()) {
            upstream.close();
            return;
        }
        EpollChannels.keepRegistered(upstream);
        server.opened();
        upstream.closeFuture().addListener(f -> server.closed());
        if (server.spec().sendProxy()) {
            upstream.pipeline().addLast(HAProxyMessageEncoder.INSTANCE);
            upstream.writeAndFlush(proxyHeader(from, (InetSocketAddress) client.localAddress()));
            upstream.pipeline().remove(HAProxyMessageEncoder.INSTANCE);
        }
        Relay fromServer = new Relay(bytesOut);
        upstream.pipeline().addLast(new IdleTimeout(spec.timeouts().server(), TimeUnit.SECONDS), fromServer);
        if (spec.log()) {
            String route = spec.name() + ": " + new HostPort(from.getAddress(), from.getPort()) + " -> " + backend.spec().name() + "/" + server.spec().name();
            long start = System.nanoTime();
            log.accept(route + " " + server.spec().address());
            client.closeFuture().addListener(f -> log.accept(route + " closed after %.1f s, %d bytes in, %d out".formatted(
                    (System.nanoTime() - start) / 1e9, fromClient.bytes(), fromServer.bytes())));
        }
        fromServer.attach(client, server.bytesOut);
        fromClient.attach(upstream, server.bytesIn);
    }

    private static HAProxyMessage proxyHeader(InetSocketAddress from, InetSocketAddress to) {
        boolean v4 = from.getAddress() instanceof java.net.Inet4Address;
        return new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY,
                v4 ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6,
                from.getAddress().getHostAddress(), to.getAddress().getHostAddress(), from.getPort(), to.getPort());
    }
}
