package dev.switchboard.config;

import java.time.Duration;
import java.util.List;

/**
 * An interface's {@code check}: how its gateway is judged alive or dead. Every {@code interval}
 * a probe round asks the {@code targets} (by default the gateway itself), each answer awaited at
 * most {@code timeout}; {@code fall} failed rounds in a row make the gateway dead, {@code rise}
 * good ones alive again. A round is good when any target answered, or all ({@code policy}).
 */
public record CheckSpec(CheckMethod method, List<CheckTarget> targets, Duration interval, Duration timeout,
        int rise, int fall, CheckPolicy policy) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_RISE = 2;
    public static final int DEFAULT_FALL = 3;

    public CheckSpec {
        targets = List.copyOf(targets);
    }
}
