package dev.switchboard.console;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineState;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.proxy.Stats;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the dashboard shows, at one moment: values only, so that drawing is pure.
 * {@code traffic}: bytes per second {rx, tx} per interface; {@code connectionRates}: new
 * connections per second per frontend; {@code givenUp}: what the engine no longer puts back.
 */
record View(String summary, List<GatewayRow> gateways, Map<String, double[]> traffic, Stats.Snapshot stats,
        Map<String, Double> connectionRates, List<ReplyRoute> replies, Optional<Engine.PendingTry> pending,
        Optional<String> changer, List<String> events, List<String> givenUp) {

    /** Nothing given up on: everything removed is put back. */
    View(String summary, List<GatewayRow> gateways, Map<String, double[]> traffic, Stats.Snapshot stats, Map<String, Double> connectionRates,
            List<ReplyRoute> replies, Optional<Engine.PendingTry> pending, Optional<String> changer, List<String> events) {
        this(summary, gateways, traffic, stats, connectionRates, replies, pending, changer, events, List.of());
    }

    /** The same moment with the console's own list of engine events. */
    View withEvents(List<String> list) {
        return new View(summary, gateways, traffic, stats, connectionRates, replies, pending, changer, list, givenUp);
    }

    /**
     * What the console draws: the engine's state, with the rates the console worked out from
     * its last readings and the events it heard. Pure.
     */
    static View of(EngineState s, Map<String, double[]> traffic, Map<String, Double> connectionRates, List<String> events) {
        return new View(s.summary(), s.gateways(), traffic, s.stats(), connectionRates, s.replies(), s.pending(), s.changing(), events,
                s.converged().givenUp());
    }

    /** Rates from two readings of the interfaces' counters taken {@code nanos} apart. Pure. */
    static Map<String, double[]> rates(Map<String, EngineState.LinkBytes> before, Map<String, EngineState.LinkBytes> after, long nanos) {
        Map<String, double[]> out = new java.util.HashMap<>();
        after.forEach((name, now) -> {
            EngineState.LinkBytes then = before.get(name);
            if (then != null && nanos > 0) {
                out.put(name, new double[] {Stats.perSecond(then.rx(), now.rx(), 0, nanos), Stats.perSecond(then.tx(), now.tx(), 0, nanos)});
            }
        });
        return out;
    }

    /** 1.2M, 340K, 12: bytes or counts per second in four characters or so. */
    static String human(double perSecond) {
        if (perSecond >= 1e9) {
            return String.format(java.util.Locale.ROOT, "%.1fG", perSecond / 1e9);
        }
        if (perSecond >= 1e6) {
            return String.format(java.util.Locale.ROOT, "%.1fM", perSecond / 1e6);
        }
        if (perSecond >= 1e4) {
            return String.format(java.util.Locale.ROOT, "%.0fK", perSecond / 1e3);
        }
        return String.format(java.util.Locale.ROOT, "%.0f", perSecond);
    }
}
