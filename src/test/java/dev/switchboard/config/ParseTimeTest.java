package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Parse time is linear in the file's size (tomlj alone is cubic in a run of blank or comment
 * lines: see {@link Squeezed}), and cutting the runs changes neither what is read nor the lines
 * problems name. Absolute figures are printed, not asserted: the machine may be busy.
 */
class ParseTimeTest {

    @Test
    void tenTimesTheCommentOrBlankLinesTakeAboutTenTimesAsLong() throws IOException {
        String seed = Files.readString(SeedConfigTest.SEED);
        for (String line : List.of("# a comment line, as long as some are\n", "\n", "   \t\n")) {
            IntFunction<String> text = n -> seed + line.repeat(n);
            ConfigLoader.parse(text.apply(10_000), "warm-up.toml"); // the JIT first
            long thousand = fastest(text.apply(1_000));
            long tenThousand = fastest(text.apply(10_000));
            System.out.printf("ParseTimeTest: seed + %s x 1,000: %.1f ms; x 10,000: %.1f ms%n",
                    line.equals("\n") ? "blank line" : line.isBlank() ? "whitespace line" : "comment line", thousand / 1e6, tenThousand / 1e6);
            // linear is 10x; a generous bound for a busy machine (tomlj alone: over 1,000x)
            assertTrue(tenThousand < 30 * Math.max(thousand, 200_000), "1,000: " + thousand + " ns, 10,000: " + tenThousand + " ns");
        }
    }

    @Test
    void aMegabyteOfJunkIsRefusedOnItsHead() {
        String junk = "k = \n".repeat((ConfigText.MAX_BYTES - 10) / 5);
        long took = fastest(junk);
        System.out.printf("ParseTimeTest: 1 MiB of 'k = ' lines refused in %.0f ms%n", took / 1e6);
        List<Problem> problems = assertInstanceOf(ConfigLoader.Rejected.class, ConfigLoader.parse(junk, "junk.toml")).problems();
        assertEquals(ConfigLoader.MAX_SYNTAX_PROBLEMS + 1, problems.size());
        assertEquals("junk.toml:1:5: k: TOML syntax: ", problems.get(0).format().substring(0, 31));
        assertEquals("junk.toml: more than 100 TOML syntax errors; the rest are not listed (is it a TOML file?)",
                problems.get(ConfigLoader.MAX_SYNTAX_PROBLEMS).format());
    }

    @Test
    void problemsNameTheFilesOwnLines() {
        String text = "# a config\n\n# with runs\n\n\n[appliance]\n\n# a comment\n# and another\n\nconfirm_timeout = 0\n\n\n"
                + "confirm_timeout = 5\n";
        List<Problem> problems = assertInstanceOf(ConfigLoader.Rejected.class, ConfigLoader.parse(text, "t.toml")).problems();
        assertEquals("t.toml:14:1: appliance.confirm_timeout: TOML syntax: confirm_timeout previously defined at line 11, column 1",
                problems.get(0).format());
        String valid = "\n\n# runs\n\n[appliance]\n# one\n# two\n\nconfirm_timeout = 0\n";
        List<Problem> range = assertInstanceOf(ConfigLoader.Rejected.class, ConfigLoader.parse(valid, "v.toml")).problems();
        assertTrue(range.stream().anyMatch(p -> p.format().startsWith("v.toml:9:19: appliance.confirm_timeout: ")), range.toString());
    }

    @Test
    void multiLineStringsKeepEveryLine() {
        String text = "a = \"\"\"\n\n# not a comment\n\n\"\"\"\nb = '''\n\n\n'''\nc = \"# \\\"\\\"\\\"\" # '''\n\n\n\nd = 1\n";
        Squeezed squeezed = Squeezed.of(text);
        TomlParseResult direct = Toml.parse(text);
        TomlParseResult cut = Toml.parse(squeezed.text());
        assertTrue(direct.errors().isEmpty(), direct.errors().toString());
        assertTrue(Toml.equals(direct, cut), squeezed.text());
        assertEquals("\n# not a comment\n\n", cut.getString("a"));
        assertEquals(14, squeezed.original(cut.inputPositionOf("d").line()));
    }

    /** Runs of blank and comment lines dropped anywhere in the seed: the same tables, keys on the same lines. */
    @Test
    void runsAnywhereReadAsWithoutCutting() throws IOException {
        List<String> seed = Files.readString(SeedConfigTest.SEED).lines().toList();
        Random random = new Random(12);
        for (int n = 0; n < 200; n++) {
            List<String> lines = new ArrayList<>(seed);
            for (int runs = 0; runs < 5; runs++) {
                int at = random.nextInt(lines.size() + 1);
                for (int k = random.nextInt(12); k > 0; k--) {
                    lines.add(at, random.nextBoolean() ? "" : random.nextBoolean() ? "   # a comment" : "\t");
                }
            }
            String text = String.join("\n", lines) + "\n";
            TomlParseResult direct = Toml.parse(text);
            Squeezed squeezed = Squeezed.of(text);
            TomlParseResult cut = Toml.parse(squeezed.text());
            assertEquals(direct.errors().size(), cut.errors().size(), text);
            assertTrue(Toml.equals(direct, cut), text);
            for (List<String> key : direct.keyPathSet(true)) {
                assertEquals(direct.inputPositionOf(key).line(), squeezed.original(cut.inputPositionOf(key).line()), key + " in\n" + text);
            }
        }
    }

    private static long fastest(String text) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            ConfigLoader.parse(text, "timed.toml");
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }
}
