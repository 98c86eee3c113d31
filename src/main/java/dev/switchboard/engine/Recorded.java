package dev.switchboard.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a state directory keeps of the past, for a snapshot: the confirmed configs (the history
 * `rollback N` goes back in, newest first) and the audit log's end. Read as a damaged disk leaves
 * them: what cannot be read is left out, never a failure.
 */
public final class Recorded {
    /** At most this much config history in a snapshot: the newest configs first, older ones left out. */
    public static final int HISTORY_BYTES = 2 << 20;

    private Recorded() {}

    /** A confirmed config: {@code back} 0 is the one in force, 1 the one before. */
    public record Config(int back, String text) {}

    public static List<Config> history(Path stateDir) {
        History history = new History(stateDir);
        List<Config> out = new ArrayList<>();
        long bytes = 0;
        try {
            for (int back = 0; back < history.size(); back++) {
                Optional<String> text = history.get(back);
                if (text.isEmpty() || (bytes += text.get().length()) > HISTORY_BYTES) {
                    break;
                }
                out.add(new Config(back, text.get()));
            }
        } catch (IOException e) {
            // an unreadable history: what was read is kept
        }
        return out;
    }

    /** The audit log's last {@code lines} lines; none if it cannot be read. */
    public static List<String> audit(Path stateDir, int lines) {
        try {
            return new Audit(stateDir).tail(lines);
        } catch (IOException e) {
            return List.of();
        }
    }
}
