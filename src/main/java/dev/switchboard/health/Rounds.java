package dev.switchboard.health;

import dev.switchboard.config.CheckTarget;
import java.util.ArrayList;
import java.util.List;

/** Helpers the probes share to turn a round's partial answers into one result per target. */
final class Rounds {
    private Rounds() {}

    static List<ProbeResult> allFailed(List<CheckTarget> targets, String why) {
        return targets.stream().map(t -> ProbeResult.failed(t, why)).toList();
    }

    /** The results, with {@code why} for each target that has none. */
    static List<ProbeResult> fillFailed(List<CheckTarget> targets, ProbeResult[] results, String why) {
        List<ProbeResult> out = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            out.add(results[i] != null ? results[i] : ProbeResult.failed(targets.get(i), why));
        }
        return out;
    }
}
