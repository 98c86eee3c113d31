package dev.switchboard.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A kernel runner whose next step, once armed, says it has begun ({@code entered}) and waits
 * for {@code release}: an apply held in the middle of its transaction, for tests of what stays
 * responsive meanwhile.
 */
public final class SlowRunner implements ChangeRunner {
    final ChangeRunner real;
    final AtomicBoolean armed;
    final CountDownLatch entered;
    final CountDownLatch release;

    public SlowRunner(ChangeRunner real, AtomicBoolean armed, CountDownLatch entered, CountDownLatch release) {
        this.real = real;
        this.armed = armed;
        this.entered = entered;
        this.release = release;
    }

    @Override
    public void run(dev.switchboard.plan.Change change) throws StepFailedException {
        if (armed.getAndSet(false)) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        real.run(change);
    }

    @Override
    public dev.switchboard.plan.Observed observe() {
        return real.observe();
    }
}
