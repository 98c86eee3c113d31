package dev.switchboard.engine;

import dev.switchboard.plan.Change;
import dev.switchboard.plan.Observed;
import dev.switchboard.plan.Plan;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a plan all-or-nothing: the steps in order; if one fails, the done ones are undone in
 * reverse and the kernel is read back and compared with what it was before, so a rollback is
 * verified, not assumed.
 */
public final class Transaction {
    private Transaction() {}

    /** How an apply ended. */
    public sealed interface Outcome {
        /** Every step was applied. */
        record Applied(Plan plan) implements Outcome {}

        /** The kernel changed since the plan was made; nothing was touched: plan again. */
        record Stale(String what) implements Outcome {}

        /**
         * Step {@code index} failed for {@code reason}; the done steps were undone. {@code verified}
         * says whether the kernel now reads exactly as before; {@code undoErrors} lists any inverse
         * the kernel refused.
         */
        record RolledBack(int index, Change failed, String reason, boolean verified, List<String> undoErrors)
                implements Outcome {
            public RolledBack {
                undoErrors = List.copyOf(undoErrors);
            }

            public String describe() {
                return "step " + (index + 1) + " failed: " + failed + ": " + reason + "; "
                        + (verified ? "rolled back, the kernel is as it was" : "ROLLBACK INCOMPLETE: the kernel differs from before")
                        + (undoErrors.isEmpty() ? "" : " (" + String.join("; ", undoErrors) + ")");
            }
        }
    }

    /**
     * Applies {@code plan}, made from {@code basis}, through {@code runner}. The caller holds the
     * apply lock.
     */
    public static Outcome apply(Plan plan, Observed basis, ChangeRunner runner) {
        Observed before = runner.observe();
        if (!before.sameAs(basis)) {
            return new Outcome.Stale(basis.difference(before));
        }
        List<Change> done = new ArrayList<>();
        for (int i = 0; i < plan.changes().size(); i++) {
            Change change = plan.changes().get(i);
            try {
                runner.run(change);
                done.add(change);
            } catch (ChangeRunner.StepFailedException e) {
                List<String> undoErrors = undo(done, runner);
                boolean verified = runner.observe().sameAs(before);
                return new Outcome.RolledBack(i, change, e.getMessage(), verified, undoErrors);
            }
        }
        return new Outcome.Applied(plan);
    }

    private static List<String> undo(List<Change> done, ChangeRunner runner) {
        List<String> errors = new ArrayList<>();
        for (int k = done.size() - 1; k >= 0; k--) {
            Change inverse = done.get(k).inverse();
            try {
                runner.run(inverse);
            } catch (ChangeRunner.StepFailedException e) {
                errors.add("undo " + inverse + ": " + e.getMessage()); // carry on: undo as much as the kernel allows
            }
        }
        return errors;
    }
}
