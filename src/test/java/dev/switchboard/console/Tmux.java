package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A tmux server of a test's own (in a user namespace /tmp/tmux-0 may be the real root's), driving the console in pane "c". */
public final class Tmux {
    private final Path dir;
    private final Path socket;

    public Tmux(Path dir) {
        this.dir = dir;
        this.socket = dir.resolve("tmux.sock");
    }

    public String run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    public void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "c"));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    /** The screen once it shows {@code text} (it may be caught mid-draw: wait for the line). */
    public String await(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String screen = run("capture-pane", "-p", "-t", "c");
        while (!screen.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            screen = run("capture-pane", "-p", "-t", "c");
        }
        assertTrue(screen.contains(text), "no \"" + text + "\" on\n" + screen);
        return screen;
    }

    /**
     * Starts {@code program} in pane "c" as a serial console meets it: 80x24, TERM=vt100, LANG=C. The pane's shell keeps
     * the terminal's modes from before and after the program, and its exit status, then signals {@link #exit()}.
     */
    public void start(String program) throws Exception {
        String script = "stty -g > " + dir.resolve("before") + "; " + program + "; echo exit=$? > " + dir.resolve("exit")
                + "; stty -g > " + dir.resolve("after") + "; tmux -S " + socket + " wait-for -S exited; sleep 60";
        run("new-session", "-d", "-s", "c", "-x", "80", "-y", "24", "env", "TERM=vt100", "LANG=C", "LC_ALL=C", "sh", "-c", script);
    }

    /** The program's exit status, once the pane's shell has written it and the terminal's modes after it. */
    public String exit() throws Exception {
        Process wait = new ProcessBuilder("tmux", "-S", socket.toString(), "wait-for", "exited").start();
        if (!wait.waitFor(20, TimeUnit.SECONDS)) {
            wait.destroy();
            throw new AssertionError("the program did not exit within 20 s; the screen:\n" + run("capture-pane", "-p", "-t", "c"));
        }
        return Files.readString(dir.resolve("exit")).strip();
    }

    /** Whether stty -g said the same before the program and after it. */
    public boolean modesRestored() throws Exception {
        return Files.readString(dir.resolve("before")).equals(Files.readString(dir.resolve("after")));
    }

    /** Through the keyboard: eth4's metric to 9, its plan, and the plan applied as a try. */
    public void tryEth4AtMetric9() throws Exception {
        keys("i");
        await("INTERFACES");
        keys("Down", "Down", "Down", "Down", "Enter");
        await("EDIT eth4");
        keys("Down", "Down", "BSpace", "9", "Enter");
        await("eth4 edited");
        keys("p");
        await("+ route default via 10.4.0.1 dev eth4 metric 9");
        keys("y");
        await("APPLIED AS A TRY");
    }
}
