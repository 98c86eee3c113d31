package dev.switchboard.engine;

import dev.switchboard.config.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The configs that were confirmed, newest last, as files {@code STATE_DIR/history/000042.toml};
 * the last {@value #KEEP} are kept. Entry 0 is the one in force, 1 the one before, and so on.
 */
final class History {
    static final int KEEP = 20;

    private final Path dir;

    History(Path stateDir) {
        this.dir = stateDir.resolve("history");
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d{6}\\.toml")).sorted().toList();
        }
    }

    /** Records {@code text} as the confirmed config, unless it is already the newest entry. */
    void record(String text) throws IOException {
        List<Path> files = files();
        if (!files.isEmpty() && StateFile.read(files.get(files.size() - 1)).equals(text)) {
            return;
        }
        int next = files.isEmpty() ? 1 : Integer.parseInt(files.get(files.size() - 1).getFileName().toString().substring(0, 6)) + 1;
        AtomicFile.write(dir.resolve("%06d.toml".formatted(next)), text);
        for (int i = 0; i <= files.size() - KEEP; i++) {
            Files.deleteIfExists(files.get(i));
        }
    }

    /** Entry {@code back} (0 = newest), if there is one. */
    Optional<String> get(int back) throws IOException {
        List<Path> files = files();
        int i = files.size() - 1 - back;
        return back < 0 || i < 0 ? Optional.empty() : Optional.of(StateFile.read(files.get(i)));
    }

    int size() throws IOException {
        return files().size();
    }
}
