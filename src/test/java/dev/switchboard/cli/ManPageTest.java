package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** switchboard(8) documents every command and every option the CLI has. */
class ManPageTest {
    @Test
    void everyCommandAndOptionIsDocumented() throws IOException {
        String page = Files.readString(Path.of("man/switchboard.8"));
        TreeSet<String> missing = new TreeSet<>();
        CommandLine cli = new CommandLine(new Main(Map.of()));
        for (CommandLine sub : cli.getSubcommands().values()) {
            String name = sub.getCommandName();
            if (!page.contains("\n.B " + name + "\n") && !page.contains("\n.BR " + name + " ") && !page.contains("\n.BI " + name + " ")
                    && !page.contains("\n\\fB" + name + "\\fR ")) {
                missing.add("command " + name);
            }
            options(sub.getCommandSpec(), page, missing);
        }
        options(cli.getCommandSpec(), page, missing);
        assertEquals(List.of(), List.copyOf(missing), "missing from man/switchboard.8");
    }

    private static void options(CommandSpec spec, String page, TreeSet<String> missing) {
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue; // internal, not for people
            }
            for (String name : option.names()) {
                if (!page.contains(name.replace("-", "\\-"))) {
                    missing.add(spec.name() + " " + name);
                }
            }
        }
    }
}
