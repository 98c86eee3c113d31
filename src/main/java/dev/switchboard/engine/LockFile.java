package dev.switchboard.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
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
 * An exclusive lock on a file of the state directory that names its holder, taken without
 * waiting. The kernel drops it when the holder dies, so a crash never leaves it stuck. These are
 * POSIX record locks: closing any channel of a file drops every lock the process has on it, so
 * this process never opens a file it holds; a second taker here is answered from memory.
 */
final class LockFile implements AutoCloseable {
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final FileChannel channel;
    private final FileLock lock;
    private final Path key;

    private LockFile(FileChannel channel, FileLock lock, Path key) {
        this.channel = channel;
        this.lock = lock;
        this.key = key;
    }

    /**
     * Takes {@code file} and writes {@code holder} into it, or returns empty, with what its holder
     * wrote in {@code heldBy} (what this process wrote, if it is this process).
     */
    static synchronized Optional<LockFile> tryTake(Path file, String holder, StringBuilder heldBy) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path key = key(file);
        String ours = HELD.get(key);
        if (ours != null) {
            heldBy.append(ours);
            return Optional.empty();
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close(); // this process holds no lock on it: closing drops nothing
            heldBy.append(StateFile.read(file));
            return Optional.empty();
        }
        channel.truncate(0);
        try {
            channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
        } catch (IOException e) {
            // a full disk: the lock holds all the same, nameless; a change is refused later, saying why
        }
        HELD.put(key, holder);
        return Optional.of(new LockFile(channel, lock, key));
    }

    /** What this process wrote into {@code file}, if it holds it. */
    static Optional<String> heldHere(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        return Files.isDirectory(dir) ? Optional.ofNullable(HELD.get(key(file))) : Optional.empty();
    }

    /** One key however the directory is named (a link, a relative path). */
    private static Path key(Path file) throws IOException {
        return file.toAbsolutePath().getParent().toRealPath().resolve(file.getFileName());
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            HELD.remove(key);
            lock.release();
            channel.close();
        }
    }
}
