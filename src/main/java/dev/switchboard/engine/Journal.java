package dev.switchboard.engine;

import dev.switchboard.config.AtomicFile;
import java.io.IOException;
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

    /**
     * Who tried and when, the config file the try was made on (empty in a journal written before
     * it was recorded), and the confirmed config's text to go back to.
     */
    record Entry(String who, String configFile, String confirmedText) {}

    private static final String CONFIG = "config: ";

    /** Line 1: who and when; line 2: "config: FILE"; the rest: the confirmed config's text. */
    void write(Entry entry) throws IOException {
        AtomicFile.write(file, entry.who().replace('\n', ' ') + "\n" + CONFIG + entry.configFile().replace('\n', ' ') + "\n"
                + entry.confirmedText());
    }

    Optional<Entry> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = StateFile.read(file);
        int eol = text.indexOf('\n');
        if (eol < 0) {
            return Optional.of(new Entry(text, "", ""));
        }
        String who = text.substring(0, eol);
        String rest = text.substring(eol + 1);
        int eol2 = rest.indexOf('\n');
        if (rest.startsWith(CONFIG) && eol2 >= 0) {
            return Optional.of(new Entry(who, rest.substring(CONFIG.length(), eol2), rest.substring(eol2 + 1)));
        }
        return Optional.of(new Entry(who, "", rest));
    }

    void clear() throws IOException {
        Files.deleteIfExists(file);
    }
}
