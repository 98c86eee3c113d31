package dev.switchboard.health;

import dev.switchboard.config.CheckTarget;
import java.time.Duration;
import java.util.List;

/**
 * One way of asking a gateway's targets, for one interface. A round asks every target once and
 * waits at most {@code timeout} for all of them together; it never throws: whatever goes wrong
 * (a socket refused, an interface gone) is the failure of the targets it concerns, in words.
 */
public interface Probe extends AutoCloseable {

    /** One result per target, in the targets' order. */
    List<ProbeResult> round(List<CheckTarget> targets, Duration timeout);

    @Override
    default void close() {}

    /** {@code 1 s}, {@code 0.25 s}: how long was waited, in a failure's words. */
    static String seconds(Duration d) {
        return (d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0)) + " s";
    }
}
