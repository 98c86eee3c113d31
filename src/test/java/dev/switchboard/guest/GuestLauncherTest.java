package dev.switchboard.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the guest's launcher writes back is what GuestKernelIT reads (a failure and a skip are not lost); its choice of kernel. */
class GuestLauncherTest {
    @TempDir
    Path dir;

    @Test
    void aPassAFailureAndASkipComeBackEachOnItsLine() throws Exception {
        Path out = dir.resolve("results.tsv");
        assertEquals(1, GuestLauncher.run(out, List.of(LauncherFixture.class.getName())), "a failure: exit 1");
        List<String> lines = Files.readAllLines(out);
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("SUCCESSFUL\tLauncherFixture#passes\t")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ABORTED\tLauncherFixture#skips\t")
                && l.contains("no vlan link type here")), lines.toString());
        String failed = lines.stream().filter(l -> l.startsWith("FAILED\tLauncherFixture#fails\t")).findFirst().orElseThrow();
        assertEquals(4, failed.split("\t").length, "a message's tabs and line breaks do not break the line: " + failed);
        assertTrue(GuestKernelIT.unescape(failed).contains("line one\nline two with a tab and a \\ backslash"), GuestKernelIT.unescape(failed));
    }

    @Test
    void theNewestKernelIsChosenByItsNumbers() {
        assertTrue(GuestKernelIT.compareVersions("6.1.0-57-amd64", "6.1.0-9-amd64") > 0);
        assertTrue(GuestKernelIT.compareVersions("6.10.0-1-amd64", "6.9.0-3-amd64") > 0);
        assertEquals(0, GuestKernelIT.compareVersions("6.1.0-57-amd64", "6.1.0-57-amd64"));
    }

    @Test
    void noTestRunIsAFailure() throws Exception {
        assertEquals(1, GuestLauncher.run(dir.resolve("results.tsv"), List.of()));
    }
}
