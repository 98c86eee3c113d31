package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The man pages render as written: groff and mandoc find nothing to warn of (mandoc's style notes
 * on source lines over 80 bytes are left out: they are about the source, not what a reader sees),
 * every .TP tag is one whole line (a tag continued on the next line renders broken), and the
 * synopsis shows every global option.
 */
class ManPageLintTest {
    private static final List<String> PAGES = List.of("man/switchboard.8", "man/switchboard.toml.5");

    private record Ran(int code, String out) {}

    private static Ran run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "took over a minute: " + command);
        return new Ran(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static boolean installed(String tool) {
        return List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"man/switchboard.8", "man/switchboard.toml.5"})
    void groffWarnsOfNothing(String page) throws Exception {
        assumeTrue(installed("groff"), "groff is not installed (Debian: groff-base); .ci/run installs it");
        List<String> command = List.of("groff", "-ww", "-man", "-Tutf8", "-z", page);
        assertEquals(new Ran(0, ""), run(command), String.join(" ", command));
    }

    @ParameterizedTest
    @ValueSource(strings = {"man/switchboard.8", "man/switchboard.toml.5"})
    void mandocLintWarnsOfNothing(String page) throws Exception {
        assumeTrue(installed("mandoc"), "mandoc is not installed (Debian: mandoc); .ci/run installs it");
        List<String> command = List.of("mandoc", "-Tlint", "-W", "warning", page);
        assertEquals(new Ran(0, ""), run(command), String.join(" ", command));
    }

    @Test
    void everyTagIsOneWholeLine() throws IOException {
        List<String> broken = new ArrayList<>();
        for (String page : PAGES) {
            List<String> lines = Files.readAllLines(Path.of(page));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).equals(".TP")) {
                    String tag = lines.get(i + 1).replace("\\[", "").replace("\\]", "");
                    long open = tag.chars().filter(c -> c == '[').count();
                    long close = tag.chars().filter(c -> c == ']').count();
                    if (open != close) {
                        broken.add(page + ":" + (i + 2) + ": " + lines.get(i + 1));
                    }
                }
            }
        }
        assertEquals(List.of(), broken, "a .TP tag is its next line only: the rest of it would render as the body");
    }

    @Test
    void theSynopsisShowsEveryGlobalOption() throws IOException {
        String page = Files.readString(Path.of("man/switchboard.8"));
        String synopsis = page.substring(page.indexOf(".SH SYNOPSIS"), page.indexOf(".SH DESCRIPTION"));
        List<String> missing = new ArrayList<>();
        for (OptionSpec option : new CommandLine(new Main(Map.of())).getCommandSpec().options()) {
            if (!option.hidden() && !synopsis.contains(option.longestName().replace("-", "\\-"))) {
                missing.add(option.longestName());
            }
        }
        assertEquals(List.of(), missing, "missing from the SYNOPSIS of man/switchboard.8");
    }
}
