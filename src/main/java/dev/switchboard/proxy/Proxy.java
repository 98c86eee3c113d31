package dev.switchboard.proxy;

import dev.switchboard.config.BackendSpec;
import dev.switchboard.config.BindSpec;
import dev.switchboard.config.Config;
import dev.switchboard.config.FrontendSpec;
import dev.switchboard.config.HostPort;
import dev.switchboard.config.Transport;
import dev.switchboard.sys.Limits;
import dev.switchboard.sys.SysException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.unix.RawUnixChannelOption;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The in-process proxy on Netty's native epoll transport (or io_uring, see {@link Transport}): frontends listening on their binds
 * (pinned to an interface where the config says so), relaying to backends' servers, with health
 * checks and counters.
 *
 * <p>Sockets are born in the network namespace of the thread that makes them: listening sockets
 * in the thread that calls {@link #start}, connections to servers in the event loop's threads,
 * which {@code threads} makes (a test or the demo may have them enter a namespace first).
 */
public final class Proxy implements AutoCloseable {
    /** SO_BINDTODEVICE: SOL_SOCKET (1), option 25, the interface name in IFNAMSIZ (16) bytes. */
    private static final RawUnixChannelOption BIND_TO_DEVICE = new RawUnixChannelOption("SO_BINDTODEVICE", 1, 25, 16);

    private final EventLoopGroup group;
    private final Transport transport;
    private final Consumer<String> log;
    private final long openFiles;
    private final Admission admission = new Admission(1);
    private volatile Map<String, Frontend> frontends = Map.of(); // read by accepting threads
    private final Map<String, Backend> backends = new LinkedHashMap<>();
    private volatile List<Backend> backendList = List.of(); // backends, for the tick's thread
    private final Map<String, HealthChecks> checks = new LinkedHashMap<>();
    private final Map<ProxyChanges.Bind, Channel> listeners = new LinkedHashMap<>();
    private volatile List<BindStatus> binds = List.of();
    private volatile Function<Stats.Snapshot, String> metricsPage = stats -> "# no page yet\n";
    private final MetricsEndpoint metrics;
    Consumer<SwitchIn> beforeSwitchIn = switchIn -> { }; // a test holds the switch-in here

    private Proxy(EventLoopGroup group, Transport transport, Consumer<String> log, long openFiles) {
        this.group = group;
        this.transport = transport;
        this.log = log;
        this.openFiles = openFiles;
        this.metrics = new MetricsEndpoint(group, transport, log, () -> metricsPage.apply(stats()));
    }

    /**
     * Starts the frontends and backends of {@code config}, each bind on its own; returns at once
     * with every bind's outcome in {@link #binds()}. Runs on epoll where the kernel refuses io_uring;
     * fails only if epoll itself is unavailable.
     */
    public static Proxy start(Config config, int threads, ThreadFactory threadFactory, Consumer<String> log) {
        return start(config, config.appliance().transport(), threads, threadFactory, log);
    }

    /** As {@link #start(Config, int, ThreadFactory, Consumer)} on the given native transport (the config names one too). */
    public static Proxy start(Config config, Transport transport, int threads, ThreadFactory threadFactory, Consumer<String> log) {
        Transports.Choice choice = Transports.choose(transport, Transports::unavailable);
        choice.fallback().ifPresent(line -> log.accept("proxy: " + line));
        EventLoopGroup group;
        try {
            group = new MultiThreadIoEventLoopGroup(threads, threadFactory, Transports.handler(choice.transport()));
        } catch (IllegalStateException e) {
            if (choice.transport() != Transport.IO_URING) {
                throw e;
            }
            // io_uring answered the probe but refused a ring of the loop's size (e.g. locked-memory limits)
            log.accept("proxy: io_uring refused its rings (" + e.getMessage() + "); the proxy runs on epoll");
            return start(config, Transport.EPOLL, threads, threadFactory, log);
        }
        log.accept("proxy: on " + choice.transport().name().toLowerCase(Locale.ROOT) + ", " + threads
                + (threads == 1 ? " event loop" : " event loops"));
        Proxy proxy = new Proxy(group, choice.transport(), log, openFilesLimit(log));
        proxy.converge(config, false);
        // HAProxy's "rate": each counter's growth over the last whole second, sampled off the connections' path
        proxy.group.next().scheduleAtFixedRate(() -> Counters.tick(proxy.frontends.values(), proxy.backendList), 1, 1, TimeUnit.SECONDS);
        return proxy;
    }

    /**
     * Moves to {@code config} without dropping traffic: new binds are opened first, while the old
     * ones still listen; if any cannot open, the new ones are closed again and nothing else has
     * changed (the caller may roll back). Then frontends take their new spec and backend for new
     * connections, unchanged binds keep their sockets, and binds that are gone stop listening
     * while their connections run to their end. Call it from the thread whose namespace the
     * listening sockets belong in, as {@link #start}.
     */
    public synchronized Reconfigured reconfigure(Config config) {
        return converge(config, true);
    }

    /** How a reconfiguration went: applied, or refused with the binds that failed. */
    public record Reconfigured(boolean applied, List<BindStatus> failed) {}

    private Reconfigured converge(Config config, boolean allOrNothing) {
        Map<String, FrontendSpec> frontendSpecs = new LinkedHashMap<>();
        frontends.forEach((name, f) -> frontendSpecs.put(name, f.spec()));
        Map<String, BackendSpec> backendSpecs = new LinkedHashMap<>();
        backends.forEach((name, b) -> backendSpecs.put(name, b.spec()));
        ProxyChanges changes = ProxyChanges.between(listeners.keySet(), frontendSpecs, backendSpecs, config);
        Map<String, Backend> nextBackends = new LinkedHashMap<>();
        for (BackendSpec b : config.backends().values()) {
            Backend before = backends.get(b.name());
            nextBackends.put(b.name(), changes.keeps(b.name()) ? before : before == null ? new Backend(b) : new Backend(b).keepingRuntimeOf(before));
        }
        // 1. open what is new, while the old still listens; what they accept waits for the switch-in
        SwitchIn switchIn = new SwitchIn();
        Map<ProxyChanges.Bind, Channel> opened = new LinkedHashMap<>();
        List<BindStatus> statuses = new ArrayList<>();
        List<BindStatus> failed = new ArrayList<>();
        Budget budget = Budget.of(config, openFiles);
        for (FrontendSpec f : config.frontends().values()) {
            for (BindSpec bind : f.binds()) {
                Channel existing = listeners.get(new ProxyChanges.Bind(f.name(), bind)); // null for those changes.opened() names
                BindStatus status = existing != null
                        ? new BindStatus(f.name(), bind, Optional.of((InetSocketAddress) existing.localAddress()), Optional.empty())
                        : listen(f, bind, opened, switchIn);
                statuses.add(status);
                if (!status.listening()) {
                    failed.add(status);
                }
            }
        }
        if (allOrNothing && !failed.isEmpty()) {
            opened.values().forEach(Channel::close);
            switchIn.done(false);
            log.accept("reconfiguration refused, nothing changed: " + failed);
            return new Reconfigured(false, failed);
        }
        // 2. switch: frontends and backends for new connections
        beforeSwitchIn.accept(switchIn);
        Map<String, Frontend> next = new LinkedHashMap<>();
        for (FrontendSpec f : config.frontends().values()) {
            Frontend frontend = frontends.get(f.name());
            if (frontend == null) {
                frontend = new Frontend(f, nextBackends.get(f.backend()), admission, log);
            } else {
                frontend.update(f, nextBackends.get(f.backend()));
            }
            next.put(f.name(), frontend);
        }
        frontends = java.util.Collections.unmodifiableMap(next); // in the config's order, for the tables
        switchIn.done(true);
        if (!budget.note().isEmpty()) {
            log.accept(budget.note());
        }
        admission.budget(budget.connections());
        listeners.putAll(opened);
        opened.forEach((l, ch) -> admission.watch(ch, next.get(l.frontend())));
        // a listener stops accepting on its own event loop: once these empty tasks ran, a cap
        // lowered here holds for the next connection, not just for those after a moment
        listeners.values().forEach(ch -> ch.eventLoop().submit(() -> { }).awaitUninterruptibly());
        // 3. break what is gone: listeners stop, their connections finish on their own
        for (ProxyChanges.Bind gone : changes.closed()) {
            listeners.remove(gone).close().awaitUninterruptibly(); // not listening once this returns
            log.accept(gone + ": no longer listening");
        }
        backends.forEach((name, old) -> {
            if (nextBackends.get(name) != old) {
                old.servers().forEach(Server::closeIdle); // pooled HTTP connections of servers that are gone
            }
        });
        checks.entrySet().removeIf(e -> {
            boolean replaced = nextBackends.get(e.getKey()) != backends.get(e.getKey());
            if (replaced) {
                e.getValue().close();
            }
            return replaced;
        });
        for (Backend b : nextBackends.values()) {
            if (!checks.containsKey(b.spec().name())) {
                b.spec().health().ifPresent(h -> checks.put(b.spec().name(), new HealthChecks(b, h, group, transport, log)));
            }
        }
        backends.clear();
        backends.putAll(nextBackends);
        backendList = List.copyOf(nextBackends.values());
        binds = List.copyOf(statuses);
        return new Reconfigured(true, failed);
    }

    private static long openFilesLimit(Consumer<String> log) {
        try {
            return Limits.raiseOpenFiles();
        } catch (SysException e) {
            log.accept("cannot raise the open files limit: " + e.getMessage());
            return Long.MAX_VALUE; // unknown: let the kernel say EMFILE if it comes to that
        }
    }

    private BindStatus listen(FrontendSpec frontend, BindSpec bind, Map<ProxyChanges.Bind, Channel> opened, SwitchIn switchIn) {
        String name = frontend.name();
        ChannelFuture bound = new ServerBootstrap().group(group)
                .channelFactory(() -> pinned(bind, transport))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(Transports.reusePort(transport), true) // a changed bind opens beside the old one
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (switchIn.isDone() || frontends.containsKey(name)) {
                            serve(ch, name, bind);
                        } else {
                            switchIn.then(ch, () -> serve(ch, name, bind));
                        }
                    }
                })
                .bind(bind.address().socketAddress())
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            // closed on the failure; io_uring finishes that a completion later: awaited, so no stop overtakes it
            bound.channel().closeFuture().awaitUninterruptibly(1, TimeUnit.SECONDS);
            String reason = HealthChecks.reason(bound.cause());
            log.accept(name + " " + bind + ": cannot listen: " + reason);
            return failed(name, bind, reason);
        }
        opened.put(new ProxyChanges.Bind(name, bind), bound.channel());
        log.accept(name + " " + bind + ": listening");
        return new BindStatus(name, bind, Optional.of((InetSocketAddress) bound.channel().localAddress()), Optional.empty());
    }

    private void serve(Channel ch, String frontend, BindSpec bind) {
        Frontend f = frontends.get(frontend);
        if (f == null) {
            ch.close(); // opened for a reconfiguration that was then refused
        } else {
            f.accepted(ch, bind);
        }
    }

    /**
     * The listening channel, pinned before it binds. An option that cannot be set throws here,
     * which fails the bind: a pinned bind never listens unpinned.
     */
    private static ServerChannel pinned(BindSpec bind, Transport transport) {
        ServerChannel channel = Transports.serverChannel(transport);
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
                channel.config().setOption(Transports.freeBind(transport), true);
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

    /** The transport the proxy runs on (epoll where the config asked for io_uring and the kernel refused it). */
    public Transport transport() {
        return transport;
    }

    /** Every bind's outcome, in the config's order. */
    public synchronized List<BindStatus> binds() {
        return binds;
    }

    /**
     * Stops a frontend's binds from accepting while its connections run to their end; false if
     * there is no such frontend. The next reconfiguration opens them again.
     */
    public synchronized boolean drain(String frontend) {
        if (!frontends.containsKey(frontend)) {
            return false;
        }
        listeners.entrySet().removeIf(e -> {
            boolean mine = e.getKey().frontend().equals(frontend);
            if (mine) {
                e.getValue().close().awaitUninterruptibly();
            }
            return mine;
        });
        binds = binds.stream().map(b -> b.frontend().equals(frontend) ? failed(frontend, b.bind(), "drained by an operator") : b).toList();
        log.accept(frontend + ": drained: no longer accepting; established connections finish");
        return true;
    }

    /**
     * Opens again the binds of a frontend that were drained (or failed); empty if there is no
     * such frontend, else the binds that still do not listen, with their reasons.
     */
    public synchronized Optional<List<BindStatus>> undrain(String frontend) {
        Frontend f = frontends.get(frontend);
        if (f == null) {
            return Optional.empty();
        }
        Map<ProxyChanges.Bind, Channel> opened = new LinkedHashMap<>();
        List<BindStatus> statuses = new ArrayList<>();
        for (BindStatus b : binds) {
            boolean reopen = b.frontend().equals(frontend) && !listeners.containsKey(new ProxyChanges.Bind(frontend, b.bind()));
            statuses.add(reopen ? listen(f.spec(), b.bind(), opened, SwitchIn.made()) : b);
        }
        listeners.putAll(opened);
        opened.forEach((l, ch) -> admission.watch(ch, f));
        binds = List.copyOf(statuses);
        return Optional.of(statuses.stream().filter(b -> b.frontend().equals(frontend) && !b.listening()).toList());
    }

    /** Takes a server out of the rotation (false) or puts it back (true); false if there is no such server. */
    public boolean setServerEnabled(String backend, String server, boolean enabled) {
        return setServerState(backend, server, enabled ? Stats.Admin.READY : Stats.Admin.MAINT);
    }

    /** An operator's state for a server, at once (runtime only); false if there is no such server. */
    public synchronized boolean setServerState(String backend, String server, Stats.Admin state) {
        Optional<Server> s = server(backend, server);
        s.ifPresent(x -> {
            x.setAdmin(state);
            log.accept("server " + backend + "/" + server + " set to " + state.name().toLowerCase(java.util.Locale.ROOT) + " by an operator");
        });
        return s.isPresent();
    }

    /** A server's weight from now on (runtime only); false if there is no such server. */
    public synchronized boolean setServerWeight(String backend, String server, int weight) {
        Optional<Server> s = server(backend, server);
        s.ifPresent(x -> {
            x.setWeight(weight);
            log.accept("server " + backend + "/" + server + " weight set to " + weight + " by an operator");
        });
        return s.isPresent();
    }

    private Optional<Server> server(String backend, String server) {
        return Optional.ofNullable(backends.get(backend)).flatMap(b -> b.server(server));
    }

    /** The counters now; never waits for a change under way (an event loop reads it for /metrics). */
    public Stats.Snapshot stats() {
        return Counters.read(frontends.values(), backendList, binds, admission.budget());
    }

    /** What GET /metrics answers, from the counters at that moment. */
    public void metricsPage(Function<Stats.Snapshot, String> page) {
        metricsPage = page;
    }

    /** Serves /metrics at {@code at} (empty: nowhere) from now on; if it cannot listen there, why (and the old place stays). */
    public Optional<String> serveMetrics(Optional<HostPort> at) {
        return metrics.serve(at);
    }

    /** Stops listening, lets established connections run for up to {@code drain}, then stops. */
    public void close(long drain, TimeUnit unit) {
        List<ChannelFuture> closing;
        synchronized (this) {
            checks.values().forEach(HealthChecks::close);
            closing = listeners.values().stream().map(Channel::close).toList();
            metrics.serve(Optional.empty());
        }
        closing.forEach(f -> f.awaitUninterruptibly(1, TimeUnit.SECONDS)); // over before the loops stop (io_uring's come late)
        try {
            admission.awaitNoneOpen(unit.toNanos(drain));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a quiet 100 ms: io_uring finishes a close (here, a connection the stop cuts) a completion
        // later, and a loop already gone would log a stack trace for each
        group.shutdownGracefully(100, 1000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }

    @Override
    public void close() {
        close(0, TimeUnit.SECONDS);
    }
}
