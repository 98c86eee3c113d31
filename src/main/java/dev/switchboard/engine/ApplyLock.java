package dev.switchboard.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One change at a time across processes: an exclusive lock on {@code STATE_DIR/apply.lock},
 * which also names its holder for whoever is told to wait. The kernel drops the lock when the
 * holder dies, so a crash never leaves it stuck.
 */
public final class ApplyLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ApplyLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or returns empty and leaves the holder's description in {@code holder}. */
    public static Optional<ApplyLock> tryAcquire(Path stateDir, String who, StringBuilder holder) throws IOException {
        Files.createDirectories(stateDir);
        Path file = stateDir.resolve("apply.lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by this very process
        }
        if (lock == null) {
            holder.append(StateFile.read(file).strip());
            channel.close();
            return Optional.empty();
        }
        channel.truncate(0);
        try {
            channel.write(java.nio.ByteBuffer.wrap((who + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException e) {
            // a full disk: the lock holds all the same, nameless; what changes is refused later, and says why
        }
        return Optional.of(new ApplyLock(channel, lock));
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
