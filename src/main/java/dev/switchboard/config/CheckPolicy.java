package dev.switchboard.config;

/** Whether one answering target is enough for a probe round to count as a success, or all must answer. */
public enum CheckPolicy {
    ANY, ALL;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
