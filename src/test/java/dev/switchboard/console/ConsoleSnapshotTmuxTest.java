package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.cli.Main;
import dev.switchboard.diagnose.Boxes;
import dev.switchboard.diagnose.Sysctls;
import dev.switchboard.diagnose.SnapshotJson;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * console --snapshot FILE as support opens a box it is not in front of: the real program in tmux
 * at 80x24, TERM=vt100, LANG=C, no engine, no namespace. The banner says whose box and when, the
 * dashboard shows the recorded gateways and binds, the Doctor view the snapshot's findings, a
 * change is refused, and q quits with exit 0 and the terminal as it was.
 */
class ConsoleSnapshotTmuxTest {
    @TempDir
    Path dir;

    @Test
    void theDashboardOfASnapshotOnAVt100() throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("tmux", "-V").start().waitFor() == 0, "tmux is not installed");
        Path file = dir.resolve("box.json");
        SnapshotJson.write(Boxes.withSysctl(Boxes.healthy(), Sysctls.IP_FORWARD, "1"), file);
        String java = System.getProperty("java.home") + "/bin/java";
        String program = String.join(" ", java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--config", dir.resolve("none.toml").toString(), "--state-dir", dir.resolve("state").toString(),
                "--socket", dir.resolve("none.sock").toString(), "console", "--snapshot", file.toString());
        Tmux tmux = new Tmux(dir);
        tmux.start(program);
        try {
            tmux.await("10.2.0.10:443");
            String screen = tmux.await("no try pending"); // the status line: drawn last
            assertTrue(screen.lines().findFirst().orElse("").contains("snapshot of lb1 at 2030-01-02T03:04:05Z  [READ-ONLY]"), screen);
            assertTrue(screen.contains("lan") && screen.contains("203.0.113.1") && screen.contains("10.2.0.1 "), screen);
            assertTrue(screen.chars().allMatch(c -> c < 128), "plain ASCII with LANG=C");

            tmux.keys("c");
            String doctor = tmux.await("DOCTOR");
            doctor = tmux.await("fail  net.ipv4.ip_forward  is 1");
            assertTrue(doctor.contains("# lb1 at 2030-01-02T03:04:05Z; engine state: the engine at /run/x.sock"), doctor);
            tmux.keys("Escape");
            tmux.await("GATEWAYS");

            tmux.keys("q");
            assertEquals("exit=0", tmux.exit());
            assertTrue(tmux.modesRestored(), "the terminal's modes are restored");
        } finally {
            tmux.run("kill-server");
        }
    }
}
