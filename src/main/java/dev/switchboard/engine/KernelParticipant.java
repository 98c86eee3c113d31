package dev.switchboard.engine;

import dev.switchboard.config.Config;
import dev.switchboard.plan.CutOff;
import dev.switchboard.plan.Failover;
import dev.switchboard.plan.PlanResult;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The kernel as a participant of a change: the {@link Converger} (write-ahead ownership, the
 * apply lock, the step-by-step {@link Transaction}) does the work; taken back, it converges on
 * the config of before, or undoes its steps when there was none (at start).
 */
final class KernelParticipant implements Participant {
    private final Converger converger;
    private final Optional<CutOff.Session> session;

    /** {@code session}: the operator's SSH session, whose cutting off is warned of. */
    KernelParticipant(Converger converger, Optional<CutOff.Session> session) {
        this.converger = converger;
        this.session = session;
    }

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public Prepared prepare(Config from, Config to) throws IOException {
        PlanResult r = converger.plan(to);
        if (r instanceof PlanResult.Refused refused) {
            return Prepared.refused(refused.reasons());
        }
        List<String> changes = Failover.lines(((PlanResult.Planned) r).plan(), converger.dead()); // a failover's step says so
        return new Prepared(converger.warnings(to, session), changes, List.of());
    }

    @Override
    public Applied apply(Config from, Config to, String who) throws IOException {
        Converger.Result r = converger.apply(to, who);
        if (!(r instanceof Converger.Result.Applied applied)) {
            return new Applied.Failed(List.of(Converger.describe(r)));
        }
        Undo undo = from == null
                ? () -> back(converger.undo(applied, who))
                : () -> back(converger.apply(from, who));
        return new Applied.Done(applied.plan().notes(), applied.plan().changes().stream().map(Object::toString).toList(), undo);
    }

    private static Optional<String> back(Converger.Result r) {
        return r instanceof Converger.Result.Applied ? Optional.empty() : Optional.of(Converger.describe(r));
    }
}
