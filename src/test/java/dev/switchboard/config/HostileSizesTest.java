package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files built to make checking them cost a lot: a long line of wrong elements, a key of many
 * parts, a key of a megabyte. What is said about them is bounded however large they are; the
 * work is bounded by sizes and counts here, not timed.
 */
class HostileSizesTest {

    private static List<Problem> problems(String text) {
        return assertInstanceOf(ConfigLoader.Rejected.class, ConfigLoader.parse(text, "s.toml")).problems();
    }

    @Test
    void anArrayOfThousandsOfWrongElementsListsFiftyThenHowManyMore() {
        int elements = 5_000;
        String text = "[backends.b]\nservers=[" + "1,".repeat(elements - 1) + "1]\n";
        List<Problem> problems = problems(text);
        assertEquals(ConfigLoader.MAX_PROBLEMS + 1, problems.size());
        int total = elements + 1; // every element, and "declares no interfaces and no frontends"
        assertEquals("s.toml: ... and " + (total - ConfigLoader.MAX_PROBLEMS) + " more problems (fix these and check again)",
                problems.get(ConfigLoader.MAX_PROBLEMS).format());
        assertEquals(List.of(
                "s.toml:2:14: backends.b.servers[2]: must be a table { ... }, not the number 1 ({ name = \"s1\", address = \"10.2.0.21:443\" })",
                "  2 | servers=[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1..."
                        .substring(0, 6) + "servers=[" + "1,".repeat(45) + "1...",
                "    |              ^"), problems.stream().filter(p -> p.key().endsWith("servers[2]")).findFirst().orElseThrow().report());
        for (Problem p : problems) { // a window of the line is kept, never the whole 10 KB of it
            assertTrue(p.excerpt().length() <= 4 * Lines.MARGIN + 2, p.excerpt().length() + " chars kept");
        }
    }

    @Test
    void aWindowOfALineShowsWhatTheWholeLineWould() {
        String plain = "x = [" + "\"abc\", ".repeat(200) + "] # end";
        String astral = "x = [" + "\"\uD83D\uDE00\u7f51\", ".repeat(200) + "]";
        for (String line : List.of(plain, astral, "short = 1")) {
            Lines lines = new Lines("# first\n" + line + "\r\n# last\n");
            int length = line.codePointCount(0, line.length());
            for (int column = 0; column <= length + 3; column++) {
                Lines.Window w = lines.window(2, column);
                Problem whole = new Problem("s.toml", 2, column, "x", "m", "", line);
                Problem window = new Problem("s.toml", 2, column, "x", "m", "", w.text(), w.skipped());
                assertEquals(whole.report(), window.report(), "column " + column);
            }
        }
    }

    @Test
    void aKeyOfManyDottedPartsIsRefusedOnItsLineAndNotQuoted() {
        String text = "[appliance]\nconfirm_timeout = 5\n" + "a" + ".a".repeat(20_000) + " = 1\n";
        List<Problem> problems = problems(text);
        assertEquals(1, problems.size());
        assertEquals("s.toml:3:1: a key with more than 128 dotted parts (no key of a config has more than a few)",
                problems.get(0).format());
        assertTrue(String.join("\n", problems.get(0).report()).length() < 400, problems.get(0).report().toString());
    }

    @Test
    void aTableHeaderOfManyPartsIsRefusedToo() {
        List<Problem> problems = problems("[backends.b]\n\n[" + "t.".repeat(300) + "t]\n");
        assertEquals(1, problems.size());
        assertEquals("s.toml:3:1: a key with more than 128 dotted parts (no key of a config has more than a few)",
                problems.get(0).format());
    }

    @Test
    void aKeyOfExactlyTheMostPartsIsReadAsAnyOther() {
        List<Problem> problems = problems("a" + ".a".repeat(ConfigLoader.MAX_KEY_PARTS - 1) + " = 1\n");
        assertFalse(problems.stream().anyMatch(p -> p.message().contains("dotted parts")), problems.toString());
    }

    @Test
    void aKeyOfAHundredThousandCharactersIsQuotedInPart() {
        String key = "b".repeat(100_000);
        List<Problem> problems = problems("[backends.b]\nservers = []\n" + key + " = 1\n");
        Problem unknown = problems.stream().filter(p -> p.message().equals("unknown key")).findFirst().orElseThrow();
        String shown = unknown.format();
        assertTrue(shown.length() < Problem.KEY_WIDTH + 100, shown.length() + " chars: " + shown);
        assertTrue(shown.startsWith("s.toml:3:100004: backends.b.bbbb") && shown.contains("bbb...bbb") && shown.endsWith("bbb: unknown key (known keys here: balance, health, servers)"), shown);
    }
}
