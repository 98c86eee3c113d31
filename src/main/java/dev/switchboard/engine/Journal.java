package dev.switchboard.engine;

import dev.switchboard.config.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A try under way, on disk before the change starts ({@code STATE_DIR/pending-try}): the config
 * to go back to and who tried what. An engine that finds it at start was stopped (crashed,
 * killed) during a try, and goes back to the confirmed config instead of the candidate.
 */
final class Journal {
    private final Path file;

    Journal(Path stateDir) {
        this.file = stateDir.resolve("pending-try");
    }

    /** The first line says who and when; the rest is the confirmed config's text. */
    record Entry(String who, String confirmedText) {}

    void write(Entry entry) throws IOException {
        AtomicFile.write(file, entry.who().replace('\n', ' ') + "\n" + entry.confirmedText());
    }

    Optional<Entry> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = StateFile.read(file);
        int eol = text.indexOf('\n');
        return Optional.of(eol < 0 ? new Entry(text, "") : new Entry(text.substring(0, eol), text.substring(eol + 1)));
    }

    void clear() throws IOException {
        Files.deleteIfExists(file);
    }
}
