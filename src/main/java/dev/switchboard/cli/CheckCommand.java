package dev.switchboard.cli;

import dev.switchboard.config.Config;
import dev.switchboard.config.Problem;
import dev.switchboard.proxy.Budget;
import dev.switchboard.sys.Limits;
import dev.switchboard.sys.SysException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code switchboard check}: validates the config file and changes nothing. */
@Command(name = "check",
        description = {"Check the config file and change nothing.",
                "Prints one summary line when it is valid. Otherwise it prints every problem as"
                        + " FILE:LINE:COLUMN: key: message (hint), then the line itself with a caret under the column."},
        exitCodeList = {"0:the config is valid", "1:the config has problems", "2:usage error"})
final class CheckCommand extends Subcommand {
    @Override
    public Integer call() {
        Path file = main.configPath();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = Problem.escaped(file.toString()); // a file's name may hold a terminal's escape sequence
        return ConfigFile.load(file, err).map(config -> {
            out.println(name + ": ok: " + config.summary());
            budgetWarnings(config).forEach(w -> out.println(name + ": warning: " + w));
            return 0;
        }).orElse(1);
    }

    /** The connection budget under this machine's open-files limit (the engine raises itself to the hard one). */
    private static List<String> budgetWarnings(Config config) {
        try {
            return Budget.warnings(config, Limits.openFilesHardLimit());
        } catch (SysException e) {
            return List.of("the open-files limit cannot be read (" + e.getMessage() + "): the connection budget is unknown");
        }
    }
}
