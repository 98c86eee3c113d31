package dev.switchboard.console;

import dev.switchboard.engine.EngineState;
import dev.switchboard.proxy.Stats;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the engine's state for the console and works the rates out: the differences between
 * two readings of its counters. Used on the console's tick thread only, never the UI thread:
 * an attached console's state comes over a socket.
 */
final class Sampler {
    private final Operations ops;
    private Map<String, EngineState.LinkBytes> lastBytes = Map.of();
    private long lastBytesAt;
    private Stats.Snapshot lastStats;
    private Map<String, Double> connectionRates = Map.of();
    private Map<String, double[]> traffic = Map.of();

    Sampler(Operations ops) {
        this.ops = ops;
    }

    /**
     * The engine's state as a view; with {@code rates}, the rates are worked out again (once a
     * second). A state not published again since the last sample (the engine busy with a change)
     * keeps the rates as they were.
     */
    View read(boolean rates) {
        EngineState s = ops.state();
        if (rates) {
            if (s.linksNanos() != lastBytesAt) {
                if (lastBytesAt != 0) {
                    traffic = View.rates(lastBytes, s.links(), s.linksNanos() - lastBytesAt);
                }
                lastBytes = s.links();
                lastBytesAt = s.linksNanos();
            }
            Stats.Snapshot stats = s.stats();
            if (lastStats != null && stats.nanos() != lastStats.nanos()) {
                connectionRates = connectionRates(lastStats, stats);
            }
            if (lastStats == null || stats.nanos() != lastStats.nanos()) {
                lastStats = stats;
            }
        }
        return View.of(s, traffic, connectionRates, List.of());
    }

    private static Map<String, Double> connectionRates(Stats.Snapshot before, Stats.Snapshot after) {
        Map<String, Double> rates = new HashMap<>();
        for (Stats.FrontendStats f : after.frontends()) {
            before.frontend(f.name()).ifPresent(then -> {
                for (Stats.BindStats b : f.binds()) {
                    then.binds().stream().filter(x -> x.bind().equals(b.bind())).findFirst().ifPresent(x -> rates.put(Dashboard.key(f.name(), b),
                            Stats.perSecond(x.total(), b.total(), before.nanos(), after.nanos())));
                }
            });
        }
        return rates;
    }
}
