package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A state directory on a full disk (a 64 KiB tmpfs, filled, in a mount namespace of the
 * program's own): `apply` must refuse before the kernel is touched, and say why.
 */
class FullStateDirTest {
    @TempDir
    Path dir;

    @Test
    void aFullStateDirectoryRefusesApplyWithTheKernelUntouched() throws Exception {
        Path config = dir.resolve("switchboard.toml");
        Files.writeString(config, PlannerTest.seedText());
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        try (Netns ns = SeedBox.create("full")) {
            List<String> before = SeedBox.defaults(ns.kernel());
            var addressesBefore = ns.kernel().dump().addresses();
            long tid = ns.call(() -> dev.switchboard.sys.LibC.INSTANCE.gettid());
            String program = String.join(" ", "nsenter", "--net=/proc/" + ProcessHandle.current().pid() + "/task/" + tid + "/ns/net",
                    System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "--config", config.toString(), "--state-dir", state.toString(), "--socket", dir.resolve("control.sock").toString(), "apply");
            String script = "mount -t tmpfs -o size=64k tmpfs " + state + " || exit 99; cat /dev/zero > " + state + "/fill 2>/dev/null; exec "
                    + program;
            Process p = new ProcessBuilder("unshare", "-m", "sh", "-c", script).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            Assumptions.assumeFalse(p.exitValue() == 99, "this kernel refuses a tmpfs in a mount namespace here: " + out);
            assertEquals(1, p.exitValue(), out);
            assertTrue(out.contains("switchboard: cannot apply: cannot record what switchboard is about to own in " + state.resolve("owned.toml")
                    + ": No space left on device; the kernel is untouched"), out);
            assertEquals(before, SeedBox.defaults(ns.kernel()), "no route changed");
            assertEquals(addressesBefore, ns.kernel().dump().addresses(), "no address changed");
        }
    }
}
