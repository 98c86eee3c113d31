package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.cli.Main;
import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.PlannerTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real program in tmux, as an operator on a serial console meets it: 80x24, TERM=vt100,
 * LANG=C, in a namespace with the seed's interfaces. eth4's metric is changed through the
 * keyboard, applied and kept; the kernel's routes are checked; q leaves the terminal as it was.
 */
class ConsoleInTmuxTest {
    @TempDir
    Path dir;

    String tmux(String... args) throws Exception {
        // a socket of its own: in a user namespace /tmp/tmux-0 may be the real root's
        List<String> cmd = new java.util.ArrayList<>(List.of("tmux", "-S", dir.resolve("tmux.sock").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    String await(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String screen = tmux("capture-pane", "-p", "-t", "c");
        while (!screen.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            screen = tmux("capture-pane", "-p", "-t", "c");
        }
        assertTrue(screen.contains(text), "no \"" + text + "\" on\n" + screen);
        return screen;
    }

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
            String script = "stty -g > " + dir.resolve("before") + "; " + program + "; echo exit=$? > " + dir.resolve("exit")
                    + "; stty -g > " + dir.resolve("after") + "; sleep 60";
            tmux("new-session", "-d", "-s", "c", "-x", "80", "-y", "24", "env", "TERM=vt100", "LANG=C", "LC_ALL=C", "sh", "-c", script);
            try {
                String screen = await("*  0       eth0   203.0.113.1"); // the screen may be caught mid-draw: wait for the row
                assertTrue(screen.chars().allMatch(c -> c < 128), "plain ASCII with LANG=C");
                tmux("send-keys", "-t", "c", "i");
                await("INTERFACES");
                tmux("send-keys", "-t", "c", "Down", "Down", "Down", "Down", "Enter");
                await("EDIT eth4");
                tmux("send-keys", "-t", "c", "Down", "Down", "BSpace", "9", "Enter");
                await("eth4 edited");
                tmux("send-keys", "-t", "c", "p");
                await("+ route default via 10.4.0.1 dev eth4 metric 9");
                tmux("send-keys", "-t", "c", "y");
                await("APPLIED AS A TRY");
                tmux("send-keys", "-t", "c", "k");
                await("kept: the change is confirmed");
                assertTrue(SeedBox.defaults(ns.kernel()).contains("default via 10.4.0.1 dev eth4 metric 9 proto switchboard"),
                        SeedBox.defaults(ns.kernel()).toString());
                tmux("send-keys", "-t", "c", "q");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!Files.exists(dir.resolve("after")) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals("exit=0", Files.readString(dir.resolve("exit")).strip());
                assertEquals(Files.readString(dir.resolve("before")), Files.readString(dir.resolve("after")), "the terminal's modes are restored");
                assertTrue(Files.readString(dir.resolve("switchboard.toml")).contains("metric    = 9\n"));
            } finally {
                tmux("kill-server");
            }
        }
    }
}
