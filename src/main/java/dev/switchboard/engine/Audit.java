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
            Files.writeString(file, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the change itself is done; losing its audit line must not undo it, but it is said
            System.err.println("switchboard: cannot write " + file + ": " + e.getMessage());
        }
    }

    List<String> tail(int lines) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        return all.subList(Math.max(0, all.size() - lines), all.size());
    }
}
