package dev.switchboard.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One change at a time across processes: an exclusive lock on {@code STATE_DIR/apply.lock},
 * which also names its holder for whoever is told to wait. The kernel drops the lock when the
 * holder dies, so a crash never leaves it stuck.
 */
public final class ApplyLock implements AutoCloseable {
    /**
     * The locks this process holds, by file, with their holders. Closing any channel of a locked
     * file drops every lock the process has on it (POSIX record locks), so a second taker in this
     * process is answered from here and never opens the file.
     */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final FileChannel channel;
    private final FileLock lock;
    private final Path key;

    private ApplyLock(FileChannel channel, FileLock lock, Path key) {
        this.channel = channel;
        this.lock = lock;
        this.key = key;
    }

    /** Takes the lock, or returns empty and leaves the holder's description in {@code holder}. */
    public static synchronized Optional<ApplyLock> tryAcquire(Path stateDir, String who, StringBuilder holder) throws IOException {
        Files.createDirectories(stateDir);
        Path file = stateDir.resolve("apply.lock");
        Path key = stateDir.toRealPath().resolve("apply.lock");
        String ours = HELD.get(key);
        if (ours != null) {
            holder.append(ours);
            return Optional.empty();
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            holder.append(StateFile.read(file).strip());
            channel.close(); // this process holds no lock on it: closing drops nothing
            return Optional.empty();
        }
        channel.truncate(0);
        try {
            channel.write(java.nio.ByteBuffer.wrap((who + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException e) {
            // a full disk: the lock holds all the same, nameless; what changes is refused later, and says why
        }
        HELD.put(key, who);
        return Optional.of(new ApplyLock(channel, lock, key));
    }

    @Override
    public void close() throws IOException {
        HELD.remove(key);
        lock.release();
        channel.close();
    }
}
