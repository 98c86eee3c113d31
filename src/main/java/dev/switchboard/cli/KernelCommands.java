package dev.switchboard.cli;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigText;
import dev.switchboard.config.Problem;
import dev.switchboard.control.ControlClient;
import dev.switchboard.diagnose.Snapshot;
import dev.switchboard.diagnose.SnapshotJson;
import dev.switchboard.control.StateJson;
import dev.switchboard.control.Tables;
import dev.switchboard.control.Protocol;
import dev.switchboard.engine.Converger;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineLock;
import dev.switchboard.engine.Orphans;
import dev.switchboard.engine.StateFile;
import dev.switchboard.engine.Gateways;
import dev.switchboard.net.Kernel;
import dev.switchboard.plan.CutOff;
import dev.switchboard.plan.Plan;
import dev.switchboard.plan.PlanResult;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The commands that read or change the kernel: plan, apply, status. */
final class KernelCommands {
    private KernelCommands() {}

    /** Shared plumbing: streams, config, kernel, and one exit path for the kernel's refusals. */
    abstract static class KernelCommand extends Subcommand {
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
                err().println("switchboard: " + StateFile.describe(e));
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

        /** The operator's own SSH session, for the warnings of a plan that would cut it. */
        Optional<CutOff.Session> session() {
            return CutOff.Session.of(main.environment("SSH_CONNECTION"));
        }

        void printPlan(Plan plan) {
            plan.notes().forEach(n -> out().println("# " + n));
            out().print(plan.diff());
        }
    }

    /** A command that reads this box, or with --snapshot the box a snapshot file recorded. */
    abstract static class LiveOrSnapshot extends KernelCommand {
        @Option(names = "--snapshot", paramLabel = "FILE",
                description = "Read the box the snapshot FILE recorded (`switchboard snapshot`), not this one.")
        Path snapshot;

        @Override
        public Integer call() {
            if (snapshot == null) {
                return super.call();
            }
            try {
                return report(SnapshotJson.read(snapshot));
            } catch (SnapshotJson.Refused e) {
                err().println("switchboard: " + e.getMessage());
                return 1;
            }
        }

        /** What the snapshot {@code s} shows. */
        abstract int report(Snapshot s);
    }

    @Command(name = "plan",
            description = {"Show what `apply` would change in the kernel, and change nothing.",
                    "Lines read like `ip`: + adds, - removes, ~ changes in place; `no changes` when the kernel matches.",
                    "Lines starting with ! warn of a plan that removes every default route or changes the interface"
                            + " your SSH session arrives on."},
            exitCodeList = {"0:a plan (or no changes) was printed", "1:the config is invalid or cannot be applied here", "2:usage error"})
    static final class PlanCommand extends KernelCommand {
        @Override
        int run(Kernel kernel) throws SysException, IOException {
            Optional<Config> config = config();
            if (config.isEmpty()) {
                return 1;
            }
            Converger converger = new Converger(kernel, main.stateDir);
            PlanResult result = converger.plan(config.get());
            if (result instanceof PlanResult.Refused refused) {
                printRefusal(refused.reasons());
                return 1;
            }
            converger.warnings(config.get(), session()).forEach(out()::println);
            printPlan(((PlanResult.Planned) result).plan());
            return 0;
        }
    }

    @Command(name = "apply",
            description = {"Bring the kernel and the proxy to the config, all or nothing.",
                    "If a step fails, the done steps are undone and the kernel is checked to be as it was.",
                    "With an engine running, the engine applies it: the config file it runs on, or with --config"
                            + " another file's text, checked here first. With none, the kernel part is applied here,"
                            + " after a try left by a switchboard that died has been rolled back."},
            exitCodeList = {"0:applied, tried (or nothing to do)", "1:refused or rolled back, or an engine runs but does not answer"
                    + " at the socket; the kernel is as it was",
                    "2:usage error (a --try outside 1-3600 seconds)"})
    static final class ApplyCommand extends KernelCommand {
        private static final String CONFIRM_TIMEOUT = "confirm_timeout";

        @Option(names = "--try", arity = "0..1", fallbackValue = CONFIRM_TIMEOUT, paramLabel = "SECONDS",
                description = {"Apply for SECONDS, 1 to 3600 (default: the config's confirm_timeout), then roll everything"
                        + " back unless `switchboard confirm` comes in time. Needs a running engine, which holds the countdown."})
        String trySeconds;

        @Option(names = "--allow-empty", description = "Let through a config that would remove every address, default route and bind switchboard manages.")
        boolean allowEmpty;

        @Override
        public Integer call() {
            Integer asked = trySeconds == null || trySeconds.equals(CONFIRM_TIMEOUT) ? null : parseTry(trySeconds);
            Optional<Config> config = config();
            if (config.isEmpty()) {
                return 1;
            }
            Integer seconds = trySeconds == null ? null : asked != null ? asked : Integer.valueOf(config.get().appliance().confirmTimeoutSeconds());
            Writer.Found found;
            try {
                found = Writer.find(main.stateDir, main.socket, main.configPath(), Who.am("switchboard apply"));
            } catch (IOException e) {
                err().println("switchboard: " + StateFile.describe(e));
                return 1;
            }
            if (found instanceof Writer.Found.Unreachable u) {
                err().println(Writer.unreachable(main.stateDir, main.socket, u.holder()));
                return 1;
            }
            if (found instanceof Writer.Found.Engine engine) {
                return viaEngine(engine, config.get(), seconds);
            }
            try (EngineLock held = ((Writer.Found.Alone) found).lock()) {
                if (seconds != null) {
                    err().println("switchboard: apply --try needs a running engine to hold the countdown (none runs on " + main.stateDir
                            + "; start it with `switchboard run` or `systemctl start switchboard`); nothing changed");
                    return 1;
                }
                return super.call(); // no engine: the kernel part here, under the engine lock
            } catch (IOException e) {
                err().println("switchboard: " + StateFile.describe(e));
                return 1;
            }
        }

        private int parseTry(String text) {
            try {
                int n = Integer.parseInt(text.strip());
                if (n >= 1 && n <= 3600) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new ParameterException(spec.commandLine(), "--try takes 1 to 3600 seconds, not \"" + text + "\"");
        }

        /** The engine applies: its own file, or this file's text, which it then writes to its file. */
        private int viaEngine(Writer.Found.Engine engine, Config config, Integer seconds) {
            try {
                printWarnings(config);
                Optional<Path> theirs = engine.holder().map(EngineLock.Holder::config).filter(c -> !c.isEmpty()).map(Path::of)
                        .or(() -> engineFile());
                boolean same = theirs.isPresent() && sameFile(theirs.get(), main.configPath());
                String text = same ? null : ConfigText.read(main.configPath());
                if (!same) {
                    out().println("# sending " + Problem.escaped(main.configPath().toString()) + " to the engine; once applied, its config "
                            + theirs.map(Path::toString).map(Problem::escaped).orElse("file") + " holds it");
                }
                String b64 = text == null ? "" : " " + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
                String command = (seconds == null ? (same ? "apply" : "apply-edit" + b64) : (same ? "try " + seconds : "try-edit " + seconds + b64))
                        + (allowEmpty ? " " + Protocol.ALLOW_EMPTY : "");
                Optional<ControlClient.Answer> answer = ControlClient.ask(main.socket, command);
                if (answer.isEmpty()) {
                    err().println("switchboard: the engine stopped answering at " + main.socket + "; nothing was sent");
                    return 1;
                }
                (answer.get().ok() ? out() : err()).print(answer.get().text());
                return answer.get().ok() ? 0 : 1;
            } catch (ConfigText.Refused e) { // the file changed since it was checked
                err().println(e.getMessage());
                return 1;
            } catch (IOException e) {
                err().println("switchboard: " + main.socket + ": " + e.getMessage());
                return 1;
            }
        }

        private Optional<Path> engineFile() {
            try {
                return ControlClient.ask(main.socket, "show status").flatMap(a -> a.text().lines()
                        .filter(l -> l.startsWith("file: ")).map(l -> Path.of(l.substring(6).strip())).findFirst());
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        private static boolean sameFile(Path a, Path b) {
            try {
                return Files.isSameFile(a, b);
            } catch (IOException e) {
                return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
            }
        }

        /** The plan's warnings, read from the kernel here, before the engine is asked to touch anything. */
        private void printWarnings(Config config) {
            try (Kernel kernel = Kernel.open()) {
                new Converger(kernel, main.stateDir).warnings(config, session()).forEach(out()::println);
            } catch (IOException e) {
                // warnings are a courtesy: the engine's answer says what happened
            }
        }

        @Override
        int run(Kernel kernel) throws SysException, IOException {
            String who = Who.am("switchboard apply");
            // first the try a dead switchboard left, in the file it was made on; then this file
            Orphans.Outcome orphan = Orphans.rollBack(main.configPath(), main.stateDir, kernel, who);
            orphan.lines().forEach(out()::println);
            if (!orphan.verified()) {
                err().println("switchboard: the try a dead switchboard left could not be rolled back: nothing else applied");
                return 1;
            }
            Optional<Config> config = config();
            if (config.isEmpty()) {
                return 1;
            }
            Converger converger = new Converger(kernel, main.stateDir);
            if (!allowEmpty && Engine.managesNothing(config.get()) && converger.plan(config.get()) instanceof PlanResult.Planned p
                    && !p.plan().isEmpty()) {
                err().println("switchboard: " + Engine.LEAVES_NOTHING);
                return 1;
            }
            converger.warnings(config.get(), session()).forEach(out()::println);
            Converger.Result result = converger.apply(config.get(), who);
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
}
