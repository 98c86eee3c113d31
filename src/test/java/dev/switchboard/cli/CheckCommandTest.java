package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `switchboard check` as a user runs it: exit codes, what goes to stdout and to stderr. */
class CheckCommandTest {
    record Run(int code, String out, String err) {}

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void frontendCapsOverTheBudgetAreWarningsWithTheNumbersAndTheConfigStaysValid(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("switchboard.toml");
        Files.writeString(file, """
                [appliance]
                maxconn = 100

                [frontends.ft_a]
                backend = "bk"
                maxconn = 150
                binds   = [ { address = "127.0.0.1:8001" } ]

                [frontends.ft_b]
                backend = "bk"
                maxconn = 60
                binds   = [ { address = "127.0.0.1:8002" } ]

                [backends.bk]
                servers = [ { name = "s1", address = "127.0.0.1:9000" } ]
                """);
        Run r = run("check", "--config", file.toString());
        assertEquals(0, r.code(), "warnings, not problems: the man page's exit status 0\n" + r.out() + r.err());
        assertEquals("", r.err());
        long openFiles = dev.switchboard.sys.Limits.openFilesHardLimit(); // the limit the engine raises itself to
        assertEquals(file + ": ok: 0 interfaces, 2 frontends (2 binds), 1 backends (1 servers)\n"
                + file + ": warning: frontends.ft_a.maxconn 150 is over the budget of 100 connections all frontends share ("
                + openFiles + " open files): it is never reached\n"
                + file + ": warning: the frontends' caps add up to 210, over the budget of 100 they share: under full load some"
                + " frontends wait for others' connections to end\n", r.out());
    }

    @Test
    void validSeedPrintsOneSummaryLine() {
        Run r = run("check", "--config", "conf/switchboard.toml");
        assertEquals(0, r.code(), r.err());
        assertEquals("conf/switchboard.toml: ok: 5 interfaces, 2 frontends (3 binds), 2 backends (4 servers)\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void globalOptionWorksBeforeTheCommandToo() {
        assertEquals(0, run("--config", "conf/switchboard.toml", "check").code());
    }

    @Test
    void configComesFromTheEnvironmentWhenNotGiven() {
        Run r = run(Map.of("SWITCHBOARD_CONFIG", "conf/switchboard.toml"), "check");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("conf/switchboard.toml: ok"));
    }

    @Test
    void invalidConfigExitsOneWithLocatedProblemsOnStderr(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("switchboard.toml");
        Files.writeString(file, Files.readString(Path.of("conf/switchboard.toml")).replace("metric    = 4", "metric    = 2"));
        Run r = run("check", "--config", file.toString());
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains(file + ":44:13: interfaces.eth4.metric: metric 2 is already eth2's IPv4 default route"
                + " (each interface needs its own metric, or the kernel sends every reply through one gateway)\n"
                + "  44 | metric    = 2\n"
                + "     |             ^\n"), r.err());
        assertTrue(r.err().endsWith("1 problem, nothing changed\n"), r.err());
        assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void missingFileIsAProblemNotAStackTrace() {
        Run r = run("check", "--config", "/nonexistent/switchboard.toml");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("/nonexistent/switchboard.toml: no such file (give the path with --config"), r.err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("check", "--bogus").code());
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run().code());
    }

    @Test
    void versionAndHelpOnEveryCommand() {
        Run version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("switchboard "));
        Run help = run("check", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--config=FILE") && help.out().contains("--state-dir=DIR"), help.out());
    }

    @Test
    void aFileOfMoreMistakesThanAreListedSaysSoInItsCount(@TempDir Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append("k").append(i).append(" = \n"); // a key without a value: a mistake a line
        }
        Path file = Files.writeString(dir.resolve("many.toml"), text);
        Run r = run("check", "--config", file.toString());
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(file + ": more than 100 problems, nothing changed", lines.get(lines.size() - 1));
    }

    @Test
    void anEmptyConfigOptionIsAUsageError() {
        Run r = run("check", "--config=");
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("--config needs a file, e.g. --config /etc/switchboard/switchboard.toml\n"), r.err());
        assertTrue(!r.err().contains("is a directory"), r.err());
    }

    @Test
    void anEmptyConfigVariableIsAUsageError() {
        Run r = run(Map.of("SWITCHBOARD_CONFIG", ""), "check");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("SWITCHBOARD_CONFIG is set but empty: set it to a file, or unset it"
                + " for /etc/switchboard/switchboard.toml\n"), r.err());
    }

    @Test
    void aFileNameOfEscapeSequencesReachesTheTerminalEscaped(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("\u001b[2Jevil\u001b]0;x\u0007.toml");
        Files.copy(Path.of("conf/switchboard.toml"), file);
        Run r = run("check", "--config", file.toString());
        assertEquals(0, r.code(), r.err());
        String shown = dir + "/\\u001b[2Jevil\\u001b]0;x\\u0007.toml";
        assertEquals(shown + ": ok: 5 interfaces, 2 frontends (3 binds), 2 backends (4 servers)\n", r.out());
        Files.writeString(file, "[appliance]\nconfirm_timeout = 0\n");
        Run bad = run("check", "--config", file.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().endsWith(shown + ": 2 problems, nothing changed\n"), bad.err());
        assertTrue(!bad.err().contains("\u001b") && !bad.err().contains("\u0007"), bad.err());
    }

    @Test
    void anArrayOfThousandsOfWrongElementsPrintsAScreenfulAndTheirCount(@TempDir Path dir) throws IOException {
        int elements = 20_000;
        Path file = Files.writeString(dir.resolve("big.toml"), "[backends.b]\nservers=[" + "1,".repeat(elements - 1) + "1]\n");
        Run r = run("check", "--config", file.toString());
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.err().lines().toList();
        // 50 problems: the file's own ("declares no interfaces") of one line, 49 elements of three;
        // then "... and N more", then the count
        assertEquals(1 + 49 * 3 + 2, lines.size(), r.err());
        assertEquals(file + ": ... and " + (elements + 1 - 50) + " more problems (fix these and check again)", lines.get(lines.size() - 2));
        assertEquals(file + ": " + (elements + 1) + " problems, nothing changed", lines.get(lines.size() - 1));
        assertTrue(r.err().length() < 40_000, r.err().length() + " chars");
    }

    /** An IPv4-mapped IPv6 bind, as a user types it: refused with the one spelling to write, and the file's line. */
    @Test
    void anIpv4MappedBindIsRefusedWithTheAddressToWrite(@TempDir Path dir) throws Exception {
        String seed = Files.readString(Path.of("conf/switchboard.toml"));
        Path file = Files.writeString(dir.resolve("switchboard.toml"),
                seed.replace("{ address = \"203.0.113.10:443\" }", "{ address = \"[::ffff:203.0.113.10]:443\" }"));
        Run r = run("--config", file.toString(), "check");
        assertEquals(1, r.code(), r.err());
        assertEquals(List.of(file + ":72:25: frontends.ft_exchange.binds[0].address: \"[::ffff:203.0.113.10]:443\" is an IPv4-mapped IPv6 address,"
                        + " which is IPv4 to the kernel: write \"203.0.113.10:443\" (an IP address and a port 1-65535, e.g. \"0.0.0.0:443\" or \"[::]:443\")",
                "  72 | binds   = [ { address = \"[::ffff:203.0.113.10]:443\" },",
                "     |                         ^",
                file + ": 1 problem, nothing changed"), r.err().lines().toList());
    }
}
