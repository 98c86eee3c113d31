package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.console.Tmux;
import dev.switchboard.control.ControlServer;
import dev.switchboard.control.Protocol;
import dev.switchboard.engine.Engine;
import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.PlannerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's hatop, unchanged, on the control socket in tmux: it opens in interactive mode, shows
 * the proxies, and its CLI mode disables a server. Skipped where hatop is not installed.
 */
class HatopTest {
    @TempDir
    Path dir;

    @Test
    void hatopShowsTheFrontendsBackendsAndServers() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/hatop")), "hatop is not installed (apt-get install hatop)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
        Files.writeString(dir.resolve("switchboard.toml"), PlannerTest.seedText());
        List<String> log = new CopyOnWriteArrayList<>();
        Path socket = dir.resolve("control.sock");
        Tmux tmux = new Tmux(dir);
        try (Netns ns = SeedBox.create("hatop");
                Engine engine = ns.call(() -> Engine.start(dir.resolve("switchboard.toml"), dir.resolve("state"), 1, log::add, "test"));
                ControlServer server = ns.call(() -> ControlServer.start(socket, new Protocol(engine), log::add))) {
            tmux.run("new-session", "-d", "-s", "c", "-x", "160", "-y", "40", "env", "TERM=xterm", "LANG=C.UTF-8",
                    "sh", "-c", "hatop -s " + socket + "; echo hatop-exited $?; sleep 30");
            String screen = tmux.await("bk_www");
            assertTrue(!screen.contains("hatop-exited"), screen);
            screen = tmux.await("ft_exchange");
            assertTrue(screen.contains("FRONTEND") && screen.contains("BACKEND") && screen.contains("web1") && screen.contains("ex2"), screen);
            assertTrue(screen.contains("UP"), screen);
            // its CLI mode (key 5) takes a server out; back on the status view (key 1), it is MAINT
            tmux.keys("5");
            tmux.await("CLI");
            tmux.keys("disable server bk_www/web1", "Enter");
            tmux.keys("M-1"); // ALT-n leaves the CLI
            screen = tmux.await("MAINT");
            assertTrue(engine.stats().servers().stream().anyMatch(s -> s.name().equals("web1") && !s.enabled()), screen);
            tmux.keys("q");
        } finally {
            tmux.run("kill-server");
        }
    }
}
