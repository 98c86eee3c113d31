package dev.switchboard.proxy;

import java.util.concurrent.atomic.LongAdder;

/**
 * The answers of a frontend, backend or server by class of status (HAProxy's hrsp_1xx..5xx and
 * hrsp_other), its requests (req_tot) and its response errors (eresp). Counted on the event loops
 * that end the exchanges, with no lock and no allocation; summed when read.
 */
final class HttpCounts {
    private final LongAdder[] byClass = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
        new LongAdder()};
    final LongAdder requests = new LongAdder();
    final LongAdder responseErrors = new LongAdder();

    /** An exchange ended with {@code status}, or -1 without an answer (counted as a request, no answer). */
    void answered(int status) {
        requests.increment();
        if (status < 0) {
            return;
        }
        int c = status / 100;
        byClass[c >= 1 && c <= 5 ? c - 1 : 5].increment();
    }

    Stats.Http read() {
        return new Stats.Http(byClass[0].sum(), byClass[1].sum(), byClass[2].sum(), byClass[3].sum(), byClass[4].sum(), byClass[5].sum(),
                requests.sum(), responseErrors.sum());
    }
}
