package dev.switchboard.health;

import dev.switchboard.config.CheckPolicy;
import dev.switchboard.config.CheckSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One gateway's judgement, from probe rounds and carrier changes. Pure: the time comes in with
 * each event, so tests drive it on a fake clock. Not thread-safe; its monitor serialises calls.
 *
 * <p>A gateway starts {@link HealthState#CHECKING} and is presumed alive meanwhile (its route
 * stays): the first good round makes it alive, {@code fall} failed rounds in a row make it dead.
 * Once dead it needs {@code rise} good rounds in a row, so that a flapping gateway does not pull
 * the replies back at its first answer. A link without carrier makes it dead at once; rounds
 * that end while there is no carrier are not counted (their failures say nothing new, and a
 * success could only be a stale one), and when the carrier returns the gateway still needs
 * {@code rise} good rounds.
 */
public final class GatewayHealth {
    /** Rounds over which loss is counted: long enough to be a rate, short enough to be now. */
    static final int LOSS_WINDOW = 10;

    private final int rise;
    private final int fall;
    private final CheckPolicy policy;
    private final Deque<int[]> window = new ArrayDeque<>(); // {sent, answered} per round
    private HealthState state = HealthState.CHECKING;
    private Instant since;
    private boolean carrier = true;
    private int good;
    private int bad;
    private Optional<Duration> rtt = Optional.empty();
    private String detail = "no answer yet";

    public GatewayHealth(CheckSpec spec, Instant now) {
        this(spec.rise(), spec.fall(), spec.policy(), now);
    }

    GatewayHealth(int rise, int fall, CheckPolicy policy, Instant now) {
        this.rise = rise;
        this.fall = fall;
        this.policy = policy;
        this.since = now;
    }

    public HealthState state() {
        return state;
    }

    public GatewayStatus status() {
        long sent = 0;
        long answered = 0;
        for (int[] r : window) {
            sent += r[0];
            answered += r[1];
        }
        double loss = sent == 0 ? 0 : (double) (sent - answered) / sent;
        return new GatewayStatus(state, rtt, loss, since, detail);
    }

    /** A probe round ended with {@code results} (one per target); the change it caused, if any. */
    public Optional<HealthChange> round(String iface, List<ProbeResult> results, Instant now) {
        if (!carrier) {
            return Optional.empty();
        }
        long answered = results.stream().filter(ProbeResult::ok).count();
        window.addLast(new int[] {results.size(), (int) answered});
        while (window.size() > LOSS_WINDOW) {
            window.removeFirst();
        }
        boolean success = !results.isEmpty() && (policy == CheckPolicy.ANY ? answered > 0 : answered == results.size());
        if (success) {
            // the mean of this round's answers: with several targets, one slow path shows without hiding the others
            rtt = Optional.of(Duration.ofNanos((long) results.stream().filter(ProbeResult::ok)
                    .mapToLong(r -> r.rtt().get().toNanos()).average().orElse(0)));
            good++;
            bad = 0;
            detail = results.stream().filter(r -> !r.ok()).map(ProbeResult::describe).findFirst()
                    .map(d -> "answered; " + d).orElse("answered");
            boolean back = state == HealthState.CHECKING || (state == HealthState.DEAD && good >= rise);
            return back ? move(iface, HealthState.ALIVE, now) : Optional.empty();
        }
        bad++;
        good = 0;
        detail = results.stream().filter(r -> !r.ok()).map(ProbeResult::describe).findFirst().orElse("no targets");
        boolean down = state != HealthState.DEAD && bad >= fall;
        return down ? move(iface, HealthState.DEAD, now) : Optional.empty();
    }

    /** The link's carrier (and administrative state) as the kernel reports it. */
    public Optional<HealthChange> carrier(String iface, boolean present, Instant now) {
        if (present == carrier) {
            return Optional.empty();
        }
        carrier = present;
        good = 0;
        bad = 0;
        if (present) {
            detail = "carrier back: " + rise + " good rounds needed";
            return Optional.empty();
        }
        detail = "no carrier";
        rtt = Optional.empty();
        return state == HealthState.DEAD ? Optional.empty() : move(iface, HealthState.DEAD, now);
    }

    private Optional<HealthChange> move(String iface, HealthState to, Instant now) {
        HealthState from = state;
        state = to;
        since = now;
        if (to == HealthState.DEAD) {
            rtt = Optional.empty();
        }
        return Optional.of(new HealthChange(iface, from, to, now, status()));
    }
}
