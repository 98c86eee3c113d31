package dev.switchboard.health;

import dev.switchboard.config.CheckTarget;
import java.time.Duration;
import java.util.Optional;

/** One target's answer in a probe round: its round trip, or why there was none. */
public record ProbeResult(CheckTarget target, Optional<Duration> rtt, String error) {

    public static ProbeResult answered(CheckTarget target, Duration rtt) {
        return new ProbeResult(target, Optional.of(rtt), "");
    }

    public static ProbeResult failed(CheckTarget target, String error) {
        return new ProbeResult(target, Optional.empty(), error);
    }

    public boolean ok() {
        return rtt.isPresent();
    }

    /** {@code 198.18.0.5: no answer within 1 s}, for the status's detail. */
    public String describe() {
        return target + ": " + (ok() ? "answered" : error);
    }
}
