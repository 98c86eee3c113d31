package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.PlannerTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state directory as a damaged disk or a careless hand may leave it: each is one clear line
 * naming the file and what is wrong, exit 1 (never 70, which is for switchboard's own bugs), and
 * the kernel untouched; a FIFO is never opened, so nothing hangs.
 */
class BadStateFilesTest {
    @TempDir
    Path dir;

    interface Damage {
        void to(Path state) throws Exception;
    }

    record Case(String name, Damage damage, String said) {}

    @Test
    void eachDamagedStateFileIsOneClearLineAndExit1() throws Exception {
        Path config = dir.resolve("switchboard.toml");
        Files.writeString(config, PlannerTest.seedText());
        List<Case> cases = List.of(
                new Case("state dir is a file", s -> Files.writeString(s, "x"), "exists, and is in the way"),
                new Case("owned.toml is a directory", s -> Files.createDirectories(s.resolve("owned.toml")),
                        "owned.toml: not a regular file (a directory): move it away to start afresh"),
                new Case("owned.toml is binary", s -> Files.write(s.resolve("owned.toml"), new byte[] {1, 0, 2, 0, (byte) 0xff}),
                        "owned.toml: binary, not text: damaged? move it away to start afresh"),
                new Case("owned.toml is UTF-16", s -> Files.write(s.resolve("owned.toml"), "addresses = []\n".getBytes("UTF-16")),
                        "owned.toml: binary, not text"),
                new Case("owned.toml is not TOML", s -> Files.writeString(s.resolve("owned.toml"), "addresses = [\n"),
                        "owned.toml: damaged ("),
                new Case("pending-try is not UTF-8", s -> Files.write(s.resolve("pending-try"), new byte[] {'a', '\n', (byte) 0xc3, 0x28}),
                        "pending-try: not UTF-8 text: damaged? move it away to start afresh"),
                new Case("owned.toml is a FIFO", s -> mkfifo(s.resolve("owned.toml")),
                        "owned.toml: not a regular file (a device, FIFO or socket): move it away to start afresh"));
        try (Netns ns = SeedBox.create("badstate")) {
            List<String> routes = SeedBox.defaults(ns.kernel());
            for (Case c : cases) {
                Path state = dir.resolve("state-" + cases.indexOf(c));
                if (!c.name().equals("state dir is a file")) {
                    Files.createDirectories(state);
                }
                c.damage().to(state);
                for (String command : List.of("apply", "plan")) {
                    java.io.StringWriter out = new java.io.StringWriter();
                    List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--state-dir", state.toString(),
                            "--socket", dir.resolve("none.sock").toString(), command));
                    int code = ns.call(() -> Main.run(args.toArray(String[]::new), Map.of(), new java.io.PrintWriter(out),
                            new java.io.PrintWriter(out)));
                    String said = out.toString();
                    if (command.equals("plan") && (c.name().startsWith("pending-try") || c.name().startsWith("state dir"))) {
                        continue; // plan reads neither the journal nor the locks
                    }
                    assertEquals(1, code, c.name() + " / " + command + ": " + said);
                    assertTrue(said.startsWith("switchboard: ") && said.contains(c.said()), c.name() + " / " + command + ": " + said);
                    assertTrue(!said.contains("internal error") && !said.contains("Exception"), c.name() + ": " + said);
                }
                assertEquals(routes, SeedBox.defaults(ns.kernel()), c.name() + ": the kernel untouched");
            }
        }
    }

    static void mkfifo(Path p) throws IOException, InterruptedException {
        assertEquals(0, new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor());
    }
}
