package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.cli.Main;
import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.PlannerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real program in tmux, as an operator on a serial console meets it: 80x24, TERM=vt100,
 * LANG=C, in a namespace with the seed's interfaces. eth4's metric is changed through the
 * keyboard, applied and kept; the kernel's routes are checked; the Doctor view checks the live box;
 * q leaves the terminal as it was.
 */
class ConsoleInTmuxTest {
    @TempDir
    Path dir;

    @Test
    void changeEth4sMetricThroughTheKeyboardOnAVt100() throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("tmux", "-V").start().waitFor() == 0, "tmux is not installed");
        Files.writeString(dir.resolve("switchboard.toml"), PlannerTest.seedText());
        try (Netns ns = SeedBox.create("tmux")) {
            long tid = ns.call(() -> dev.switchboard.sys.LibC.INSTANCE.gettid());
            String java = System.getProperty("java.home") + "/bin/java";
            String program = String.join(" ", "nsenter", "--net=/proc/" + ProcessHandle.current().pid() + "/task/" + tid + "/ns/net",
                    java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "--config", dir.resolve("switchboard.toml").toString(), "--state-dir", dir.resolve("state").toString(),
                    "--socket", dir.resolve("control.sock").toString(), "console");
            Tmux tmux = new Tmux(dir);
            tmux.start(program);
            try {
                String screen = tmux.await("*  0       eth0   203.0.113.1"); // the screen may be caught mid-draw: wait for the row
                assertTrue(screen.chars().allMatch(c -> c < 128), "plain ASCII with LANG=C");
                tmux.tryEth4AtMetric9();
                String trying = tmux.await(" confirm").replaceAll("\\s+", " ");
                assertTrue(trying.contains(" elsewhere: switchboard --socket " + dir.resolve("control.sock") + " confirm "),
                        "the command that keeps it from another session, with this engine's socket:\n" + trying);
                tmux.keys("k");
                tmux.await("kept: the change is confirmed");
                assertTrue(SeedBox.defaults(ns.kernel()).contains("default via 10.4.0.1 dev eth4 metric 9 proto switchboard"),
                        SeedBox.defaults(ns.kernel()).toString());
                tmux.keys("c"); // the Doctor view: doctor's checks on this live box, the namespace's sysctls read now
                String doctor = tmux.await("net.ipv4.ip_forward");
                assertTrue(doctor.contains("ok    net.ipv4.ip_forward"), "the box does not forward:\n" + doctor);
                tmux.keys("q");
                assertEquals("exit=0", tmux.exit());
                assertTrue(tmux.modesRestored(), "the terminal's modes are restored");
                assertTrue(Files.readString(dir.resolve("switchboard.toml")).contains("metric    = 9\n"));
            } finally {
                tmux.run("kill-server");
            }
        }
    }
}
