package dev.switchboard.cli;

import dev.switchboard.console.ConsoleApp;
import dev.switchboard.console.ReadOnly;
import dev.switchboard.control.ControlClient;
import dev.switchboard.control.ControlServer;
import dev.switchboard.control.Protocol;
import dev.switchboard.engine.Engine;
import dev.switchboard.diagnose.Doctor;
import dev.switchboard.diagnose.Snapshot;
import dev.switchboard.diagnose.SnapshotJson;
import dev.switchboard.net.Kernel;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code switchboard console}: the full-screen console, hosting the engine in this process. */
@Command(name = "console",
        description = {"Open the full-screen console: gateways, frontends and backends.",
                "It shows the live gateway table, the frontends and where their replies go, the backends, the"
                        + " interface editor, and plan -> apply -> keep/revert.",
                "It attaches to the running engine over its control socket when there is one (read-only unless"
                        + " root or in switchboard-admin). Otherwise it runs the engine in this process, with its"
                        + " control socket, so that `switchboard confirm` works from another session."},
        exitCodeList = {"0:quit (a pending try is rolled back first)", "1:refused: the config is invalid or cannot be applied, another"
                + " switchboard holds the state directory or the socket, or the control socket may not be opened", "2:usage error"})
final class ConsoleCommand extends Subcommand {
    @Mixin
    ConsoleLook look;

    @Option(names = "--read-only", description = "Look, but change nothing.")
    boolean readOnly;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N", description = "Event loop threads of the proxy (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--snapshot", paramLabel = "FILE",
            description = "Open the box a snapshot was taken of, read-only, with the banner `snapshot of HOST at TIME`.")
    java.nio.file.Path snapshot;

    @Override
    public Integer call() throws Exception {
        if (snapshot != null) {
            return showSnapshot();
        }
        Optional<ControlClient.Answer> whoami;
        try {
            whoami = ControlClient.ask(main.socket, "show whoami");
        } catch (IOException e) {
            // the socket is there but will not let us in (EACCES, most often): an engine may well run behind
            // it, so never start a second one beside it; say which socket, and who may open it
            boolean denied = !java.nio.file.Files.isWritable(main.socket);
            spec.commandLine().getErr().println("switchboard: cannot open the control socket " + main.socket + ": "
                    + (denied ? "Permission denied (members of group switchboard may)" : e.getMessage()));
            return 1;
        }
        if (whoami.isPresent()) {
            // an engine runs already (systemd's): attach to it; it decides who may change things
            boolean viewer = !whoami.get().text().strip().endsWith(" admin");
            ConsoleApp.attachOnTty(main.socket, look.ascii, look.mono, ReadOnly.of(readOnly, viewer), System.getenv(), this::doctorNow);
            return 0;
        }
        String who = Who.is("the console");
        LogTap news = new LogTap();
        news.takeJavaLogging();
        // the engine's news (health, binds, the kernel, changes) reach the console as typed events;
        // its log, a line per connection, is not for a screen
        Consumer<String> log = line -> { };
        Optional<Engine> started = EngineStart.start(main.configPath(), main.stateDir, main.socket, threads, log, who,
                spec.commandLine().getErr());
        if (started.isEmpty()) {
            return 1;
        }
        Engine engine = started.get();
        ControlServer control = null;
        try {
            control = ControlServer.start(main.socket, new Protocol(engine), log);
        } catch (IOException e) {
            news.accept("no control socket: " + e.getMessage() + " (the console runs on without it)");
        }
        Runnable end = EngineStart.endOnExit(engine, control, who, spec.commandLine().getErr());
        try {
            ConsoleApp.runOnTty(engine, who, news::attach, control == null ? Optional.empty() : Optional.of(main.socket.toAbsolutePath()), look.ascii, look.mono,
                    ReadOnly.of(readOnly, false), System.getenv(), this::doctorNow);
        } finally {
            end.run(); // never leave an unconfirmed change behind: it is undone before we go
        }
        return 0;
    }

    /** The console on a snapshot file: no engine, no kernel, no root; doctor's findings are the file's. */
    private int showSnapshot() throws IOException {
        Snapshot s;
        try {
            s = SnapshotJson.read(snapshot);
        } catch (SnapshotJson.Refused e) {
            spec.commandLine().getErr().println("switchboard: " + e.getMessage());
            return 1;
        }
        List<String> findings = doctorLines(s);
        ConsoleApp.showOnTty(s.engine(), "snapshot of " + s.host() + " at " + s.at(), s.config().orElse(""), s.audit(), look.ascii,
                look.mono, System.getenv(), () -> findings);
        return 0;
    }

    /** Doctor's checks of this box now, for the console's Doctor view: the same lines as `switchboard doctor`. */
    private List<String> doctorNow() throws Exception {
        try (Kernel kernel = Kernel.open()) {
            return doctorLines(Snapshots.take(main, kernel));
        }
    }

    static List<String> doctorLines(Snapshot s) {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("# " + s.host() + " at " + s.at() + "; engine state: " + s.stateFrom());
        Doctor.check(s).forEach(f -> lines.add(f.line()));
        return lines;
    }
}
