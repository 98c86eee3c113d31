package dev.switchboard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a snapshot takes of the state directory's past: the confirmed configs, newest first and bounded, and the audit log's end. */
class RecordedTest {
    @TempDir
    Path dir;

    @Test
    void theHistoryNewestFirstAndTheAuditsEnd() throws Exception {
        History history = new History(dir);
        history.record("metric = 1\n");
        history.record("metric = 2\n");
        assertEquals(List.of(new Recorded.Config(0, "metric = 2\n"), new Recorded.Config(1, "metric = 1\n")), Recorded.history(dir));

        Audit audit = new Audit(dir);
        audit.record("root", "apply", "applied", List.of("+ route default via 10.4.0.1 dev eth4 metric 9"));
        List<String> tail = Recorded.audit(dir, 10);
        assertEquals(2, tail.size(), tail.toString());
        assertTrue(tail.get(0).endsWith(" root: apply: applied"), tail.get(0));
        assertEquals("    + route default via 10.4.0.1 dev eth4 metric 9", tail.get(1));
    }

    @Test
    void aLargeHistoryIsCutAtItsOldestAndNothingIsNoHistory() throws Exception {
        assertEquals(List.of(), Recorded.history(dir));
        assertEquals(List.of(), Recorded.audit(dir, 10));
        History history = new History(dir);
        String big = "#".repeat(Recorded.HISTORY_BYTES / 3) + "\n";
        history.record("old\n");
        history.record(big + "1");
        history.record(big + "2");
        history.record(big + "3");
        List<Recorded.Config> kept = Recorded.history(dir);
        assertEquals(List.of(new Recorded.Config(0, big + "3"), new Recorded.Config(1, big + "2")), kept,
                "the newest two: three would pass " + Recorded.HISTORY_BYTES + " bytes");
        Files.writeString(dir.resolve("history").resolve("000009.toml"), "");
        assertEquals("", Recorded.history(dir).get(0).text(), "an empty entry is still an entry");
    }
}
