package dev.switchboard.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code STATE_DIR/audit.log}: one entry per apply, try, confirm, rollback and server toggle,
 * with when, who, what and how it ended, and the plan's diff indented beneath.
 */
final class Audit {
    private final Path file;

    Audit(Path stateDir) {
        this.file = stateDir.resolve("audit.log");
    }

    synchronized void record(String who, String what, String outcome, List<String> diff) {
        StringBuilder b = new StringBuilder()
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(' ').append(who).append(": ")
                .append(what).append(": ").append(outcome).append('\n');
        diff.forEach(line -> b.append("    ").append(line).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file) && Files.size(file) > MAX_BYTES) {
                // kept, not lost: the older half goes beside it, and the log starts again
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(file, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the change itself is done; losing its audit line must not undo it, but it is said
            System.err.println("switchboard: cannot write " + file + ": " + e.getMessage());
        }
    }

    /** The last {@code lines} lines, read from the end: a long log costs what the lines cost, not its length. */
    List<String> tail(int lines) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            long size = channel.size();
            long from = Math.max(0, size - TAIL_BYTES);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (size - from));
            while (buf.hasRemaining() && channel.read(buf, from + buf.position()) > 0) {
                // read on
            }
            List<String> all = new java.util.ArrayList<>(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).lines().toList());
            if (from > 0 && !all.isEmpty()) {
                all.remove(0); // cut in the middle of a line
            }
            return all.subList(Math.max(0, all.size() - lines), all.size());
        }
    }

    /** The audit log is rotated past this size (one older file is kept as audit.log.1). */
    static final long MAX_BYTES = 10L << 20;
    /** What `show audit` reads at most from the end. */
    private static final int TAIL_BYTES = 256 << 10;
}
