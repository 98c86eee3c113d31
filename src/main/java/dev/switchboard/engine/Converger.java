package dev.switchboard.engine;

import dev.switchboard.config.Config;
import dev.switchboard.net.Kernel;
import dev.switchboard.plan.Change;
import dev.switchboard.plan.CutOff;
import dev.switchboard.plan.Observe;
import dev.switchboard.plan.Observed;
import dev.switchboard.plan.Ownership;
import dev.switchboard.plan.Plan;
import dev.switchboard.plan.PlanResult;
import dev.switchboard.plan.Planner;
import dev.switchboard.sys.SysException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Brings the kernel to a config: plan from a fresh dump and the recorded ownership, then apply
 * under the lock as one transaction, and record what is now owned.
 */
public final class Converger {
    private static final int ATTEMPTS = 3;

    private final Kernel kernel;
    private final Path stateDir;
    private final OwnershipStore ownership;
    private final Function<Kernel, ChangeRunner> runners;
    private volatile Set<String> dead = Set.of(); // interfaces whose gateways are dead: their routes planned behind the live ones

    public Converger(Kernel kernel, Path stateDir) {
        this(kernel, stateDir, KernelRunner::new);
    }

    /** With the steps carried out by {@code runners} (tests slow a step down, or fail one). */
    Converger(Kernel kernel, Path stateDir, Function<Kernel, ChangeRunner> runners) {
        this.kernel = kernel;
        this.stateDir = stateDir;
        this.ownership = new OwnershipStore(stateDir);
        this.runners = runners;
    }

    /**
     * The interfaces whose gateways are dead from now on: every plan moves their default routes
     * behind the live ones ({@code Planner.plan(…, dead)}), so a failover is never drift.
     */
    void dead(Set<String> interfaces) {
        dead = Set.copyOf(interfaces);
    }

    Set<String> dead() {
        return dead;
    }

    /** How an apply ended, for the CLI and the engine to report. */
    public sealed interface Result {
        /** Applied; {@code before} is what switchboard owned until then, for {@link #undo}. */
        record Applied(Plan plan, Ownership before) implements Result {}

        record Refused(List<String> reasons) implements Result {}

        record Busy(String holder) implements Result {}

        record RolledBack(Transaction.Outcome.RolledBack outcome) implements Result {}

        /** The kernel kept changing under us: nothing was applied. */
        record Unsettled(String what) implements Result {}
    }

    /** What applying {@code config} would change now. */
    public PlanResult plan(Config config) throws SysException, IOException {
        return Planner.plan(Observe.from(kernel.dump()), config, ownership.load(), dead);
    }

    /**
     * The exact record once the kernel is settled. If it cannot be written, the write-ahead record
     * (a superset) stays, which is safe: the next apply removes what is owned and not configured.
     */
    private void saveIfChanged(Ownership now, Ownership other) {
        if (now.equals(other)) {
            return;
        }
        try {
            ownership.save(now);
        } catch (IOException e) {
            // kept as the superset written ahead
        }
    }

    /**
     * Takes back an apply that what came after it could not follow (the proxy could not listen
     * at start): its steps' inverses in reverse order, as one transaction, and the ownership of before.
     */
    public Result undo(Result.Applied applied, String who) throws SysException, IOException {
        List<Change> inverse = new ArrayList<>();
        for (int i = applied.plan().changes().size() - 1; i >= 0; i--) {
            inverse.add(applied.plan().changes().get(i).inverse());
        }
        if (inverse.isEmpty()) {
            return new Result.Applied(applied.plan(), applied.before());
        }
        StringBuilder holder = new StringBuilder();
        Optional<ApplyLock> lock = ApplyLock.tryAcquire(stateDir, who, holder);
        if (lock.isEmpty()) {
            return new Result.Busy(holder.toString());
        }
        try (ApplyLock held = lock.get()) {
            Ownership now = ownership.load();
            ownership.save(now.union(applied.before())); // write-ahead, as for any change
            Plan back = new Plan(inverse, List.of());
            Transaction.Outcome outcome = Transaction.apply(back, Observe.from(kernel.dump()), runners.apply(kernel));
            if (outcome instanceof Transaction.Outcome.Applied) {
                ownership.save(applied.before());
                return new Result.Applied(back, now);
            }
            if (outcome instanceof Transaction.Outcome.RolledBack rolledBack) {
                return new Result.RolledBack(rolledBack);
            }
            return new Result.Unsettled(((Transaction.Outcome.Stale) outcome).what());
        }
    }

    /** The warnings applying {@code config} now earns ({@link CutOff}); none if it cannot be planned. */
    public List<String> warnings(Config config, Optional<CutOff.Session> session) throws SysException, IOException {
        Observed basis = Observe.from(kernel.dump());
        return Planner.plan(basis, config, ownership.load(), dead) instanceof PlanResult.Planned p ? CutOff.warnings(basis, p.plan(), session) : List.of();
    }

    public Result apply(Config config, String who) throws SysException, IOException {
        StringBuilder holder = new StringBuilder();
        Optional<ApplyLock> lock = ApplyLock.tryAcquire(stateDir, who, holder);
        if (lock.isEmpty()) {
            return new Result.Busy(holder.toString());
        }
        try (ApplyLock held = lock.get()) {
            String what = "";
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Ownership owned = ownership.load();
                Observed basis = Observe.from(kernel.dump());
                PlanResult planned = Planner.plan(basis, config, owned, dead);
                if (planned instanceof PlanResult.Refused refused) {
                    return new Result.Refused(refused.reasons());
                }
                Plan plan = ((PlanResult.Planned) planned).plan();
                Ownership after = owned.after(plan.changes(), config);
                if (!plan.isEmpty()) {
                    // write-ahead: before the kernel changes, the record names everything switchboard
                    // owns now or will, so a kill at any instant leaves nothing it added unowned; and a
                    // state directory that cannot be written refuses the change before it starts
                    try {
                        ownership.save(owned.union(after));
                    } catch (IOException e) {
                        return new Result.Refused(List.of("cannot record what switchboard is about to own in " + ownership.file() + ": "
                                + StateFile.reason(e) + "; the kernel is untouched"));
                    }
                }
                Transaction.Outcome outcome = Transaction.apply(plan, basis, runners.apply(kernel));
                if (outcome instanceof Transaction.Outcome.Applied) {
                    saveIfChanged(after, owned.union(after));
                    return new Result.Applied(plan, owned);
                }
                if (outcome instanceof Transaction.Outcome.RolledBack rolledBack) {
                    if (rolledBack.verified()) { // else the superset stays: what the undo left is owned
                        saveIfChanged(owned, owned.union(after));
                    }
                    return new Result.RolledBack(rolledBack);
                }
                saveIfChanged(owned, owned.union(after)); // stale: nothing was touched, nothing more is owned
                what = ((Transaction.Outcome.Stale) outcome).what(); // someone changed the kernel: plan again
            }
            return new Result.Unsettled(what);
        }
    }

    /** A result as a line: how it failed, or "kernel: applied". */
    static String describe(Result r) {
        if (r instanceof Result.Refused refused) {
            return "kernel: cannot apply: " + String.join("; ", refused.reasons());
        }
        if (r instanceof Result.Busy busy) {
            return "kernel: another change is in progress (" + busy.holder() + ")";
        }
        if (r instanceof Result.RolledBack rolledBack) {
            return "kernel: " + rolledBack.outcome().describe();
        }
        if (r instanceof Result.Unsettled u) {
            return "kernel: kept changing while planning (" + u.what() + ")";
        }
        return "kernel: applied";
    }
}
