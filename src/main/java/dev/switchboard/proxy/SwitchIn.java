package dev.switchboard.proxy;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A reconfiguration's switch-in of its frontends. A new bind listens before it, and a connection
 * it accepts in between waits for it (a while at most) rather than be closed: then it is served,
 * or closed if the reconfiguration was refused.
 */
final class SwitchIn {
    /** How long an accepted connection waits for the switch-in. */
    static final long WAIT_SECONDS = 5;

    private final CompletableFuture<Boolean> outcome = new CompletableFuture<>();

    /** One already made: for binds of a frontend that is in. */
    static SwitchIn made() {
        SwitchIn in = new SwitchIn();
        in.done(true);
        return in;
    }

    /** The frontends are switched in ({@code true}), or the reconfiguration refused. */
    void done(boolean switched) {
        outcome.complete(switched);
    }

    boolean isDone() {
        return outcome.isDone();
    }

    /** How many connections wait for it. */
    int waiting() {
        return outcome.getNumberOfDependents();
    }

    /** {@code serve} on {@code ch}'s event loop once the outcome is known; {@code ch} closed if it is not in time. */
    void then(Channel ch, Runnable serve) {
        var giveUp = ch.eventLoop().schedule(() -> ch.close(), WAIT_SECONDS, TimeUnit.SECONDS);
        outcome.whenComplete((switched, e) -> ch.eventLoop().execute(() -> {
            if (giveUp.cancel(false)) {
                serve.run();
            }
        }));
    }
}
