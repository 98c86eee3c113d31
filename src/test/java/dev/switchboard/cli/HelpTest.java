package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** `--help` of every command, read on an 80-column terminal: whole sentences, no line past the edge. */
class HelpTest {
    /** A sentence ends with '.', '?' or '!', perhaps inside a closing bracket, quote or backtick. */
    private static final Pattern SENTENCE_END = Pattern.compile("(?s).*[.?!][)\"'`]*(%n)?");

    private static String help(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, Map.of(), new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err::toString);
        return out.toString();
    }

    private static List<CommandSpec> commands() {
        CommandLine cli = new CommandLine(new Main(Map.of()));
        List<CommandSpec> all = new ArrayList<>(List.of(cli.getCommandSpec()));
        cli.getSubcommands().values().forEach(c -> all.add(c.getCommandSpec()));
        return all;
    }

    @Test
    void noHelpLineIsWiderThanTheTerminal() {
        for (CommandSpec spec : commands()) {
            String[] args = spec.parent() == null ? new String[] {"--help"} : new String[] {spec.name(), "--help"};
            for (String line : help(args).split("\n")) {
                assertTrue(line.length() <= Main.HELP_WIDTH, () -> spec.qualifiedName() + ": " + line.length() + " columns: " + line);
            }
        }
    }

    @Test
    void everyDescriptionIsWholeSentences() {
        for (CommandSpec spec : commands()) {
            for (String paragraph : spec.usageMessage().description()) {
                assertTrue(SENTENCE_END.matcher(paragraph).matches(), () -> spec.qualifiedName() + " is cut: " + paragraph);
            }
            for (OptionSpec option : spec.options()) {
                for (String d : option.description()) {
                    assertTrue(SENTENCE_END.matcher(d).matches(), () -> spec.qualifiedName() + " " + option.longestName() + " is cut: " + d);
                }
            }
            for (PositionalParamSpec p : spec.positionalParameters()) {
                for (String d : p.description()) {
                    assertTrue(SENTENCE_END.matcher(d).matches(), () -> spec.qualifiedName() + " " + p.paramLabel() + " is cut: " + d);
                }
            }
        }
    }

    /** The list of commands shows each one's first sentence, whole, on its own line. */
    @Test
    void theCommandListHasOneWholeSentencePerCommand() {
        String help = help("--help");
        String list = help.substring(help.indexOf("Commands:\n") + "Commands:\n".length(), help.indexOf("\nExit codes:"));
        List<String> lines = list.lines().filter(l -> !l.isBlank()).toList();
        List<String> names = commands().stream().filter(s -> s.parent() != null).map(CommandSpec::name).toList();
        assertEquals(names.size(), lines.size(), list);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertTrue(line.startsWith("  " + names.get(i) + " "), line);
            assertTrue(SENTENCE_END.matcher(line).matches(), () -> "cut: " + line);
        }
    }
}
