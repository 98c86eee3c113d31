package dev.switchboard.diagnose;

import dev.switchboard.engine.EngineState;
import dev.switchboard.engine.Recorded;
import dev.switchboard.net.NetState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole box at one moment, as {@code switchboard snapshot} writes it and {@code doctor},
 * {@code status} read it back on any machine: the engine's state, the kernel's links, addresses,
 * routes of every table, rules and neighbours, the sysctls doctor reads, the config's text.
 *
 * @param format always {@link #FORMAT}: a file that does not say so is not ours
 * @param version the layout's version, {@link #VERSION}
 * @param at when it was taken
 * @param host the host name (/proc/sys/kernel/hostname)
 * @param versions of switchboard, the kernel and Java
 * @param engineRunning whether an engine answered: if not, {@code engine} was built from the kernel and the config, with no proxy
 * @param stateFrom where {@code engine} came from, in words
 * @param engine the engine's state ({@code show state json}), or as built without one
 * @param orphanTry a try whose switchboard died, as the state directory tells it
 * @param net the kernel, from one dump
 * @param sysctls the sysctls of {@link Sysctls#wanted}, by name, as read
 * @param configFile the config file's path
 * @param config its text, if it could be read
 * @param drift what {@code switchboard plan} said then, one line a change (empty: the kernel matched the config); absent
 *     if it could not say (no config, or one it refused)
 * @param history the confirmed configs the state directory keeps, newest (the one in force) first, at most {@link
 *     Recorded#HISTORY_BYTES} of them
 * @param audit the audit log's last lines (who applied, tried, confirmed, rolled back what, when)
 */
public record Snapshot(String format, int version, Instant at, String host, Versions versions, boolean engineRunning,
        String stateFrom, EngineState engine, Optional<String> orphanTry, NetState net, Map<String, String> sysctls,
        String configFile, Optional<String> config, Optional<List<String>> drift, List<Recorded.Config> history, List<String> audit) {
    /** How many of the audit log's lines a snapshot keeps. */
    public static final int AUDIT_LINES = 500;
    public static final String FORMAT = "switchboard-snapshot";
    public static final int VERSION = 1;

    public Snapshot {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(stateFrom, "stateFrom");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(orphanTry, "orphanTry");
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(config, "config");
        drift = Objects.requireNonNull(drift, "drift").map(List::copyOf);
        sysctls = new TreeMap<>(Objects.requireNonNull(sysctls, "sysctls"));
        sysctls = java.util.Collections.unmodifiableMap(sysctls);
        history = List.copyOf(Objects.requireNonNull(history, "history"));
        audit = List.copyOf(Objects.requireNonNull(audit, "audit"));
    }

    /** A snapshot of this layout, without the state directory's past. */
    public static Snapshot of(Instant at, String host, Versions versions, boolean engineRunning, String stateFrom, EngineState engine,
            Optional<String> orphanTry, NetState net, Map<String, String> sysctls, String configFile, Optional<String> config,
            Optional<List<String>> drift) {
        return of(at, host, versions, engineRunning, stateFrom, engine, orphanTry, net, sysctls, configFile, config, drift, List.of(),
                List.of());
    }

    /** A snapshot of this layout. */
    public static Snapshot of(Instant at, String host, Versions versions, boolean engineRunning, String stateFrom, EngineState engine,
            Optional<String> orphanTry, NetState net, Map<String, String> sysctls, String configFile, Optional<String> config,
            Optional<List<String>> drift, List<Recorded.Config> history, List<String> audit) {
        return new Snapshot(FORMAT, VERSION, at, host, versions, engineRunning, stateFrom, engine, orphanTry, net, sysctls, configFile,
                config, drift, history, audit);
    }

    /** What was running. */
    public record Versions(String switchboard, String kernel, String java) {
        public Versions {
            Objects.requireNonNull(switchboard, "switchboard");
            Objects.requireNonNull(kernel, "kernel");
            Objects.requireNonNull(java, "java");
        }
    }
}
