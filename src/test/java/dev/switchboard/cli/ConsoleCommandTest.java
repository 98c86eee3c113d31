package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.plan.PlannerTest;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `switchboard console` as someone the control socket does not let in. */
class ConsoleCommandTest {
    @TempDir
    Path dir;

    @Test
    void aControlSocketItMayNotOpenIsAClearErrorAndExitOne() throws Exception {
        Files.writeString(dir.resolve("switchboard.toml"), PlannerTest.seedText());
        Path socket = dir.resolve("control.sock");
        try (ServerSocketChannel engine = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            engine.bind(UnixDomainSocketAddress.of(socket)); // an engine listens there, as systemd's does
            Files.setPosixFilePermissions(socket, Set.of()); // and its socket lets nobody in (as 0660 root:switchboard, us outside the group)

            List<String> cmd = new ArrayList<>();
            if ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0) {
                // root opens any file: without CAP_DAC_OVERRIDE it is an owner like any other, and mode 000 keeps it out
                Assumptions.assumeTrue(new ProcessBuilder("setpriv", "--version").start().waitFor() == 0, "setpriv is not installed");
                cmd.addAll(List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search"));
            }
            cmd.addAll(List.of(System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "--config", dir.resolve("switchboard.toml").toString(), "--state-dir",
                    dir.resolve("state").toString(), "--socket", socket.toString(), "console"));
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);

            assertEquals("switchboard: cannot open the control socket " + socket + ": Permission denied (members of group switchboard may)\n",
                    err, out);
            assertEquals(1, p.exitValue(), "a clear refusal, not an internal error (70)");
            assertFalse(Files.exists(dir.resolve("state")), "no engine of its own beside the one behind the socket");
        }
    }
}
