package dev.switchboard.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
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

    private final LockFile file;

    private EngineLock(LockFile file) {
        this.file = file;
    }

    static Path file(Path stateDir) {
        return stateDir.resolve("engine.lock");
    }

    /**
     * Takes the lock for {@code me}, or returns the one who holds it. A few tries, a few
     * milliseconds apart: {@link #holder} takes the lock for an instant to see whether it is free.
     */
    public static Acquired acquire(Path stateDir, Holder me) throws IOException {
        for (int attempt = 0; ; attempt++) {
            StringBuilder heldBy = new StringBuilder();
            Optional<LockFile> taken = LockFile.tryTake(file(stateDir), me.encode(), heldBy);
            if (taken.isPresent()) {
                return new Acquired.Taken(new EngineLock(taken.get()));
            }
            if (attempt + 1 >= ATTEMPTS || LockFile.heldHere(file(stateDir)).isPresent()) {
                return new Acquired.Held(Holder.decode(heldBy.toString()));
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Acquired.Held(Holder.decode(heldBy.toString()));
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
        Optional<String> mine = LockFile.heldHere(file);
        if (mine.isPresent()) {
            return mine.map(Holder::decode);
        }
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        // a shared lock needs only read access, so a viewer who may not write the state dir can ask too;
        // this process holds no lock on the file, so closing this channel drops nothing
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
            if (lock != null) {
                lock.release();
                return Optional.empty();
            }
        }
        return Optional.of(read(stateDir));
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
        file.close(); // after the last change: the next writer starts on what we left
    }
}
