package dev.switchboard.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One change at a time across processes: an exclusive lock on {@code STATE_DIR/apply.lock},
 * which also names its holder for whoever is told to wait. The kernel drops the lock when the
 * holder dies, so a crash never leaves it stuck.
 */
public final class ApplyLock implements AutoCloseable {
    private final LockFile file;

    private ApplyLock(LockFile file) {
        this.file = file;
    }

    /** Takes the lock, or returns empty and leaves the holder's description in {@code holder}. */
    public static Optional<ApplyLock> tryAcquire(Path stateDir, String who, StringBuilder holder) throws IOException {
        StringBuilder heldBy = new StringBuilder();
        Optional<LockFile> taken = LockFile.tryTake(stateDir.resolve("apply.lock"), who + "\n", heldBy);
        holder.append(heldBy.toString().strip());
        return taken.map(ApplyLock::new);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
