package dev.switchboard.control;

import dev.switchboard.config.ConfigText;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineState;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The control socket's line protocol, in the spirit of HAProxy's runtime API: one command a line,
 * its answer as lines of text. An answer that failed starts with "error: ". Commands that change
 * things are for admins ({@link Peer#admin}); the others are for anyone who can open the socket.
 */
public final class Protocol {
    static final String HELP = """
            show gateways [json]     default routes by metric; * marks the one the kernel uses
            show frontends           binds: address, interface, listening or why not, connections; then where
                                     each bind's replies leave and what decides it (pin, policy table, main table)
            show backends            servers: state, since, connections
            show stat [IID TYPE SID] every counter, as HAProxy's CSV (its columns, in its order)
            show info                this process, as HAProxy's Key: value lines
            show servers state [BK]  the servers' runtime state, as HAProxy's
            show plan                what apply would change in the kernel
            show status              the config in force, a pending try, who is changing things
            show audit [N]           the last N entries of the audit log (default 20)
            apply                    apply the config file (kernel and proxy, all or nothing)
            try N                    apply the config file for N seconds unless confirmed
            confirm                  keep the pending try
            rollback                 end the pending try now; with none pending, nothing changes
            rollback N [S]           go back N confirmed configs, as a try of S seconds (default confirm_timeout)
            disable server BK/S      take a server out of the rotation (HAProxy's: no answer when done)
            enable server BK/S       put it back
            drain frontend F         stop accepting on F's binds; connections finish
            enable frontend F        undo a drain: F's binds listen again
            subscribe                from now on, events: kernel (links, routes, neighbours), changes, rollbacks
            set server BK/S state ready|maint   as enable/disable server (HAProxy's words)
            get weight BK/S          a server's weight (current, then initial)
            prompt                   HAProxy's interactive mode: "> " after each answer; again to leave
            quit                     close the connection (HAProxy's); "A;B" runs A then B; set timeout cli N is accepted
            help                     this list
            for consoles attached from another process:
            show state json          everything the engine shows, as one JSON document: gateways, binds and where
                                     their replies go, backends and servers, counters, the pending try, the
                                     engine's holder, recent events (what an attached console reads)
            show config              the confirmed config's text
            show whoami              who the engine takes you for, and whether you may change things
            plan-edit B64            the plan of an edited config (its text in base64)
            apply-edit B64           apply a config's text (the CLI's --config FILE); it is written to the file
            try-edit N B64           apply an edited config as a try of N seconds; kept, it is written to the file
            (apply, try, apply-edit and try-edit take "allow-empty" last to let a config that manages nothing through)
            """;

    /** The last word of apply, try, apply-edit or try-edit that lets an empty config through. */
    public static final String ALLOW_EMPTY = "allow-empty";
    static final int MAX_AUDIT_LINES = 100_000; // a count past this is a mistake, not a wish to read the whole log

    private final Engine engine;
    private final HaproxyCommands haproxy;

    public Protocol(Engine engine) {
        this.engine = engine;
        this.haproxy = new HaproxyCommands(engine);
    }

    /** Events for a "subscribe" connection, until the handle is closed. */
    AutoCloseable subscribe(java.util.function.Consumer<String> listener) {
        return engine.subscribe(e -> listener.accept(e.text()));
    }

    /** The answer to {@code line} from {@code peer}, each line ending in a newline. */
    public String answer(String line, Peer peer) {
        String[] w = line.strip().split("\\s+");
        String verb = w[0].toLowerCase(Locale.ROOT);
        String who = peer.user() + " via the control socket";
        try {
            return switch (verb) {
                case "" -> "";
                case "help" -> HELP;
                case "show" -> show(w, peer);
                case "plan-edit" -> text(engine.plan(edited(w, 1)));
                case "get" -> haproxy.get(w);
                case "set" -> w.length > 1 && w[1].equalsIgnoreCase("timeout") ? haproxy.setTimeout(w)
                        : peer.admin() ? haproxy.set(w, who) : refused(w, who, HaproxyCommands.PERMISSION_DENIED);
                case "disable", "enable" -> peer.admin() ? change(w, who)
                        : w.length > 1 && w[1].equalsIgnoreCase("server") ? refused(w, who, HaproxyCommands.PERMISSION_DENIED)
                        : refused(w, who, viewerRefusal(peer));
                case "apply", "try", "apply-edit", "try-edit", "confirm", "rollback", "drain" -> peer.admin()
                        ? change(w, who)
                        : refused(w, who, viewerRefusal(peer));
                default -> error("unknown command \"" + clip(w[0]) + "\"; \"help\" lists them");
            };
        } catch (IOException e) {
            return error(e.getMessage());
        } catch (IllegalArgumentException e) {
            return error("bad argument: " + e.getMessage());
        }
    }

    private static String viewerRefusal(Peer peer) {
        return "permission denied: " + peer.user() + " may only look (changes are for root and members of " + Peer.ADMIN_GROUP + ")";
    }

    private String show(String[] w, Peer peer) throws SysException, IOException {
        String what = w.length > 1 ? w[1].toLowerCase(Locale.ROOT) : "";
        return switch (what) {
            case "gateways" -> w.length > 2 && w[2].equalsIgnoreCase("json") ? Tables.gatewaysJson(engine.gateways()) : Tables.gateways(engine.gateways());
            case "frontends" -> Tables.frontends(engine.stats()) + (engine.state().replies().isEmpty() ? ""
                    : "\n" + Tables.replies(engine.state().replies(), engine.state().gateways()));
            case "backends" -> Tables.backends(engine.stats());
            case "stat" -> haproxy.stat(w);
            case "info" -> haproxy.info();
            case "servers" -> haproxy.serversState(w);
            case "plan" -> text(engine.plan());
            case "status" -> status();
            case "state" -> StateJson.encode(engine.state()) + "\n";
            case "config" -> engine.confirmedText();
            case "whoami" -> peer.user() + (peer.admin() ? " admin" : " viewer") + "\n";
            case "audit" -> {
                int n = w.length > 2 ? number(w[2], -1) : 20; // not a number, or past an int: refused as such
                if (n < 1 || n > MAX_AUDIT_LINES) {
                    yield error("show audit [N]: N is how many of its last lines, 1 to " + MAX_AUDIT_LINES);
                }
                List<String> lines = engine.auditTail(n);
                yield lines.isEmpty() ? "the audit log is empty\n" : String.join("\n", lines) + "\n";
            }
            default -> error("show what? gateways, frontends, backends, stat, plan, status, audit, state json");
        };
    }

    private String status() {
        StringBuilder b = new StringBuilder("config: ").append(engine.running().summary()).append('\n');
        b.append("file: ").append(engine.configPath()).append('\n');
        b.append("pid: ").append(ProcessHandle.current().pid()).append('\n');
        EngineState state = engine.state();
        state.pending().ifPresentOrElse(p -> b.append("try: ").append(p.describe()).append('\n'), () -> b.append("try: none\n"));
        b.append("changing: ").append(state.changing().orElse("nobody")).append('\n');
        return b.toString();
    }

    private String change(String[] words, String who) throws IOException {
        // "allow-empty" at the end lets through a config that would leave nothing managed
        boolean allowEmpty = words.length > 1 && words[words.length - 1].equalsIgnoreCase(ALLOW_EMPTY);
        String[] w = allowEmpty ? Arrays.copyOf(words, words.length - 1) : words;
        String verb = w[0].toLowerCase(Locale.ROOT);
        return switch (verb) {
            case "apply" -> text(engine.apply(null, who, allowEmpty));
            case "apply-edit" -> text(engine.apply(edited(w, 1), who, allowEmpty));
            case "confirm" -> text(engine.confirm(who));
            case "try-edit" -> {
                int seconds = w.length > 2 ? number(w[1], -1) : -1;
                yield seconds < 1 || seconds > 3600 ? error("try-edit N BASE64: N is the seconds to confirm in, 1 to 3600")
                        : text(engine.tryApply(edited(w, 2), seconds, who, allowEmpty));
            }
            case "try" -> {
                int seconds = w.length > 1 ? number(w[1], -1) : -1;
                yield seconds < 1 || seconds > 3600 ? error("try N: N is the seconds to confirm in, 1 to 3600")
                        : text(engine.tryApply(null, seconds, who, allowEmpty));
            }
            case "rollback" -> {
                if (w.length == 1) {
                    yield text(engine.endTry(who));
                }
                int back = number(w[1], -1);
                int seconds = w.length > 2 ? number(w[2], -1) : engine.running().appliance().confirmTimeoutSeconds();
                yield back < 1 ? error("rollback N [SECONDS]: N counts confirmed configs back, 1 or more")
                        : seconds < 1 || seconds > 3600 ? error("rollback N SECONDS: SECONDS to confirm in, 1 to 3600")
                        : text(engine.rollback(back, seconds, who));
            }
            case "enable" -> w.length == 3 && w[1].equalsIgnoreCase("frontend") ? text(engine.undrain(w[2], who))
                    : server(w, verb, who);
            case "disable" -> server(w, verb, who);
            default -> w.length == 3 && w[1].equalsIgnoreCase("frontend") ? text(engine.drain(w[2], who)) : error("drain frontend NAME");
        };
    }

    /** enable/disable server BK/S: HAProxy's command, so HAProxy's answers (nothing when done). */
    private String server(String[] w, String verb, String who) {
        return w.length > 1 && w[1].equalsIgnoreCase("server") ? haproxy.toggle(w, verb.equals("enable"), who)
                : error(verb + " server BACKEND/SERVER" + (verb.equals("enable") ? ", or enable frontend NAME" : ""));
    }

    /**
     * A change the peer may not make: refused, and in the audit log with who asked for what, at
     * most one line a minute for each user, with the count of those not written: a viewer who
     * loops on "apply" must not fill the state directory.
     */
    private String refused(String[] w, String who, String why) {
        String what = clip(String.join(" ", Arrays.copyOf(w, Math.min(w.length, 3))));
        long now = System.nanoTime();
        long[] seen = refusals.computeIfAbsent(who, k -> new long[] {now - REFUSAL_AUDIT_EVERY, 0});
        synchronized (seen) {
            if (now - seen[0] >= REFUSAL_AUDIT_EVERY) {
                engine.recordRefusal(who, what, why + (seen[1] > 0 ? " (and " + seen[1] + " more refused since the last such line)" : ""));
                seen[0] = now;
                seen[1] = 0;
            } else {
                seen[1]++;
            }
        }
        return why.equals(HaproxyCommands.PERMISSION_DENIED) ? why + "\n" : error(why);
    }

    private static final long REFUSAL_AUDIT_EVERY = TimeUnit.MINUTES.toNanos(1);
    private final Map<String, long[]> refusals = new ConcurrentHashMap<>();

    /** The base64 of the largest config text: a line of the socket holds it (see ControlServer.MAX_LINE). */
    static final int MAX_EDITED_BASE64 = 4 * ((ConfigText.MAX_BYTES + 2) / 3);

    /**
     * The config text a console sends, base64 in word {@code at}: one line, whatever the text holds.
     * Held to what a config file may be (1 MiB of UTF-8 text), so that a viewer's plan-edit costs
     * the engine no more than reading a file does.
     */
    private static String edited(String[] w, int at) throws ConfigText.Refused {
        if (w.length <= at) {
            throw new IllegalArgumentException("the edited config is missing (base64)");
        }
        if (w[at].length() > MAX_EDITED_BASE64) { // refused before a byte is decoded
            String b64 = w[at];
            throw ConfigText.tooLarge(EDITED, b64.length() / 4L * 3 - (b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0));
        }
        return ConfigText.decode(java.util.Base64.getDecoder().decode(w[at]), EDITED);
    }

    private static final String EDITED = "the edited config";

    static String text(Engine.Outcome o) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < o.lines().size(); i++) {
            b.append(i == 0 && !o.ok() ? "error: " : "").append(o.lines().get(i)).append('\n');
        }
        return o.lines().isEmpty() && !o.ok() ? "error: failed\n" : b.toString();
    }

    private static int number(String s, int otherwise) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    static String error(String message) {
        return "error: " + message + "\n";
    }

    private static String clip(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }
}
