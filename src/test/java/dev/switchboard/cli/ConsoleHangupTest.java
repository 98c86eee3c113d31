package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.console.Tmux;
import dev.switchboard.engine.EngineLock;
import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.PlannerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console hosting the engine, in tmux, loses its terminal in the middle of a try, as an
 * operator's SSH session does: the try must not outlive it. Killed outright, it leaves a try
 * that status reports and the next apply undoes.
 */
class ConsoleHangupTest {
    private static final String TRIED = "default via 10.4.0.1 dev eth4 metric 9 proto switchboard";

    @TempDir
    Path dir;

    private Tmux tmux;

    @BeforeEach
    void needsTmux() throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("tmux", "-V").start().waitFor() == 0, "tmux is not installed");
        tmux = new Tmux(dir);
    }

    static void awaitTrue(BooleanSupplier condition, long millis, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within " + millis + " ms");
            Thread.sleep(20);
        }
    }

    /** The console in tmux, in {@code ns}, with eth4's metric edited to 9 and applied as a try. */
    void consoleWithATry(Netns ns) throws Exception {
        long tid = ns.call(() -> dev.switchboard.sys.LibC.INSTANCE.gettid());
        String program = String.join(" ", "nsenter", "--net=/proc/" + ProcessHandle.current().pid() + "/task/" + tid + "/ns/net",
                System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--config", dir.resolve("switchboard.toml").toString(), "--state-dir", dir.resolve("state").toString(),
                "--socket", dir.resolve("control.sock").toString(), "console");
        tmux.run("new-session", "-d", "-s", "c", "-x", "80", "-y", "24", "env", "TERM=vt100", "LANG=C", "LC_ALL=C", "sh", "-c", program);
        tmux.await("*  0       eth0   203.0.113.1");
        tmux.tryEth4AtMetric9();
        assertTrue(SeedBox.defaults(ns.kernel()).contains(TRIED), "the try is in the kernel");
    }

    boolean kernelIsBack(Netns ns) {
        try {
            return !SeedBox.defaults(ns.kernel()).contains(TRIED)
                    && SeedBox.defaults(ns.kernel()).contains("default via 10.4.0.1 dev eth4 metric 4 proto switchboard");
        } catch (Exception e) {
            return false;
        }
    }

    boolean lockFree() {
        try {
            return EngineLock.holder(dir.resolve("state")).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aHangupDuringATryPutsTheKernelBackAndLeavesNoLock() throws Exception {
        Files.writeString(dir.resolve("switchboard.toml"), PlannerTest.seedText());
        try (Netns ns = SeedBox.create("hangup")) {
            try {
                consoleWithATry(ns);
                long pid = EngineLock.holder(dir.resolve("state")).orElseThrow().pid();
                tmux.run("kill-session", "-t", "c"); // SIGHUP to the pane, as sshd sends when a session drops
                // the hangup's hook rolls the try back before the JVM halts: once the console is
                // gone, the kernel is back (however long a loaded machine took to run the hook)
                awaitTrue(() -> ProcessHandle.of(pid).isEmpty(), 30_000, "the console gone");
                assertTrue(kernelIsBack(ns), "the kernel back on the confirmed config: " + SeedBox.defaults(ns.kernel()));
                assertTrue(lockFree(), "no lock left behind");
                assertFalse(Files.exists(dir.resolve("state").resolve("pending-try")), "no try left journalled");
                assertEquals(PlannerTest.seedText(), Files.readString(dir.resolve("switchboard.toml")), "the file never held the try");
                String audit = Files.readString(dir.resolve("state").resolve("audit.log"));
                assertTrue(audit.contains("rollback: done"), audit);
            } finally {
                tmux.run("kill-server");
            }
        }
    }

    @Test
    void aKilledConsoleLeavesATryThatStatusReportsAndTheNextApplyUndoes() throws Exception {
        Files.writeString(dir.resolve("switchboard.toml"), PlannerTest.seedText());
        try (Netns ns = SeedBox.create("killed")) {
            try {
                consoleWithATry(ns);
                long pid = EngineLock.holder(dir.resolve("state")).orElseThrow().pid();
                ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL: nothing of ours runs
                awaitTrue(() -> ProcessHandle.of(pid).isEmpty(), 10_000, "the console gone");
                assertTrue(SeedBox.defaults(ns.kernel()).contains(TRIED), "nothing rolled it back");
                String status = ns.call(() -> cli(0, "status"));
                assertTrue(status.contains("\nengine: none\ntry: ORPHANED, by "), status);
                String applied = ns.call(() -> cli(0, "apply"));
                assertTrue(applied.startsWith("ROLLED BACK: the try by "), applied);
                assertTrue(kernelIsBack(ns), SeedBox.defaults(ns.kernel()).toString());
                assertTrue(ns.call(() -> cli(0, "status")).contains("\nengine: none\ntry: none\n"));
            } finally {
                tmux.run("kill-server");
            }
        }
    }

    String cli(int expectedExit, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        List<String> all = new ArrayList<>(List.of("--config", dir.resolve("switchboard.toml").toString(), "--state-dir",
                dir.resolve("state").toString(), "--socket", dir.resolve("control.sock").toString()));
        all.addAll(List.of(args));
        int code = Main.run(all.toArray(String[]::new), Map.of(), new java.io.PrintWriter(out), new java.io.PrintWriter(out));
        assertEquals(expectedExit, code, out.toString());
        return out.toString();
    }
}
