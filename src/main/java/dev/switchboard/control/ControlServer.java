package dev.switchboard.control;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The control socket: a Unix domain socket (mode 0660, group {@value #GROUP} where it exists),
 * a thread per connection up to {@value #MAX_CLIENTS} ({@value #FOR_ADMINS} of them for admins
 * only, {@value #PER_VIEWER} at most per viewer: see {@link Slots}), one command a line, each answer followed
 * by an empty line. A line over {@value #MAX_LINE} bytes is refused (and not kept); clients idle
 * for {@value #IDLE_SECONDS} s and clients beyond the limit are told and cut off. Nothing a
 * client sends can hurt the engine.
 */
public final class ControlServer implements AutoCloseable {
    static final String GROUP = "switchboard";
    // the largest edited config (1 MiB, base64) and its command fit; 32 clients at most hold 43 MiB
    static final int MAX_LINE = Protocol.MAX_EDITED_BASE64 + 64;
    static final int MAX_CLIENTS = 32;
    static final int FOR_ADMINS = 8; // of MAX_CLIENTS, never taken by a viewer
    static final int PER_VIEWER = 8; // connections one viewer's user may hold, subscriptions included
    static final int IDLE_SECONDS = 300;
    static final int EVENT_QUEUE = 1000;

    private final Path path;
    private final ServerSocketChannel server;
    private final Protocol protocol;
    private final Consumer<String> log;
    private final Path groupFile;
    private final ExecutorService clients = Executors.newCachedThreadPool(daemon("switchboard-control"));
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(daemon("switchboard-control-idle"));
    private final Slots slots = new Slots(MAX_CLIENTS, FOR_ADMINS, PER_VIEWER);
    private final Map<SocketChannel, Long> lastHeard = new ConcurrentHashMap<>();

    private ControlServer(Path path, ServerSocketChannel server, Protocol protocol, Consumer<String> log, Path groupFile) {
        this.path = path;
        this.server = server;
        this.protocol = protocol;
        this.log = log;
        this.groupFile = groupFile;
    }

    /** Listens on {@code path}; fails if another engine already answers there. */
    public static ControlServer start(Path path, Protocol protocol, Consumer<String> log) throws IOException {
        return start(path, protocol, log, Path.of("/etc/group"));
    }

    static ControlServer start(Path path, Protocol protocol, Consumer<String> log, Path groupFile) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        if (Files.exists(path)) {
            if (ControlClient.answers(path)) {
                throw new IOException(path + ": another engine is running and answers there");
            }
            Files.delete(path); // left by an engine that died
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        try {
            GroupPrincipal group = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(GROUP);
            Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group);
        } catch (IOException e) {
            // no such group (a development machine): root only, by the mode
        }
        ControlServer s = new ControlServer(path, server, protocol, log, groupFile);
        Thread acceptor = daemon("switchboard-control-accept").newThread(s::acceptLoop);
        acceptor.start();
        s.reaper.scheduleWithFixedDelay(s::closeIdle, 10, 10, TimeUnit.SECONDS);
        return s;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.accept("control socket: accept failed: " + e.getMessage());
                continue;
            }
            // who it is decides whether it gets a place: the kernel says so at once (SO_PEERCRED)
            Peer peer;
            try {
                UnixDomainPrincipal cred = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
                peer = Peer.of(cred.user().getName(), cred.group().getName(), Peer.groupFile(groupFile));
            } catch (IOException | UnsupportedOperationException e) {
                write(ch, "error: cannot tell who you are: " + e.getMessage() + "\n");
                close(ch);
                continue;
            }
            Optional<String> refused = slots.take(peer);
            if (refused.isPresent()) {
                write(ch, "error: " + refused.get() + "\n");
                close(ch);
                continue;
            }
            clients.execute(() -> {
                try {
                    serve(ch, peer);
                } finally {
                    lastHeard.remove(ch);
                    close(ch);
                    slots.give(peer);
                }
            });
        }
    }

    private void serve(SocketChannel ch, Peer peer) {
        lastHeard.put(ch, System.nanoTime());
        // buffered: the channel's stream reads a byte a syscall, 4 s of CPU for a megabyte's line
        InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 64 * 1024);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean overlong = false; // the rest of this line is skipped, then refused
        try {
            for (int b; (b = in.read()) >= 0; ) {
                if (b != '\n') {
                    if (line.size() < MAX_LINE) {
                        line.write(b);
                    } else {
                        overlong = true;
                    }
                    continue;
                }
                lastHeard.put(ch, System.nanoTime());
                if (!overlong && line.toString(StandardCharsets.UTF_8).strip().equalsIgnoreCase("subscribe")) {
                    stream(ch);
                    return;
                }
                if (!write(ch, answer(line, overlong, peer))) {
                    return;
                }
                line.reset();
                overlong = false;
            }
            if (line.size() > 0) { // a last command without its newline
                write(ch, answer(line, overlong, peer));
            }
        } catch (IOException e) {
            // the client went away or was cut off as idle
        }
    }

    /**
     * The rest of the connection is events, one "event: ..." line each, until the client closes.
     * Events wait in a bounded queue of this connection's own, so a slow client never holds up
     * the engine: it loses events instead, and is told how many.
     */
    private void stream(SocketChannel ch) throws IOException {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(EVENT_QUEUE);
        AtomicInteger dropped = new AtomicInteger();
        try (AutoCloseable subscription = protocol.subscribe(e -> {
            if (!queue.offer(e)) {
                dropped.incrementAndGet();
            }
        })) {
            write(ch, "subscribed: events follow, one a line, until you close\n");
            ByteBuffer probe = ByteBuffer.allocate(256);
            while (true) {
                String event = queue.poll(1, TimeUnit.SECONDS);
                lastHeard.put(ch, System.nanoTime());
                int lost = dropped.getAndSet(0);
                if (lost > 0 && !write(ch, "event: " + lost + " events dropped: reading too slowly\n")) {
                    return;
                }
                if (event != null && !write(ch, "event: " + event + "\n")) {
                    return;
                }
                ch.configureBlocking(false); // has the client gone? (what it sends now is ignored)
                probe.clear();
                int n = ch.read(probe);
                ch.configureBlocking(true);
                if (n < 0) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the client went away
        }
    }

    private String answer(ByteArrayOutputStream line, boolean overlong, Peer peer) {
        if (overlong) {
            return "error: line longer than " + MAX_LINE + " bytes\n\n";
        }
        return protocol.answer(line.toString(StandardCharsets.UTF_8).replace("\r", ""), peer) + "\n";
    }

    private void closeIdle() {
        long limit = System.nanoTime() - TimeUnit.SECONDS.toNanos(IDLE_SECONDS);
        lastHeard.forEach((ch, t) -> {
            if (t < limit) {
                write(ch, "error: idle for " + IDLE_SECONDS + " s: closing\n");
                close(ch);
            }
        });
    }

    private static boolean write(SocketChannel ch, String text) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void close(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
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
        server.close();
        reaper.shutdownNow();
        lastHeard.keySet().forEach(ControlServer::close);
        clients.shutdownNow();
        Files.deleteIfExists(path);
    }
}
