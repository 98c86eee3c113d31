package dev.switchboard.engine;

import java.util.List;

/**
 * What keeping the kernel converged has done since the engine started: how many managed routes
 * and addresses it put back, how many put-backs failed (each tried again the next second), and
 * what it gave up on until the next change of config (removed {@link GatewayWatch#MAX_PUT_BACKS}
 * times within a minute: another daemon fights over it).
 */
public record KeptConverged(long putBack, long failed, List<String> givenUp) {
    public static final KeptConverged NONE = new KeptConverged(0, 0, List.of());

    public KeptConverged {
        givenUp = givenUp == null ? List.of() : List.copyOf(givenUp);
    }

    /** {@code kept converged: 3 put back, 1 failed}, then what is no longer put back, if anything. */
    public List<String> lines() {
        String counts = "kept converged: " + putBack + " put back, " + failed + " failed";
        if (givenUp.isEmpty()) {
            return List.of(counts);
        }
        return List.of(counts, "NOT PUT BACK any more (removed " + GatewayWatch.MAX_PUT_BACKS + " times within a minute): "
                + String.join(", ", givenUp) + "; the next apply puts it back");
    }
}
