package dev.switchboard.cli;

import dev.switchboard.control.ControlClient;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Commands that only a running engine can carry out: they go over the control socket. */
final class EngineCommands {
    private EngineCommands() {}

    abstract static class EngineCommand implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Spec
        CommandSpec spec;

        abstract String command();

        @Override
        public Integer call() {
            try {
                Optional<ControlClient.Answer> answer = ControlClient.ask(main.socket, command());
                if (answer.isEmpty()) {
                    spec.commandLine().getErr().println("switchboard: no engine answers at " + main.socket
                            + " (start it with `switchboard run` or `systemctl start switchboard`)");
                    return 1;
                }
                (answer.get().ok() ? spec.commandLine().getOut() : spec.commandLine().getErr()).print(answer.get().text());
                return answer.get().ok() ? 0 : 1;
            } catch (IOException e) {
                spec.commandLine().getErr().println("switchboard: " + main.socket + ": " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "confirm", mixinStandardHelpOptions = true,
            description = "Keep the change of a pending `apply --try`: it becomes the confirmed config.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:confirmed", "1:nothing to confirm, or no engine runs", "2:usage error"})
    static final class ConfirmCommand extends EngineCommand {
        @Override
        String command() {
            return "confirm";
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = {"End a pending `apply --try` now, back to the confirmed config; with no try pending, go back",
                    "N confirmed configs (default 1) and write that config to the config file."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:rolled back", "1:no such config in the history, refused, or no engine runs", "2:usage error"})
    static final class RollbackCommand extends EngineCommand {
        @Parameters(arity = "0..1", defaultValue = "1", paramLabel = "N", description = "How many confirmed configs back (default: 1).")
        int back;

        @Override
        String command() {
            return "rollback " + back;
        }
    }
}
