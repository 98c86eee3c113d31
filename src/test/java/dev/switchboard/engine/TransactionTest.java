package dev.switchboard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plan.Change;
import dev.switchboard.plan.Model;
import dev.switchboard.plan.Observed;
import dev.switchboard.plan.Ownership;
import dev.switchboard.plan.Plan;
import dev.switchboard.plan.PlanResult;
import dev.switchboard.plan.Planner;
import dev.switchboard.plan.PlannerTest;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The transaction's logic against the kernel model; the real kernel is tested in namespaces. */
class TransactionTest {

    /** Runs changes on the model, refusing the one at {@code failAt} as the kernel would. */
    static final class ModelRunner implements ChangeRunner {
        final Model model;
        final int failAt;
        int count;

        ModelRunner(Observed start, int failAt) {
            this.model = new Model(start);
            this.failAt = failAt;
        }

        @Override
        public void run(Change change) throws StepFailedException {
            if (count++ == failAt) {
                throw new StepFailedException("EPERM (Operation not permitted)");
            }
            try {
                model.apply(change);
            } catch (IllegalStateException e) {
                throw new StepFailedException(e.getMessage());
            }
        }

        @Override
        public Observed observe() {
            return model.observed();
        }
    }

    static Plan seedPlan(Observed start) throws IOException {
        return assertInstanceOf(PlanResult.Planned.class,
                Planner.plan(start, PlannerTest.config(PlannerTest.seedText()), Ownership.none())).plan();
    }

    @Test
    void appliesEveryStep() throws IOException {
        Observed start = PlannerTest.bareBox();
        Plan plan = seedPlan(start);
        ModelRunner runner = new ModelRunner(start, -1);
        assertInstanceOf(Transaction.Outcome.Applied.class, Transaction.apply(plan, start, runner));
        assertEquals(plan.changes().size(), runner.count);
    }

    @Test
    void aFailureAtAnyStepLeavesTheKernelExactlyAsBefore() throws IOException {
        Observed start = PlannerTest.bareBox();
        Plan plan = seedPlan(start);
        for (int failAt = 0; failAt < plan.changes().size(); failAt++) {
            ModelRunner runner = new ModelRunner(start, failAt);
            var outcome = assertInstanceOf(Transaction.Outcome.RolledBack.class, Transaction.apply(plan, start, runner));
            assertEquals(failAt, outcome.index());
            assertTrue(outcome.verified(), outcome.describe());
            assertTrue(runner.model.observed().sameAs(start), "fail at " + failAt);
            assertTrue(outcome.describe().startsWith("step " + (failAt + 1) + " failed: " + plan.changes().get(failAt)
                    + ": EPERM (Operation not permitted); rolled back, the kernel is as it was"), outcome.describe());
        }
    }

    @Test
    void aKernelChangedSinceThePlanIsNotTouched() throws IOException {
        Observed start = PlannerTest.bareBox();
        Plan plan = seedPlan(start);
        ModelRunner runner = new ModelRunner(start, -1);
        runner.model.apply(new Change.SetMtu("eth3", 9000, 1500)); // someone else's change
        var stale = assertInstanceOf(Transaction.Outcome.Stale.class, Transaction.apply(plan, start, runner));
        assertEquals("link eth3 changed", stale.what());
        assertEquals(0, runner.count, "nothing was run");
    }
}
