package dev.switchboard.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The one writer of a state directory: an engine (or a CLI changing the kernel with no engine)
 * holds an exclusive lock on {@code STATE_DIR/engine.lock} for as long as it lives, taken before
 * it reads the kernel or opens a socket. Whether an engine runs is decided by this lock, never by
 * whether a socket answers; the kernel drops it when the holder dies, so a killed engine never
 * blocks anyone. The file names the holder: pid, control socket, config, who, since.
 */
public final class EngineLock implements AutoCloseable {
    /** Who holds the lock, as its file says. */
    public record Holder(long pid, String socket, String config, String who, String since) {
        String encode() {
            return "pid " + pid + "\nsocket " + socket + "\nconfig " + config + "\nwho " + who.replace('\n', ' ') + "\nsince " + since + "\n";
        }

        static Holder decode(String text) {
            long pid = -1;
            String socket = "";
            String config = "";
            String who = "";
            String since = "";
            for (String line : text.split("\n")) {
                int space = line.indexOf(' ');
                String key = space < 0 ? line : line.substring(0, space);
                String value = space < 0 ? "" : line.substring(space + 1);
                switch (key) {
                    case "pid" -> pid = parsePid(value);
                    case "socket" -> socket = value;
                    case "config" -> config = value;
                    case "who" -> who = value;
                    case "since" -> since = value;
                    default -> { } // a newer version's line: not ours to judge
                }
            }
            return new Holder(pid, socket, config, who, since);
        }

        private static long parsePid(String value) {
            try {
                return Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** {@code pid N, WHO, since T}: how the CLI names the holder. */
        public String describe() {
            return (pid > 0 ? "pid " + pid + ", " : "") + who + (since.isEmpty() ? "" : ", since " + since);
        }
    }

    /** How long a starting writer waits for a lock that a reader ({@link #holder}) may be probing. */
    private static final int ATTEMPTS = 20;
    private static final long PAUSE_MILLIS = 25;

    /**
     * The locks this process holds, by file, with their holders. Closing any channel of a file
     * drops every lock the process has on it (POSIX record locks), so this process never opens a
     * file it holds a second time: it answers from here.
     */
    private static final java.util.Map<Path, Holder> HELD = new java.util.concurrent.ConcurrentHashMap<>();

    private final FileChannel channel;
    private final FileLock lock;
    private final Path path;

    private EngineLock(FileChannel channel, FileLock lock, Path path) {
        this.channel = channel;
        this.lock = lock;
        this.path = path;
    }

    static Path file(Path stateDir) {
        return stateDir.resolve("engine.lock");
    }

    /**
     * Takes the lock for {@code me}, or returns the one who holds it. A few tries, a few
     * milliseconds apart: {@link #holder} takes the lock for an instant to see whether it is free.
     */
    public static synchronized Acquired acquire(Path stateDir, Holder me) throws IOException {
        Files.createDirectories(stateDir);
        Path path = stateDir.toRealPath().resolve("engine.lock"); // one key however the directory is named
        Holder mine = HELD.get(path);
        if (mine != null) {
            return new Acquired.Held(mine);
        }
        for (int attempt = 0; ; attempt++) {
            FileChannel channel = FileChannel.open(file(stateDir), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock != null) {
                channel.truncate(0);
                try {
                    channel.write(ByteBuffer.wrap(me.encode().getBytes(StandardCharsets.UTF_8)), 0);
                    channel.force(false);
                } catch (IOException e) {
                    // a full disk: the lock holds all the same, nameless; a change is refused later, saying why
                }
                HELD.put(path, me);
                return new Acquired.Taken(new EngineLock(channel, lock, path));
            }
            channel.close();
            if (attempt + 1 >= ATTEMPTS) {
                return new Acquired.Held(read(stateDir));
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Acquired.Held(read(stateDir));
            }
        }
    }

    /** The outcome of {@link #acquire}. */
    public sealed interface Acquired {
        record Taken(EngineLock lock) implements Acquired {}

        record Held(Holder by) implements Acquired {}
    }

    /** Who holds the lock now, or empty if nobody does (a dead holder holds nothing). */
    public static Optional<Holder> holder(Path stateDir) throws IOException {
        Path file = file(stateDir);
        Holder mine = Files.isDirectory(stateDir) ? HELD.get(stateDir.toRealPath().resolve("engine.lock")) : null;
        if (mine != null) {
            return Optional.of(mine);
        }
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        // a shared lock needs only read access, so a viewer who may not write the state dir can ask too
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock lock;
            try {
                lock = channel.tryLock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock != null) {
                lock.release();
                return Optional.empty();
            }
        }
        return Optional.of(read(stateDir));
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very process, taken since the look at HELD
        }
    }

    private static Holder read(Path stateDir) throws IOException {
        try {
            return Holder.decode(StateFile.read(file(stateDir)));
        } catch (java.nio.file.NoSuchFileException e) {
            return new Holder(-1, "", "", "unknown", "");
        }
    }

    /** A holder record for this process. */
    public static Holder me(Path socket, Path config, String who) {
        return new Holder(ProcessHandle.current().pid(), absolute(socket), absolute(config), who,
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    }

    /** As the CLI of another working directory must read it; empty stays empty (an engine without a socket). */
    private static String absolute(Path p) {
        return p.toString().isEmpty() ? "" : p.toAbsolutePath().toString();
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            HELD.remove(path);
            lock.release();
            channel.close();
        }
    }
}
