package dev.switchboard.control;

/**
 * A viewer's user's share of the engine's time, as a token bucket shared by all of that user's
 * connections: {@code perSecond} tokens a second, at most {@code burst} saved up. A command costs a
 * token and waits for one; input is paid for after it is read (it may overdraw the bucket), and
 * the user's connections read nothing more until it is paid back. So whatever a viewer sends,
 * the engine spends on him a bounded share of its time, and he waits rather than it spinning.
 * Pure: the caller says what time it is (nanoTime).
 */
final class Budget {
    private final double perSecond;
    private final double burst;
    private double tokens;
    private long at;

    Budget(double perSecond, double burst, long now) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.at = now;
    }

    /** Takes a token for a command, if there is one. */
    synchronized boolean take(long now) {
        refill(now);
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Pays for what was already done (input read): the bucket may go below zero. */
    synchronized void spend(double cost, long now) {
        refill(now);
        tokens -= cost;
    }

    /** Nanoseconds until the bucket holds {@code level} tokens; 0 if it does now. */
    synchronized long nanosUntil(double level, long now) {
        refill(now);
        return tokens >= level ? 0 : (long) Math.ceil((level - tokens) / perSecond * 1e9);
    }

    private void refill(long now) {
        if (now - at > 0) {
            tokens = Math.min(burst, tokens + (now - at) * perSecond / 1e9);
            at = now;
        }
    }
}
