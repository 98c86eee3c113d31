package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The log after a try and its revert, on a terminal tall enough to show it whole: each engine line once, each with its time. */
class ConsoleLogTest extends ConsoleHarness {
    @Override
    int rows() {
        return 70;
    }

    @Test
    void theLogShowsEachEngineLineOnceWithItsTime() throws Exception {
        tryEth4At9AndRevert();
        type("l");
        await("LOG: audit log");
        String s = await("ROLLED BACK: rolled back by tester");
        for (String line : List.of("applying: + route default via 10.4.0.1 dev eth4 metric 9", "try by tester: applied; rolled back in 60 s unless confirmed",
                "ROLLED BACK: rolled back by tester")) {
            assertEquals(1, s.split(Pattern.quote(line), -1).length - 1, line + " once:\n" + s);
            assertTrue(s.matches("(?s).*\n  \\d\\d:\\d\\d:\\d\\d  " + Pattern.quote(line) + ".*"), line + " with its time:\n" + s);
        }
        assertFalse(s.contains("tester: try 60: done"), "the audit log's part ends where the live events begin:\n" + s);
    }

}
