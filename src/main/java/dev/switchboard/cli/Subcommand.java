package dev.switchboard.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand has: {@link Main}, whose global options (--config, --state-dir, --socket)
 * it reads, and its own spec, for its streams. Help options and the exit codes' heading come from
 * {@link Main}'s inherited attributes.
 */
abstract class Subcommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
