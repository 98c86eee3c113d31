package dev.switchboard.cli;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ConfigText;
import dev.switchboard.config.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/** Loads the config for a command, or prints its problems the way `check` does. */
final class ConfigFile {
    private ConfigFile() {}

    static Optional<Config> load(Path file, PrintWriter err) {
        return load(file, (Consumer<String>) err::println);
    }

    /**
     * As above, each line of the report to {@code report}. A file that cannot be a config (not
     * there, not a regular file, unreadable, too large, not UTF-8 text) is one line.
     */
    static Optional<Config> load(Path file, Consumer<String> report) {
        String text;
        try {
            text = ConfigText.read(file);
        } catch (ConfigText.Refused e) {
            report.accept(e.getMessage());
            return Optional.empty();
        }
        ConfigLoader.Result result = ConfigLoader.parse(text, file.toString());
        if (result instanceof ConfigLoader.Loaded loaded) {
            return Optional.of(loaded.config());
        }
        var rejected = (ConfigLoader.Rejected) result;
        var problems = rejected.problems();
        problems.stream().flatMap(p -> p.report().stream()).forEach(report);
        // the last listed says how many were left out: it is not one of them
        int n = rejected.unlisted() > 0 ? problems.size() - 1 + rejected.unlisted() : problems.size();
        String count = problems.size() > ConfigLoader.MAX_SYNTAX_PROBLEMS ? "more than " + ConfigLoader.MAX_SYNTAX_PROBLEMS + " problems" // the last says the rest were left out
                : n + (n == 1 ? " problem" : " problems");
        report.accept(Problem.escaped(file.toString()) + ": " + count + ", nothing changed");
        return Optional.empty();
    }
}
