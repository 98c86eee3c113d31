package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds hundreds of mutated copies of the seed config to the loader: each must come back either
 * accepted or rejected with problems that name a line, never as an exception.
 */
class ConfigFuzzTest {
    private static final int CASES = 1500;
    private static final String[] VALUES = {"-1", "0", "70000", "4294967296", "1.5", "true", "\"\"", "\"x\"", "[]", "{}",
            "[1, \"a\"]", "\"999.1.1.1/99\"", "\"::/0\"", "\"eth0\"", "\"0.0.0.0:0\"", "{ a = 1 }", "1979-05-27", "inf", "\"\\U0001F600\""};
    private static final String NOISE = "\"[]{}=,.#\n0a/:_- \\";

    @Test
    void mutatedConfigsAreAcceptedOrRejectedWithLocatedProblems() throws IOException {
        String seed = Files.readString(SeedConfigTest.SEED);
        Random random = new Random(20261124);
        int rejected = 0;
        int accepted = 0;
        for (int n = 0; n < CASES; n++) {
            String text = seed;
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                text = mutate(text, random);
            }
            ConfigLoader.Result result;
            try {
                result = ConfigLoader.parse(text, "fuzz.toml");
            } catch (RuntimeException e) {
                throw new AssertionError("case " + n + " threw on:\n" + text, e);
            }
            if (result instanceof ConfigLoader.Rejected r) {
                rejected++;
                assertFalse(r.problems().isEmpty());
                for (Problem p : r.problems()) {
                    if (p.line() < 1 || p.message().isBlank() || !p.format().startsWith("fuzz.toml:" + p.line() + ":")) {
                        fail("case " + n + ": unlocated problem " + p + " in:\n" + text);
                    }
                }
            } else {
                accepted++;
            }
        }
        // The mutations must really exercise both outcomes, or this test proves nothing.
        assertTrue(rejected > CASES / 2, "rejected " + rejected);
        assertTrue(accepted > 10, "accepted " + accepted);
    }

    private static String mutate(String text, Random random) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        int line = random.nextInt(lines.size());
        switch (random.nextInt(6)) {
            case 0 -> { // delete a character
                if (!text.isEmpty()) {
                    int at = random.nextInt(text.length());
                    return text.substring(0, at) + text.substring(at + 1);
                }
            }
            case 1 -> { // insert a character that matters to TOML
                int at = random.nextInt(text.length() + 1);
                return text.substring(0, at) + NOISE.charAt(random.nextInt(NOISE.length())) + text.substring(at);
            }
            case 2 -> { // replace a value
                String l = lines.get(line);
                int eq = l.indexOf('=');
                if (eq > 0) {
                    lines.set(line, l.substring(0, eq + 1) + " " + VALUES[random.nextInt(VALUES.length)]);
                }
            }
            case 3 -> lines.add(line, lines.get(line)); // duplicate a line
            case 4 -> lines.remove(line);
            default -> { // swap two lines
                int other = random.nextInt(lines.size());
                String a = lines.get(line);
                lines.set(line, lines.get(other));
                lines.set(other, a);
            }
        }
        return String.join("\n", lines) + "\n";
    }
}
