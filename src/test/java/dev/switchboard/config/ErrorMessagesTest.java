package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Problems as `check` prints them, exactly: where, which key, what, and the line with a caret. */
class ErrorMessagesTest {

    private static List<String> report(String text) {
        List<Problem> problems = assertInstanceOf(ConfigLoader.Rejected.class, ConfigLoader.parse(text, "s.toml")).problems();
        return problems.stream().flatMap(p -> p.report().stream()).toList();
    }

    private static String seedWith(int line, String replacement) throws IOException {
        List<String> lines = new java.util.ArrayList<>(Files.readString(SeedConfigTest.SEED).lines().toList());
        lines.set(line - 1, replacement);
        return String.join("\n", lines) + "\n";
    }

    /**
     * An IPv4-mapped IPv6 address is IPv4 to the JDK and the kernel (its traffic, its replies' rules):
     * refused with the one spelling to write, not "is not ADDRESS:PORT", which sends the user looking
     * for a typo.
     */
    @Test
    void anIpv4MappedAddressIsRefusedWithTheAddressToWrite() throws IOException {
        assertEquals(List.of(
                "s.toml:72:25: frontends.ft_exchange.binds[0].address: \"[::ffff:203.0.113.10]:443\" is an IPv4-mapped IPv6 address,"
                        + " which is IPv4 to the kernel: write \"203.0.113.10:443\" (an IP address and a port 1-65535, e.g. \"0.0.0.0:443\" or \"[::]:443\")",
                "  72 | binds   = [ { address = \"[::ffff:203.0.113.10]:443\" },",
                "     |                         ^"),
                report(seedWith(72, "binds   = [ { address = \"[::ffff:203.0.113.10]:443\" },")));
        assertEquals("s.toml:81:40: backends.bk_www.servers[0].address: \"[::FFFF:10.3.0.21]:80\" is an IPv4-mapped IPv6 address,"
                + " which is IPv4 to the kernel: write \"10.3.0.21:80\" (the server's IP address and port, e.g. \"10.2.0.21:443\"; names are never resolved)",
                report(seedWith(81, "servers = [ { name = \"web1\", address = \"[::FFFF:10.3.0.21]:80\" },")).get(0));
    }

    @Test
    void anAddressWithMisplacedBracketsSaysHowItIsWritten() throws IOException {
        assertEquals("s.toml:72:25: frontends.ft_exchange.binds[0].address: \"[203.0.113.10]:443\" has an IPv4 address in brackets,"
                + " which are for IPv6: write \"203.0.113.10:443\" (an IP address and a port 1-65535, e.g. \"0.0.0.0:443\" or \"[::]:443\")",
                report(seedWith(72, "binds   = [ { address = \"[203.0.113.10]:443\" },")).get(0));
        assertEquals("s.toml:72:25: frontends.ft_exchange.binds[0].address: \"2001:db8::10:443\" has an IPv6 address without brackets:"
                + " an IPv6 address and its port are written \"[2001:db8::5]:443\" (an IP address and a port 1-65535, e.g. \"0.0.0.0:443\" or \"[::]:443\")",
                report(seedWith(72, "binds   = [ { address = \"2001:db8::10:443\" },")).get(0));
        // a port out of range is said by the range, not by a rewrite that keeps it
        assertEquals("s.toml:72:25: frontends.ft_exchange.binds[0].address: \"[::ffff:203.0.113.10]:99999\" is not ADDRESS:PORT"
                + " (an IP address and a port 1-65535, e.g. \"0.0.0.0:443\" or \"[::]:443\")",
                report(seedWith(72, "binds   = [ { address = \"[::ffff:203.0.113.10]:99999\" },")).get(0));
    }

    @Test
    void anUnterminatedStringIsOneErrorNamingItsKeyWithTheLine() throws IOException {
        assertEquals(List.of(
                "s.toml:70:15: frontends.ft_exchange.mode: TOML syntax: the string is not closed before the end of the line",
                "  70 | mode    = \"tcp",
                "     |               ^"), report(seedWith(70, "mode    = \"tcp")));
    }

    @Test
    void aStringLeftOpenInAnArrayIsOneErrorNotOnePerLineOfTheArray() throws IOException {
        assertEquals(List.of(
                "s.toml:72:45: frontends.ft_exchange.binds[0].address: TOML syntax: the string is not closed before the end of the line",
                "  72 | binds   = [ { address = \"203.0.113.10:443 },",
                "     |                                             ^"),
                report(seedWith(72, "binds   = [ { address = \"203.0.113.10:443 },")));
    }

    @Test
    void theRestOfTheFileIsStillChecked() {
        assertEquals(List.of(
                "s.toml:2:7: a.b: TOML syntax: the string is not closed before the end of the line",
                "  2 | b = \"x",
                "    |       ^",
                "s.toml:4:5: a.d: TOML syntax: Unexpected 't', expected a value",
                "  4 | d = tru",
                "    |     ^"), report("[a]\nb = \"x\nc = 1\nd = tru\n"));
    }

    @Test
    void aMultiLineStringNeverClosedIsShownWhereItOpens() {
        assertEquals(List.of(
                "s.toml:2:8: f.mode: TOML syntax: this multi-line string is never closed",
                "  2 | mode = \"\"\"tcp",
                "    |        ^"), report("[f]\nmode = \"\"\"tcp\nbackend = \"b\"\n\n[g]\nx = 1\n"));
    }

    @Test
    void anUnterminatedTableHeaderNamesTheTable() {
        assertEquals(List.of(
                "s.toml:1:17: interfaces.eth0: TOML syntax: Unexpected end of line, expected ]",
                "  1 | [interfaces.eth0",
                "    |                 ^"), report("[interfaces.eth0\n"));
    }

    @Test
    void anEnumSaysItsChoicesOnce() throws IOException {
        assertEquals(List.of(
                "s.toml:86:11: backends.bk_exchange.balance: must be one of roundrobin, leastconn, source, not \"random-ish\"",
                "  86 | balance = \"random-ish\"",
                "     |           ^"), report(seedWith(86, "balance = \"random-ish\"")));
        assertEquals("s.toml:86:11: backends.bk_exchange.balance: must be one of roundrobin, leastconn, source, not \"lastconn\""
                + " (did you mean 'leastconn'?)", report(seedWith(86, "balance = \"lastconn\"")).get(0));
    }

    @Test
    void aStringOfTheFileReachesTheTerminalEscaped() throws IOException {
        assertEquals(List.of(
                "s.toml:70:11: frontends.ft_exchange.mode: must be one of tcp, http, not \"\\u001b[2J\\u000a\"",
                "  70 | mode    = \"\\u001b[2J\\n\"",
                "     |           ^"), report(seedWith(70, "mode    = \"\\u001b[2J\\n\"")));
    }

    @Test
    void aLineIsShownSafelyWhateverItHolds() {
        String esc = "\u001b]0;owned\u0007";
        assertEquals(List.of(
                "s.toml:1:5: a: m",
                "  1 | a = \"?]0;owned?\"",
                "    |     ^"), new Problem("s.toml", 1, 5, "a", "m", "", "a = \"" + esc + "\"").report());
        String longLine = "x = \"" + "y".repeat(300) + "\" z";
        List<String> shown = new Problem("s.toml", 1, 308, "x", "m", "", longLine).report();
        assertEquals("  1 | ..." + "y".repeat(97) + "\" z", shown.get(1));
        assertEquals("    | " + " ".repeat(102) + "^", shown.get(2));
    }

    /** A terminal draws CJK characters two columns wide: the caret stands under the mistake all the same. */
    @Test
    void theCaretStandsUnderTheMistakeAfterWideCharacters() {
        assertEquals(List.of(
                "s.toml:1:13: frontends.ft_www.mode: m",
                "  1 | mode = \"\u7f51\u7ad9\" x",
                "    | " + " ".repeat(14) + "^"), new Problem("s.toml", 1, 13, "frontends.ft_www.mode", "m", "", "mode = \"\u7f51\u7ad9\" x").report());
    }

    @Test
    void aLongQuotedKeyIsAProblemNotAStackOverflow() {
        String text = "x = \n\"" + "a".repeat(50_000) + "\" = \n";
        List<String> said = report(text);
        assertEquals("s.toml:1:5: x: TOML syntax: Unexpected end of line, expected a value", said.get(0).replaceAll(" \\(.*\\)$", ""));
    }

    /** Each line is looked at once to tell a mistake from its echo: 50,000 broken lines once took hours (quadratic). */
    @Test
    @org.junit.jupiter.api.Timeout(120) // a guard against the quadratic coming back, not a speed target (bench/parse.sh has those)
    void manyBrokenLinesAreOneMistakeReportedOnce() {
        String text = "a = \n" + "!!!\n".repeat(50_000);
        List<Problem> problems = assertInstanceOf(ConfigLoader.Rejected.class, ConfigLoader.parse(text, "s.toml")).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(1, problems.get(0).line());
    }

    @Test
    void whatBeginsAStatement() {
        for (String yes : List.of("a = 1", "  a.b = 1", "\"q.k\" = 1", "'lit' . x = 2", "[t]", "\t[[arr]]", "\"a\\\"b\" = 1")) {
            assertEquals(true, SyntaxErrors.startsStatement(yes), yes);
        }
        for (String no : List.of("", "  \"tcp\",", "!!!", "a", "a.", "\"open = 1", "= 1", "'x' y = 1")) {
            assertEquals(false, SyntaxErrors.startsStatement(no), no);
        }
    }

    /** Two columns or one, as a terminal draws them (wcwidth): pictures and CJK two, an emoji shown as text and Latin one. */
    @Test
    void whichCharactersTakeTwoColumns() {
        for (int wide : new int[] {0x7F51, 0xAC00, 0x1F600, 0x1F680, 0x2705, 0x2615, 0x1FAE0, 0x231A, 0xFF21}) {
            assertEquals(true, Excerpt.wide(wide), Integer.toHexString(wide));
        }
        for (int narrow : new int[] {'a', 0xE9, 0x1F321, 0x2603, 0x263A, 0x2192, 0x303F}) {
            assertEquals(false, Excerpt.wide(narrow), Integer.toHexString(narrow));
        }
    }

    /** The column counts characters (an emoji is one, as tomlj counts); the caret, the columns a terminal draws (an emoji takes two). */
    @Test
    void theColumnCountsCharactersAndTheCaretTerminalColumns() {
        List<String> said = report("k = \"\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\" x\n");
        assertEquals("s.toml:1:12: ", said.get(0).substring(0, 13), said.toString());
        assertEquals(List.of("  1 | k = \"\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\" x", "    | " + " ".repeat(15) + "^"), said.subList(1, 3));
    }

    @Test
    void charactersThatReorderALineNeverReachTheTerminal() {
        List<String> said = report("[frontends.ft]\nbackend = \"bk\"\nmo\u202ede = \"x\u2066y\u2028\"\n[backends.bk]\nservers = []\n");
        assertEquals(false, said.stream().anyMatch(l -> l.contains("\u202e") || l.contains("\u2066") || l.contains("\u2028")), said.toString());
        assertEquals(List.of("s.toml:3:3: frontends.ft.mo: TOML syntax: Unexpected '\\u202e', expected . or =", "  3 | mo?de = \"x?y?\"",
                "    |   ^"), said);
    }
}
