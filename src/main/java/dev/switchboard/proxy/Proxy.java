package dev.switchboard.proxy;

import dev.switchboard.config.BackendSpec;
import dev.switchboard.config.BindSpec;
import dev.switchboard.config.Config;
import dev.switchboard.config.FrontendSpec;
import dev.switchboard.config.Mode;
import dev.switchboard.sys.Limits;
import dev.switchboard.sys.SysException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.RawUnixChannelOption;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The in-process TCP proxy on Netty's native epoll transport: frontends listening on their binds
 * (pinned to an interface where the config says so), relaying to backends' servers, with health
 * checks and counters.
 *
 * <p>Sockets are born in the network namespace of the thread that makes them: listening sockets
 * in the thread that calls {@link #start}, connections to servers in the event loop's threads,
 * which {@code threads} makes (a test or the demo may have them enter a namespace first).
 */
public final class Proxy implements AutoCloseable {
    /** Descriptors kept aside for listeners, health checks, the control socket and the JVM itself. */
    static final long RESERVED_FILES = 256;

    /** SO_BINDTODEVICE: SOL_SOCKET (1), option 25, the interface name in IFNAMSIZ (16) bytes. */
    private static final RawUnixChannelOption BIND_TO_DEVICE = new RawUnixChannelOption("SO_BINDTODEVICE", 1, 25, 16);

    private final EventLoopGroup group;
    private final Consumer<String> log;
    private final Map<String, Frontend> frontends = new LinkedHashMap<>();
    private final Map<String, Backend> backends = new LinkedHashMap<>();
    private final List<Channel> listeners = new ArrayList<>();
    private final List<HealthChecks> checks = new ArrayList<>();
    private final List<BindStatus> binds = new ArrayList<>();

    private Proxy(EventLoopGroup group, Consumer<String> log) {
        this.group = group;
        this.log = log;
    }

    /**
     * Starts the frontends and backends of {@code config}, each bind on its own; returns at once
     * with every bind's outcome in {@link #binds()}. Fails only if epoll itself is unavailable.
     */
    public static Proxy start(Config config, int threads, ThreadFactory threadFactory, Consumer<String> log) {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("Netty's native epoll transport is unavailable: " + Epoll.unavailabilityCause());
        }
        long openFiles = openFilesLimit(log);
        Proxy proxy = new Proxy(new MultiThreadIoEventLoopGroup(threads, threadFactory, EpollIoHandler.newFactory()), log);
        for (BackendSpec b : config.backends().values()) {
            Backend backend = new Backend(b);
            proxy.backends.put(b.name(), backend);
            b.health().ifPresent(h -> proxy.checks.add(new HealthChecks(backend, h, proxy.group, log)));
        }
        long needed = RESERVED_FILES;
        for (FrontendSpec f : config.frontends().values()) {
            Frontend frontend = new Frontend(f, proxy.backends.get(f.backend()), log);
            proxy.frontends.put(f.name(), frontend);
            needed += 2L * f.maxconn(); // a client and a server descriptor per connection
            String budget = "maxconn %d of %s brings the open files needed to %d, over the limit of %d (lower maxconn or raise LimitNOFILE)"
                    .formatted(f.maxconn(), f.name(), needed, openFiles);
            for (BindSpec bind : f.binds()) {
                proxy.binds.add(needed > openFiles ? failed(f.name(), bind, budget) : proxy.listen(frontend, bind));
            }
        }
        return proxy;
    }

    private static long openFilesLimit(Consumer<String> log) {
        try {
            return Limits.raiseOpenFiles();
        } catch (SysException e) {
            log.accept("cannot raise the open files limit: " + e.getMessage());
            return Long.MAX_VALUE; // unknown: let the kernel say EMFILE if it comes to that
        }
    }

    private BindStatus listen(Frontend frontend, BindSpec bind) {
        String name = frontend.spec().name();
        if (frontend.spec().mode() == Mode.HTTP) {
            return failed(name, bind, "mode \"http\" is not built yet; use mode = \"tcp\"");
        }
        if (bind.acceptProxy()) {
            return failed(name, bind, "accept_proxy is not built yet");
        }
        ChannelFuture bound = new ServerBootstrap().group(group)
                .channelFactory(() -> pinned(bind))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        frontend.accepted(ch);
                    }
                })
                .bind(bind.address().socketAddress())
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            String reason = HealthChecks.reason(bound.cause());
            log.accept(name + " " + bind + ": cannot listen: " + reason);
            return failed(name, bind, reason);
        }
        listeners.add(bound.channel());
        log.accept(name + " " + bind + ": listening");
        return new BindStatus(name, bind, Optional.of((InetSocketAddress) bound.channel().localAddress()), Optional.empty());
    }

    /**
     * The listening channel, pinned before it binds. An option that cannot be set throws here,
     * which fails the bind: a pinned bind never listens unpinned.
     */
    private static EpollServerSocketChannel pinned(BindSpec bind) {
        EpollServerSocketChannel channel = new EpollServerSocketChannel();
        try {
            bind.interfaceName().ifPresent(device -> {
                ByteBuffer name = ByteBuffer.allocateDirect(16);
                name.put(device.getBytes(StandardCharsets.US_ASCII)).position(0);
                try {
                    channel.config().setOption(BIND_TO_DEVICE, name);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("cannot pin to interface " + device + ": " + HealthChecks.reason(e), e);
                }
            });
            if (bind.freebind()) {
                channel.config().setOption(EpollChannelOption.IP_FREEBIND, true);
            }
            return channel;
        } catch (RuntimeException e) {
            channel.unsafe().closeForcibly();
            throw e;
        }
    }

    private static BindStatus failed(String frontend, BindSpec bind, String reason) {
        return new BindStatus(frontend, bind, Optional.empty(), Optional.of(reason));
    }

    /** Every bind's outcome, in the config's order. */
    public List<BindStatus> binds() {
        return List.copyOf(binds);
    }

    /** Takes a server out of the rotation (false) or puts it back (true); false if there is no such server. */
    public boolean setServerEnabled(String backend, String server, boolean enabled) {
        Optional<Server> s = Optional.ofNullable(backends.get(backend)).flatMap(b -> b.server(server));
        s.ifPresent(x -> {
            x.setEnabled(enabled);
            log.accept("server " + backend + "/" + server + (enabled ? " enabled" : " disabled") + " by an operator");
        });
        return s.isPresent();
    }

    public Stats.Snapshot stats() {
        List<Stats.FrontendStats> fs = new ArrayList<>();
        for (Frontend f : frontends.values()) {
            fs.add(new Stats.FrontendStats(f.spec().name(), f.current.get(), f.total.sum(), f.refused.sum(), f.bytesIn.sum(),
                    f.bytesOut.sum(), f.errors.sum(), binds.stream().filter(b -> b.frontend().equals(f.spec().name())).toList()));
        }
        List<Stats.ServerStats> ss = new ArrayList<>();
        for (Backend b : backends.values()) {
            for (Server s : b.servers()) {
                ss.add(new Stats.ServerStats(b.spec().name(), s.spec().name(), s.spec().address().toString(), s.healthy(),
                        s.enabled(), s.lastChange(), s.active(), s.total.sum(), s.bytesIn.sum(), s.bytesOut.sum(),
                        s.failedConnects.sum()));
            }
        }
        return new Stats.Snapshot(fs, ss);
    }

    /** Stops listening, lets established connections run for up to {@code drain}, then stops. */
    public void close(long drain, TimeUnit unit) {
        checks.forEach(HealthChecks::close);
        listeners.forEach(Channel::close);
        long deadline = System.nanoTime() + unit.toNanos(drain);
        while (frontends.values().stream().anyMatch(f -> f.current.get() > 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Override
    public void close() {
        close(0, TimeUnit.SECONDS);
    }
}
