package dev.switchboard.console;

import dev.switchboard.proxy.Stats;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the engine's view for the console: rates are the differences between two readings a
 * second apart. Used on the console's tick thread only, never the UI thread: the engine may
 * take its time to answer (a netlink dump, a socket, a change under way).
 */
final class Sampler {
    private final Operations ops;
    private Map<String, long[]> lastBytes = Map.of();
    private long lastBytesAt;
    private Stats.Snapshot lastStats;
    private Map<String, Double> connectionRates = Map.of();
    private Map<String, double[]> traffic = Map.of();

    Sampler(Operations ops) {
        this.ops = ops;
    }

    /**
     * The engine's view; with {@code rates}, the counters that rates are made of are read too
     * (once a second). What cannot be read goes to {@code problems}.
     */
    View read(boolean rates, Consumer<String> problems) {
        Stats.Snapshot stats = ops.stats(); // one reading: the rates are those of what is shown
        if (rates) {
            long now = System.nanoTime();
            try {
                Map<String, long[]> bytes = ops.linkBytes();
                if (lastBytesAt != 0) {
                    traffic = View.rates(lastBytes, bytes, now - lastBytesAt);
                }
                lastBytes = bytes;
                lastBytesAt = now;
            } catch (IOException e) {
                problems.accept("cannot read interface counters: " + e.getMessage());
            }
            if (lastStats != null) {
                Map<String, Double> rate = new HashMap<>();
                for (Stats.FrontendStats f : stats.frontends()) {
                    lastStats.frontend(f.name()).ifPresent(before -> {
                        for (Stats.BindStats b : f.binds()) {
                            before.binds().stream().filter(x -> x.bind().equals(b.bind())).findFirst().ifPresent(x -> rate.put(Dashboard.key(f.name(), b),
                                    Stats.perSecond(x.total(), b.total(), lastStats.nanos(), stats.nanos())));
                        }
                    });
                }
                connectionRates = rate;
            }
            lastStats = stats;
        }
        return new View(ops.summary(), ops.gateways(), traffic, stats, connectionRates, ops.replyRoutes(), ops.pending(),
                ops.changer(), List.of());
    }
}
