package dev.switchboard.cli;

import dev.switchboard.control.ControlClient;
import dev.switchboard.engine.EngineLock;
import dev.switchboard.engine.Orphans;
import dev.switchboard.engine.StateFile;
import dev.switchboard.net.Kernel;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** Commands that only a running engine can carry out: they go over the control socket. */
final class EngineCommands {
    private EngineCommands() {}

    abstract static class EngineCommand extends Subcommand {
        abstract String command();

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                Writer.Found found = Writer.find(main.stateDir, main.socket, main.configPath(), Who.am("switchboard " + command()));
                if (found instanceof Writer.Found.Unreachable u) {
                    err.println(Writer.unreachable(main.stateDir, main.socket, u.holder()));
                    return 1;
                }
                if (found instanceof Writer.Found.Alone alone) {
                    try (EngineLock held = alone.lock()) {
                        return withoutEngine();
                    }
                }
                Optional<ControlClient.Answer> answer = ControlClient.ask(main.socket, command());
                if (answer.isEmpty()) {
                    err.println("switchboard: the engine stopped answering at " + main.socket + "; nothing changed");
                    return 1;
                }
                (answer.get().ok() ? spec.commandLine().getOut() : err).print(answer.get().text());
                return answer.get().ok() ? 0 : 1;
            } catch (IOException e) {
                err.println("switchboard: " + StateFile.describe(e));
                return 1;
            }
        }

        /** No engine runs (and this process holds the engine lock): what the command can still do. */
        int withoutEngine() throws IOException {
            Optional<String> orphan = Orphans.pendingTry(main.stateDir);
            spec.commandLine().getErr().println("switchboard: no engine runs on " + main.stateDir + " (start it with `switchboard run`"
                    + " or `systemctl start switchboard`)" + orphan.map(w -> "; a try by " + w + " was left by a switchboard that died:"
                    + " `switchboard rollback` undoes it").orElse(""));
            return 1;
        }
    }

    @Command(name = "confirm",
            description = {"Keep the change of a pending try: it becomes the confirmed config.",
                    "The try is the one `apply --try`, `rollback N` or the console started."},
            exitCodeList = {"0:confirmed", "1:nothing to confirm, or no engine runs", "2:usage error"})
    static final class ConfirmCommand extends EngineCommand {
        @Override
        String command() {
            return "confirm";
        }
    }

    @Command(name = "rollback",
            description = {"End a pending try now, or go back to an earlier confirmed config.",
                    "Without N, it ends a pending `apply --try` now, back to the confirmed config; with no try"
                            + " pending, nothing changes.",
                    "With N, it goes back N confirmed configs, as a try that must be confirmed (`switchboard confirm`)"
                            + " within the config's confirm_timeout, or it rolls itself back.",
                    "With no engine running, it rolls back a try left by a switchboard that died."},
            exitCodeList = {"0:rolled back, or the history's config applied as a try", "1:no try pending, no such config in the history,"
                    + " refused, or no engine runs", "2:usage error"})
    static final class RollbackCommand extends EngineCommand {
        @Parameters(arity = "0..1", paramLabel = "N", description = "How many confirmed configs back (1 or more); applied as a try.")
        Integer back;

        @Override
        String command() {
            if (back != null && back < 1) {
                throw new ParameterException(spec.commandLine(), "rollback N: N counts confirmed configs back, 1 or more");
            }
            return back == null ? "rollback" : "rollback " + back;
        }

        @Override
        int withoutEngine() throws IOException {
            if (back != null || Orphans.pendingTry(main.stateDir).isEmpty()) {
                return super.withoutEngine();
            }
            try (Kernel kernel = Kernel.open()) {
                Orphans.Outcome o = Orphans.rollBack(main.configPath(), main.stateDir, kernel, Who.am("switchboard rollback"));
                o.lines().forEach((o.verified() ? spec.commandLine().getOut() : spec.commandLine().getErr())::println);
                return o.verified() ? 0 : 1;
            }
        }
    }
}
