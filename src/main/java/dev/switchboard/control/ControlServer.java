package dev.switchboard.control;

import dev.switchboard.config.FileType;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The control socket: a Unix domain socket (mode 0660, group {@value #GROUP} where it exists) on
 * one Netty epoll event loop; one command a line, each answer followed by an empty line (see
 * {@link Connection}). At most {@value #MAX_CLIENTS} clients, {@value #FOR_ADMINS} places of them
 * for admins only and {@value #PER_VIEWER} at most for each viewer's user, subscriptions included
 * ({@link Slots}). A line over {@value #MAX_LINE} bytes is refused at once, in one line, and its
 * bytes dropped as they come; the connection goes on with the next line. A client silent for {@value #IDLE_SECONDS} s, or that has not read what it was sent for as
 * long, is told and cut. A viewer's user pays for his commands and input from a {@link Budget};
 * his commands run on one thread of their own, and admins' on theirs, so no viewer can keep the
 * engine busy or make a `switchboard confirm` wait.
 */
public final class ControlServer implements AutoCloseable {
    static final String GROUP = "switchboard";
    // the largest edited config (1 MiB, base64) and its command fit; a client holds a few such lines
    // at most (read ahead of their answers, running, being read), however much it sends
    static final int MAX_LINE = Protocol.MAX_EDITED_BASE64 + 64;
    static final int MAX_CLIENTS = 32;
    static final int FOR_ADMINS = 8; // of MAX_CLIENTS, never taken by a viewer
    static final int PER_VIEWER = 8; // connections one viewer's user may hold, subscriptions included
    // connections accepted at once, being named or refused included: at this many, accepting pauses
    // and the rest wait in the listen backlog, so no flood of connects runs the engine out of files
    static final int MAX_OPEN = 2 * MAX_CLIENTS;
    static final int IDLE_SECONDS = 300;
    static final int EVENT_QUEUE = 1000;
    static final int COMMANDS_END_SECONDS = 60; // a command under way at close may wait for a change under way
    // a viewer's user: an attached console asks for its view once a second and after each event
    static final double VIEWER_COMMANDS_PER_SECOND = 20;
    static final int VIEWER_BURST = 40;
    private static final int ADMIN_THREADS = 4;

    /** Who a peer is, from what the kernel says of it (SO_PEERCRED). */
    interface Identity {
        Peer of(int uid, int gid, int pid) throws IOException;
    }

    /** What a test may change: who a peer is, how long a silent client is kept, and the admins' commands' threads. */
    record Settings(Identity identity, Duration idle, Supplier<ExecutorService> admins) {
        Settings(Identity identity, Duration idle) {
            this(identity, idle, ControlServer::admins);
        }

        static Settings system() {
            Path groupFile = Path.of("/etc/group");
            return new Settings((uid, gid, pid) -> Peer.of(uid, gid, groupFile), Duration.ofSeconds(IDLE_SECONDS));
        }
    }

    private final Path path;
    final Protocol protocol;
    final Consumer<String> log;
    final Settings settings;
    final Slots slots = new Slots(MAX_CLIENTS, FOR_ADMINS, PER_VIEWER);
    // names can take NSS time (LDAP): off the event loop, and apart from commands so that root is never behind a viewer
    final ExecutorService who = Executors.newSingleThreadExecutor(daemon("switchboard-control-who"));
    final ExecutorService viewers = Executors.newSingleThreadExecutor(daemon("switchboard-control-viewers"));
    final ExecutorService admins;
    final LongAdder reads = new LongAdder();
    final LongAdder bytesRead = new LongAdder();
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();
    private volatile int mostOpen; // the most connections open at once: the event loop's to write
    // its own, unpooled: what the clients hold is counted exactly, and none of it is the proxy's pool
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("switchboard-control", true),
            EpollIoHandler.newFactory());
    private Channel listener;

    private ControlServer(Path path, Protocol protocol, Consumer<String> log, Settings settings) {
        this.path = path;
        this.protocol = protocol;
        this.log = log;
        this.settings = settings;
        this.admins = settings.admins().get();
    }

    /** Listens on {@code path}; fails if another engine already answers there. */
    public static ControlServer start(Path path, Protocol protocol, Consumer<String> log) throws IOException {
        return start(path, protocol, log, Settings.system());
    }

    static ControlServer start(Path path, Protocol protocol, Consumer<String> log, Settings settings) throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException("control socket: Netty's epoll is not available: " + Epoll.unavailabilityCause());
        }
        Files.createDirectories(path.toAbsolutePath().getParent());
        Optional<FileType> there = FileType.of(path, LinkOption.NOFOLLOW_LINKS);
        if (there.isPresent()) {
            // a mistyped --socket may name a config or anything else: only a socket is ours to remove
            if (there.get() != FileType.SOCKET) {
                throw new IOException(path + " exists and is not a socket; not removing it");
            }
            if (ControlClient.answers(path)) {
                throw new IOException(path + ": another engine is running and answers there");
            }
            Files.delete(path); // left by an engine that died
        }
        ControlServer s = new ControlServer(path, protocol, log, settings);
        try {
            s.listen();
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        try {
            GroupPrincipal g = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(GROUP);
            Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(g);
        } catch (IOException e) {
            // no such group (a development machine): root only, by the mode
        }
        return s;
    }

    private void listen() throws IOException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false) // not a byte is read before we know who it is
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true) // the CLI says its line and shuts its side: it is answered
                .childOption(ChannelOption.ALLOCATOR, alloc)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // all on the one event loop: the listener's and its connections'
                        open.add(ch);
                        mostOpen = Math.max(mostOpen, open.size());
                        Channel listening = ch.parent();
                        if (open.size() >= MAX_OPEN) {
                            listening.config().setAutoRead(false);
                        }
                        ch.closeFuture().addListener(f -> {
                            open.remove(ch);
                            if (open.size() < MAX_OPEN && listening.isActive() && !listening.config().isAutoRead()) {
                                listening.config().setAutoRead(true);
                            }
                        });
                        Connection.install(ch, ControlServer.this);
                    }
                });
        ChannelFuture bound = b.bind(new DomainSocketAddress(path.toFile())).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IOException(path + ": cannot listen: " + bound.cause().getMessage(), bound.cause());
        }
        listener = bound.channel();
    }

    /** The budget of a viewer's user, shared by his connections. */
    Budget budget(String user) {
        return budgets.computeIfAbsent(user, u -> new Budget(VIEWER_COMMANDS_PER_SECOND, VIEWER_BURST, System.nanoTime()));
    }

    Duration idle() {
        return settings.idle();
    }

    /** Bytes the clients hold now: lines being read, answers and events not yet taken. */
    long bufferedBytes() {
        return alloc.metric().usedDirectMemory() + alloc.metric().usedHeapMemory();
    }

    /** Connections open now, and the most at once so far. */
    int openConnections() {
        return open.size();
    }

    int mostOpenConnections() {
        return mostOpen;
    }

    /** Reads from clients' sockets so far. */
    long reads() {
        return reads.sum();
    }

    private static ExecutorService admins() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(ADMIN_THREADS, ADMIN_THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemon("switchboard-control-admins"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        if (listener != null) {
            listener.close().awaitUninterruptibly();
        }
        open.forEach(Channel::close);
        // commands not begun are dropped (their clients are cut, never answered); those under way
        // end before this returns: whoever closes the socket acts next on an engine that no client
        // changes behind its back (a console leaving rolls its try back: no try may come after)
        who.shutdownNow(); // a name still looked up (NSS may hang) admits nobody now: not waited for
        for (ExecutorService commands : List.of(viewers, admins)) {
            commands.shutdownNow();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COMMANDS_END_SECONDS); // one wait for both: a stop stays in systemd's time
        for (ExecutorService commands : List.of(viewers, admins)) {
            try {
                if (!commands.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    log.accept("control socket: closed with a command still under way after " + COMMANDS_END_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        if (listener != null) { // ours; a socket we could not bind is another's
            Files.deleteIfExists(path);
        }
    }
}
