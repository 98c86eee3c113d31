package dev.switchboard.engine;

import dev.switchboard.config.Config;
import dev.switchboard.net.Kernel;
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
import java.util.List;
import java.util.Optional;

/**
 * Brings the kernel to a config: plan from a fresh dump and the recorded ownership, then apply
 * under the lock as one transaction, and record what is now owned.
 */
public final class Converger {
    private static final int ATTEMPTS = 3;

    private final Kernel kernel;
    private final Path stateDir;
    private final OwnershipStore ownership;

    public Converger(Kernel kernel, Path stateDir) {
        this.kernel = kernel;
        this.stateDir = stateDir;
        this.ownership = new OwnershipStore(stateDir);
    }

    /** How an apply ended, for the CLI and the engine to report. */
    public sealed interface Result {
        record Applied(Plan plan) implements Result {}

        record Refused(List<String> reasons) implements Result {}

        record Busy(String holder) implements Result {}

        record RolledBack(Transaction.Outcome.RolledBack outcome) implements Result {}

        /** The kernel kept changing under us: nothing was applied. */
        record Unsettled(String what) implements Result {}
    }

    /** What applying {@code config} would change now. */
    public PlanResult plan(Config config) throws SysException, IOException {
        return Planner.plan(Observe.from(kernel.dump()), config, ownership.load());
    }

    /** The warnings applying {@code config} now earns ({@link CutOff}); none if it cannot be planned. */
    public List<String> warnings(Config config, Optional<CutOff.Session> session) throws SysException, IOException {
        Observed basis = Observe.from(kernel.dump());
        return Planner.plan(basis, config, ownership.load()) instanceof PlanResult.Planned p ? CutOff.warnings(basis, p.plan(), session) : List.of();
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
                PlanResult planned = Planner.plan(basis, config, owned);
                if (planned instanceof PlanResult.Refused refused) {
                    return new Result.Refused(refused.reasons());
                }
                Plan plan = ((PlanResult.Planned) planned).plan();
                Transaction.Outcome outcome = Transaction.apply(plan, basis, new KernelRunner(kernel));
                if (outcome instanceof Transaction.Outcome.Applied) {
                    ownership.save(owned.after(plan.changes(), config));
                    return new Result.Applied(plan);
                }
                if (outcome instanceof Transaction.Outcome.RolledBack rolledBack) {
                    return new Result.RolledBack(rolledBack);
                }
                what = ((Transaction.Outcome.Stale) outcome).what(); // someone changed the kernel: plan again
            }
            return new Result.Unsettled(what);
        }
    }
}
