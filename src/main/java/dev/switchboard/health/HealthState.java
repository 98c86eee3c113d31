package dev.switchboard.health;

import java.util.Locale;

/**
 * What is known of a gateway. Only {@link #DEAD} moves its default route: a gateway not judged
 * yet ({@link #CHECKING}) or never judged ({@link #UNCHECKED}) keeps its configured metric.
 */
public enum HealthState {
    UNCHECKED, CHECKING, ALIVE, DEAD;

    /** As shown and as JSON says it: lower case. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
