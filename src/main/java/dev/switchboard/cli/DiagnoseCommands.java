package dev.switchboard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.diagnose.Doctor;
import dev.switchboard.diagnose.Finding;
import dev.switchboard.diagnose.Snapshot;
import dev.switchboard.diagnose.SnapshotJson;
import dev.switchboard.net.Kernel;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The troubleshooting commands: snapshot (the box in one file) and doctor (what is wrong, from one). */
final class DiagnoseCommands {
    private DiagnoseCommands() {}

    @Command(name = "snapshot",
            description = {"Write the whole box as one JSON file: the engine's state (from its socket, or built from the kernel",
                    "and the config when none runs), every link, address, route of every table, rule and neighbour, the",
                    "sysctls doctor reads, the config's text, versions, host name and time. Read it anywhere with",
                    "`doctor --snapshot FILE` or `status --snapshot FILE`."},
            exitCodeList = {"0:written", "1:the kernel could not be read or the file could not be written", "2:usage error"})
    static final class SnapshotCommand extends KernelCommands.KernelCommand {
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the snapshot to FILE (default: standard output).")
        Path output;

        @Override
        int run(Kernel kernel) throws SysException, IOException {
            Snapshot snapshot = Snapshots.take(main, kernel);
            if (output == null) {
                out().print(SnapshotJson.encode(snapshot));
            } else {
                SnapshotJson.write(snapshot, output);
                err().println("switchboard: snapshot of " + snapshot.host() + " at " + snapshot.at() + " written to " + output);
            }
            return 0;
        }
    }

    @Command(name = "doctor",
            description = {"Diagnose the box, live or from a snapshot: one line per finding,",
                    "`fail|warn|ok  SUBJECT  what is wrong  (fix: the exact command or config change)`."},
            exitCodeList = {"0:nothing fails (warnings may remain, unless --strict)",
                    "1:something fails (with --strict, a warning too), or the kernel or the snapshot could not be read",
                    "2:usage error"})
    static final class DoctorCommand extends KernelCommands.LiveOrSnapshot {
        @Option(names = "--strict", description = "Warnings fail too (exit 1), as haproxy -c -dW.")
        boolean strict;

        @Option(names = "--json", description = "Print JSON for scripts.")
        boolean json;

        @Override
        int run(Kernel kernel) throws SysException, IOException {
            return report(Snapshots.take(main, kernel));
        }

        @Override
        int report(Snapshot s) {
            List<Finding> findings = Doctor.check(s);
            boolean fails = Doctor.fails(findings, strict);
            if (json) {
                out().println(json(s, findings, fails));
            } else {
                out().println("# " + s.host() + " at " + s.at() + "; engine state: " + s.stateFrom());
                findings.forEach(f -> out().println(f.line()));
            }
            return fails ? 1 : 0;
        }

        private static String json(Snapshot s, List<Finding> findings, boolean fails) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.createObjectNode();
            out.put("host", s.host()).put("at", s.at().toString()).put("stateFrom", s.stateFrom()).put("fails", fails);
            ArrayNode list = out.putArray("findings");
            for (Finding f : findings) {
                ObjectNode n = list.addObject().put("level", f.level().word()).put("subject", f.subject()).put("what", f.what());
                f.fix().ifPresentOrElse(x -> n.put("fix", x), () -> n.putNull("fix"));
            }
            return out.toString();
        }
    }
}
