package dev.switchboard.cli;

import dev.switchboard.config.Config;
import dev.switchboard.control.ControlClient;
import dev.switchboard.control.Tables;
import dev.switchboard.engine.Converger;
import dev.switchboard.engine.Gateways;
import dev.switchboard.net.Kernel;
import dev.switchboard.plan.Plan;
import dev.switchboard.plan.PlanResult;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The commands that read or change the kernel: plan, apply, status. */
final class KernelCommands {
    private KernelCommands() {}

    /** Shared plumbing: streams, config, kernel, and one exit path for the kernel's refusals. */
    abstract static class KernelCommand implements Callable<Integer> {
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

        @Override
        public Integer call() {
            try (Kernel kernel = Kernel.open()) {
                return run(kernel);
            } catch (SysException e) {
                err().println("switchboard: " + e.getMessage());
                if (e.errnoName().equals("EPERM") || e.errnoName().equals("EACCES")) {
                    err().println("(changing the network needs root or CAP_NET_ADMIN)");
                }
                return 1;
            } catch (IOException e) {
                err().println("switchboard: " + e.getMessage());
                return 1;
            }
        }

        abstract int run(Kernel kernel) throws SysException, IOException;

        Optional<Config> config() {
            return ConfigFile.load(main.configPath(), err());
        }

        void printRefusal(java.util.List<String> reasons) {
            reasons.forEach(r -> err().println("switchboard: cannot apply: " + r));
        }

        void printPlan(Plan plan) {
            plan.notes().forEach(n -> out().println("# " + n));
            out().print(plan.diff());
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = {"Show what `apply` would change in the kernel, and change nothing.",
                    "Lines read like `ip`: + adds, - removes, ~ changes in place; `no changes` when the kernel matches."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:a plan (or no changes) was printed", "1:the config is invalid or cannot be applied here", "2:usage error"})
    static final class PlanCommand extends KernelCommand {
        @Override
        int run(Kernel kernel) throws SysException, IOException {
            Optional<Config> config = config();
            if (config.isEmpty()) {
                return 1;
            }
            PlanResult result = new Converger(kernel, main.stateDir).plan(config.get());
            if (result instanceof PlanResult.Refused refused) {
                printRefusal(refused.reasons());
                return 1;
            }
            printPlan(((PlanResult.Planned) result).plan());
            return 0;
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Bring the kernel's links, addresses and default routes to the config, all or nothing.",
                    "If a step fails, the done steps are undone and the kernel is checked to be as it was."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:applied (or nothing to do)", "1:refused or rolled back; the kernel is as it was", "2:usage error"})
    static final class ApplyCommand extends KernelCommand {
        @Option(names = "--try", arity = "0..1", fallbackValue = "0", paramLabel = "SECONDS",
                description = {"Apply for SECONDS (default: the config's confirm_timeout), then roll everything back",
                        "unless `switchboard confirm` comes in time. Needs a running engine, which holds the countdown."})
        Integer trySeconds;

        @Override
        public Integer call() {
            try {
                Optional<Config> config = config();
                if (config.isEmpty()) {
                    return 1;
                }
                String command = "apply";
                if (trySeconds != null) {
                    command = "try " + (trySeconds > 0 ? trySeconds : config.get().appliance().confirmTimeoutSeconds());
                }
                Optional<ControlClient.Answer> answer = ControlClient.ask(main.socket, command);
                if (answer.isPresent()) {
                    (answer.get().ok() ? out() : err()).print(answer.get().text());
                    return answer.get().ok() ? 0 : 1;
                }
            } catch (IOException e) {
                err().println("switchboard: " + main.socket + ": " + e.getMessage());
                return 1;
            }
            if (trySeconds != null) {
                err().println("switchboard: apply --try needs a running engine to hold the countdown (none answers at "
                        + main.socket + "; start it with `switchboard run` or `systemctl start switchboard`); nothing changed");
                return 1;
            }
            return super.call(); // no engine: the kernel part on our own
        }

        @Override
        int run(Kernel kernel) throws SysException, IOException {
            Optional<Config> config = config();
            if (config.isEmpty()) {
                return 1;
            }
            Converger.Result result = new Converger(kernel, main.stateDir).apply(config.get(), Who.am("switchboard apply"));
            if (result instanceof Converger.Result.Applied applied) {
                printPlan(applied.plan());
                int n = applied.plan().changes().size();
                if (n > 0) {
                    out().println("applied " + n + (n == 1 ? " change" : " changes"));
                }
                return 0;
            }
            if (result instanceof Converger.Result.Refused refused) {
                printRefusal(refused.reasons());
                err().println("nothing changed");
            } else if (result instanceof Converger.Result.Busy busy) {
                err().println("switchboard: another change is in progress (" + busy.holder() + "); nothing changed");
            } else if (result instanceof Converger.Result.RolledBack rolledBack) {
                err().println("switchboard: " + rolledBack.outcome().describe());
            } else if (result instanceof Converger.Result.Unsettled unsettled) {
                err().println("switchboard: the kernel kept changing while planning (" + unsettled.what() + "); nothing changed");
            }
            return 1;
        }

    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Show the gateway table from a live dump: every default route, its link, the gateway's",
                    "neighbour state, who owns it, and (*) the one the kernel uses now."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:shown", "1:the kernel could not be read", "2:usage error"})
    static final class StatusCommand extends KernelCommand {
        @Option(names = "--json", description = "Print JSON for scripts.")
        boolean json;

        @Override
        int run(Kernel kernel) throws SysException {
            var rows = Gateways.rows(kernel.dump());
            out().print(json ? Tables.gatewaysJson(rows) : Tables.gateways(rows));
            return 0;
        }
    }

}
