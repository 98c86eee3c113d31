package dev.switchboard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.AtomicFile;
import dev.switchboard.diagnose.Doctor;
import dev.switchboard.diagnose.Explain;
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
import picocli.CommandLine.ParameterException;

/** The troubleshooting commands: snapshot (the box in one file) and doctor (what is wrong, from one). */
final class DiagnoseCommands {
    private DiagnoseCommands() {}

    @Command(name = "snapshot",
            description = {"Write the whole box as one JSON file, to diagnose elsewhere.",
                    "The file holds the engine's state (from its socket, or built from the kernel and the config when"
                            + " none runs), every link, address, route of every table, rule and neighbour, the sysctls"
                            + " doctor reads, the config's text, its history and the audit log's end, versions, host name and time.",
                    "Read it anywhere with `doctor`, `status`, `explain` or `console` --snapshot FILE."},
            exitCodeList = {"0:written", "1:the kernel could not be read, or the file or standard output could not be written"
                    + " (FILE is a device, FIFO or directory, or its directory is missing)", "2:usage error (-o with an empty name)"})
    static final class SnapshotCommand extends KernelCommands.KernelCommand {
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the snapshot to FILE, whole or not at all"
                + " (through a symlink, to the file it points to); `-` or no -o: standard output.")
        String output;

        @Override
        public Integer call() {
            if (output != null && output.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "-o needs a file name, or - for standard output");
            }
            return super.call();
        }

        @Override
        int run(Kernel kernel) throws SysException, IOException {
            Snapshot snapshot = Snapshots.take(main, kernel);
            if (output == null || output.equals("-")) {
                out().print(SnapshotJson.encode(snapshot));
                out().flush();
                if (out().checkError()) { // PrintWriter keeps its errors (a full disk, a closed pipe) to itself
                    err().println("switchboard: could not write the snapshot to standard output");
                    return 1;
                }
                return 0;
            }
            try {
                SnapshotJson.write(snapshot, Path.of(output));
            } catch (AtomicFile.NotARegularFile e) {
                err().println("switchboard: " + e.getMessage() + "; snapshot writes standard output without -o");
                return 1;
            }
            err().println("switchboard: snapshot of " + snapshot.host() + " at " + snapshot.at() + " written to " + output);
            return 0;
        }
    }

    @Command(name = "doctor",
            description = {"Diagnose the box, live or from a snapshot.",
                    "It prints one line per finding: `fail|warn|ok  SUBJECT  what is wrong  (fix: the exact command"
                            + " or config change)`."},
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

    @Command(name = "explain",
            description = {"Explain how each bind's reply to CLIENT leaves, and why.",
                    "For each bind (of --frontend F, or all) it says the mechanism that decides (pin, policy rule, main table), the route, interface, gateway and"
                            + " source address, and whether that is the interface the bind's traffic comes in on, with the fix"
                            + " when it is not.",
                    "Live it is the kernel's answer (RTM_GETROUTE); with --snapshot, the same lookup done over the snapshot's"
                            + " rules and tables."},
            exitCodeList = {"0:every reply leaves by the interface its traffic arrives on", "1:one does not, or has no route; or the kernel"
                    + " or the snapshot could not be read", "2:usage error (CLIENT not an address literal, or a multicast, broadcast or unspecified one; no such frontend)",
                    "70:the kernel and switchboard's own lookup disagree (a bug: please report it with a snapshot)"})
    static final class ExplainCommand extends KernelCommands.KernelCommand {
        @picocli.CommandLine.Parameters(paramLabel = "CLIENT", description = "The client's address (a literal: no DNS).")
        String client;

        @Option(names = "--frontend", paramLabel = "F", description = "Only the binds of frontend F.")
        String frontend;

        @Option(names = "--snapshot", paramLabel = "FILE", description = "Explain the box this snapshot was taken of, not this one.")
        Path snapshot;

        @Override
        public Integer call() {
            if (dev.switchboard.config.IpLiteral.parse(client).isEmpty()) {
                java.util.Optional<java.net.InetAddress> alone = dev.switchboard.config.HostPort.addressOfPeer(client);
                err().println("switchboard: explain: CLIENT \"" + SnapshotJson.clean(client) + "\" " + (alone.isPresent()
                        ? "is an address and a port: give the address alone, " + dev.switchboard.config.IpLiteral.format(alone.get())
                                + " (a reply's path does not depend on the port)"
                        : "is not an IP address literal (names are not looked up)"));
                return 2;
            }
            java.util.Optional<String> notAClient = notAClient(dev.switchboard.config.IpLiteral.parse(client).orElseThrow());
            if (notAClient.isPresent()) {
                err().println("switchboard: explain: CLIENT " + client + " is " + notAClient.get()
                        + ": no TCP client connects from one; give the address a client connects from");
                return 2;
            }
            if (snapshot == null) {
                return super.call();
            }
            try {
                return report(SnapshotJson.read(snapshot), null, "from the snapshot (switchboard's own lookup over its rules and tables)");
            } catch (SnapshotJson.Refused | SysException e) {
                err().println("switchboard: " + e.getMessage());
                return 1;
            }
        }

        @Override
        int run(Kernel kernel) throws SysException, IOException {
            return report(Snapshots.take(main, kernel), kernel, "live (the kernel's answer)");
        }

        /**
         * What a TCP peer's address can never be. The kernel answers a route lookup for such an address with a
         * broadcast, multicast or local route that no reply to a client takes, so there is nothing to explain.
         */
        static java.util.Optional<String> notAClient(java.net.InetAddress a) {
            if (a.isMulticastAddress()) {
                return java.util.Optional.of("a multicast address");
            }
            if (a.isAnyLocalAddress()) {
                return java.util.Optional.of("the unspecified address");
            }
            byte[] b = a.getAddress();
            boolean allOnes = b.length == 4 && (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff;
            return allOnes ? java.util.Optional.of("the broadcast address") : java.util.Optional.empty();
        }

        private int report(Snapshot s, Kernel kernel, String how) throws SysException {
            java.net.InetAddress to = dev.switchboard.config.IpLiteral.parse(client).orElseThrow();
            java.util.Optional<String> only = java.util.Optional.ofNullable(frontend);
            List<Explain.Path> paths = Explain.paths(s.engine().replies(), s.net(), to, only);
            if (only.isPresent() && paths.isEmpty()) {
                List<String> known = s.engine().replies().stream().map(r -> r.frontend()).distinct().toList();
                err().println("switchboard: explain: no frontend " + SnapshotJson.clean(frontend) + " with binds"
                        + (known.isEmpty() ? " (the config has none)" : "; frontends: " + String.join(", ", known)));
                return 2;
            }
            out().println("# replies to " + client + " on " + s.host() + " at " + s.at() + ", " + how);
            boolean good = true;
            java.util.Set<String> dead = dev.switchboard.engine.Gateways.dead(s.engine().gateways());
            int bug = 0;
            for (Explain.Path p : paths) {
                Explain.Path shown = p;
                if (kernel != null && Explain.asked(p)) {
                    shown = Explain.withKernel(p, kernel.routeGet(p.query()));
                    if (!Explain.agree(shown.answer(), p.answer())) {
                        err().println("switchboard: bug: for " + p.subject() + " the kernel answers " + Explain.brief(shown.answer(), s.net())
                                + " but switchboard's own lookup " + Explain.brief(p.answer(), s.net()) + ": please report it with a snapshot");
                        bug = 70;
                    }
                }
                Explain.lines(shown, s.net(), to, dead).forEach(out()::println);
                good &= Explain.good(shown, s.net());
            }
            if (paths.isEmpty()) {
                out().println("no binds: " + (s.config().isPresent() ? "the config has no frontends" : "no config could be read"));
                return 1; // nothing was explained
            }
            if (paths.stream().noneMatch(Explain::asked)) {
                out().println("no bind listens on " + (to instanceof java.net.Inet4Address ? "IPv4" : "IPv6") + ": " + client
                        + " reaches none of " + (only.isPresent() ? "these binds" : "the binds") + ", so no reply to explain");
                return 1; // nothing was explained
            }
            return bug != 0 ? bug : good ? 0 : 1;
        }
    }
}
