package dev.switchboard.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code switchboard} command: global options and the subcommands. */
@Command(name = "switchboard",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        scope = ScopeType.INHERIT,
        usageHelpWidth = Main.HELP_WIDTH, // a fixed width: picocli would run stty or tput to learn the terminal's
        description = "Console of a multi-gateway Linux load-balancer appliance.",
        subcommands = {CheckCommand.class, KernelCommands.PlanCommand.class, KernelCommands.ApplyCommand.class,
                StatusCommand.class, EngineCommands.ConfirmCommand.class, EngineCommands.RollbackCommand.class,
                RunCommand.class, ConsoleCommand.class, DiagnoseCommands.SnapshotCommand.class, DiagnoseCommands.DoctorCommand.class,
                DiagnoseCommands.ExplainCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the config or the change was refused", "2:usage error",
                "70:an internal error: a bug of switchboard's (SWITCHBOARD_DEBUG=1 shows where)"})
public final class Main implements Runnable {
    /** The width help is written for: an 80-column terminal, the smallest an operator is likely to have. */
    static final int HELP_WIDTH = 80;
    static final String CONFIG_ENV = "SWITCHBOARD_CONFIG";

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Config file (default: $" + CONFIG_ENV + ", else /etc/switchboard/switchboard.toml).")
    Path config;

    @Option(names = "--state-dir", paramLabel = "DIR", scope = ScopeType.INHERIT, defaultValue = "/var/lib/switchboard",
            description = "Where switchboard keeps its state (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--socket", paramLabel = "PATH", scope = ScopeType.INHERIT, defaultValue = "/run/switchboard/control.sock",
            description = "The engine's control socket (default: ${DEFAULT-VALUE}).")
    Path socket;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    public Main(Map<String, String> environment) {
        this.environment = environment;
    }

    /** A variable of the environment the command runs in, or null. */
    String environment(String name) {
        return environment.get(name);
    }

    /**
     * The config file to use: --config, else $SWITCHBOARD_CONFIG, else the default path. An empty
     * one is a usage error: as a path it names the working directory ("is a directory"), and
     * falling back to the default would check a file the user did not mean.
     */
    Path configPath() {
        if (config != null) {
            if (config.toString().isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--config needs a file, e.g. --config /etc/switchboard/switchboard.toml");
            }
            return config;
        }
        String fromEnv = environment.get(CONFIG_ENV);
        if (fromEnv != null && fromEnv.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    CONFIG_ENV + " is set but empty: set it to a file, or unset it for " + dev.switchboard.config.ConfigLoader.DEFAULT_PATH);
        }
        return fromEnv != null ? Path.of(fromEnv) : dev.switchboard.config.ConfigLoader.DEFAULT_PATH;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed, e.g. 'switchboard check'");
    }

    public static void main(String[] args) {
        // Netty derives a machine id from a MAC address and warns when a namespace has none; any id will do
        if (System.getProperty("io.netty.machineId") == null) {
            System.setProperty("io.netty.machineId", "02:00:00:00:00:01");
        }
        System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given environment and streams; returns the exit code. */
    public static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main(environment));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("switchboard: internal error: " + e);
            if (environment.containsKey("SWITCHBOARD_DEBUG")) {
                e.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(set SWITCHBOARD_DEBUG=1 to see where)");
            }
            return 70; // EX_SOFTWARE: our bug, not the user's mistake
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (LinkageError e) { // jffi's or Netty's native library: the machine, not the user's input
            err.println("switchboard: cannot load a native library: " + e.getMessage());
            err.println("(its directory must be writable and not mounted noexec: set SWITCHBOARD_NATIVE_DIR)");
            if (environment.containsKey("SWITCHBOARD_DEBUG")) {
                e.printStackTrace(err);
            }
            code = 70;
        }
        out.flush();
        err.flush();
        return code;
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"switchboard " + (version == null ? "(development build)" : version)};
        }
    }
}
