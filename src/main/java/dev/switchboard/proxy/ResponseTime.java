package dev.switchboard.proxy;

import java.util.concurrent.atomic.LongAdder;

/**
 * A backend's recent response time (from the request to its answer's head), for HAProxy's
 * rtime and haproxy_backend_response_time_average_seconds: the exchanges add to plain sums,
 * with no lock; the proxy's tick makes the average of the last second that had answers.
 */
final class ResponseTime {
    private final LongAdder nanos = new LongAdder();
    private final LongAdder answers = new LongAdder();
    private long nanosBefore; // the tick's own
    private long answersBefore;
    private volatile double averageSeconds;

    void add(long elapsedNanos) {
        nanos.add(elapsedNanos);
        answers.increment();
    }

    /** Once a second, from one thread. */
    void tick() {
        long n = nanos.sum();
        long a = answers.sum();
        if (a > answersBefore) {
            averageSeconds = (n - nanosBefore) / 1e9 / (a - answersBefore);
        }
        nanosBefore = n;
        answersBefore = a;
    }

    double averageSeconds() {
        return averageSeconds;
    }
}
