package dev.switchboard.engine;

import dev.switchboard.proxy.Stats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the engine shows, at one moment: immutable, published by the engine's loop after
 * each change, kernel event and second, and read by anyone without a lock ({@link Engine#state}).
 * The console draws it, {@code show state json} sends it whole, an attached console reads it back.
 *
 * @param summary the config in force, in a few words
 * @param configFile the config file it was read from
 * @param at when the state was published
 * @param gateways the default routes, each with its link's and neighbour's health
 * @param linksNanos System.nanoTime() of the kernel's reading of {@code links}, for rates
 * @param links bytes received and sent so far per interface
 * @param stats the proxy's counters: frontends with their binds, backends, servers
 * @param replies where each bind's replies leave, flagged where that is not where its traffic arrives
 * @param pending the try waiting for its confirm
 * @param changing who is changing things now
 * @param engine who holds the state directory (this engine, as its lock file says)
 * @param events the recent events, oldest first
 * @param converged what keeping the kernel converged put back, failed to, and gave up on
 */
public record EngineState(String summary, String configFile, Instant at, List<GatewayRow> gateways, long linksNanos,
        Map<String, LinkBytes> links, Stats.Snapshot stats, List<ReplyRoute> replies, Optional<Engine.PendingTry> pending,
        Optional<String> changing, Optional<EngineLock.Holder> engine, List<Logged> events, KeptConverged converged) {

    public EngineState {
        gateways = List.copyOf(gateways);
        links = Map.copyOf(links);
        replies = List.copyOf(replies);
        events = List.copyOf(events);
        converged = converged == null ? KeptConverged.NONE : converged; // a state written before it was said
    }

    /** A state with nothing put back (no engine keeps this kernel converged). */
    public EngineState(String summary, String configFile, Instant at, List<GatewayRow> gateways, long linksNanos,
            Map<String, LinkBytes> links, Stats.Snapshot stats, List<ReplyRoute> replies, Optional<Engine.PendingTry> pending,
            Optional<String> changing, Optional<EngineLock.Holder> engine, List<Logged> events) {
        this(summary, configFile, at, gateways, linksNanos, links, stats, replies, pending, changing, engine, events, KeptConverged.NONE);
    }

    /** An interface's counters. */
    public record LinkBytes(long rx, long tx) {}

    /** An event as kept among the recent ones: its number (counting from the engine's start) and when. */
    public record Logged(long seq, Instant at, EngineEvent event) {}

    /** Nothing known yet (a console still connecting), said in {@code summary}. */
    public static EngineState empty(String summary) {
        return new EngineState(summary, "", Instant.EPOCH, List.of(), 0, Map.of(), new Stats.Snapshot(0, List.of(), List.of(), List.of()),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    /** The same state, said in other words (an attached console names its engine; an unreachable one says so). */
    public EngineState withSummary(String newSummary) {
        return new EngineState(newSummary, configFile, at, gateways, linksNanos, links, stats, replies, pending, changing, engine, events,
                converged);
    }
}
