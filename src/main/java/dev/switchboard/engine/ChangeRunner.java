package dev.switchboard.engine;

import dev.switchboard.plan.Change;
import dev.switchboard.plan.Observed;

/** Carries out plan steps on a kernel and reads the kernel back; the transaction's only I/O. */
public interface ChangeRunner {

    /** Makes one change, or throws with the kernel's reason. */
    void run(Change change) throws StepFailedException;

    /** What the kernel holds now, as the planner sees it. */
    Observed observe();

    /** A change the kernel refused, with its reason (e.g. {@code EEXIST (File exists)}). */
    final class StepFailedException extends Exception {
        public StepFailedException(String reason, Throwable cause) {
            super(reason, cause);
        }

        public StepFailedException(String reason) {
            super(reason);
        }
    }
}
