package dev.switchboard.control;

/**
 * A viewer's user's share of the engine's time, as a token bucket shared by all of that user's
 * connections (a connection of its own for each command would otherwise start full each time):
 * {@code perSecond} tokens a second, at most {@code burst} saved up. A command and a read each
 * reserve a token, in turn: the bucket may go below zero, and the one who reserved waits until
 * his token is earned, so that the user's connections are served first come, first served and
 * none of them waits for ever. What a read cost beyond its token is paid after. So whatever a
 * viewer sends, the engine spends on him a bounded share of its time, and he waits rather than
 * it spinning. Pure: the caller says what time it is (nanoTime).
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

    /** Reserves {@code cost}: nanoseconds until it is earned, 0 if it is now. */
    synchronized long reserve(double cost, long now) {
        refill(now);
        tokens -= cost;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perSecond * 1e9);
    }

    /** Pays what was spent beyond a reservation, or (below zero) gives back what was not. */
    synchronized void spend(double cost, long now) {
        refill(now);
        tokens -= cost;
    }

    private void refill(long now) {
        if (now - at > 0) {
            tokens = Math.min(burst, tokens + (now - at) * perSecond / 1e9);
            at = now;
        }
    }
}
