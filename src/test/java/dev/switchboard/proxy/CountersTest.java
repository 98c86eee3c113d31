package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.config.HealthSpec;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** The counters HAProxy's CSV and exporter read: answers by class, the last second's rate, response time, check words. */
class CountersTest {
    @Test
    void answersByClassOfStatus() {
        HttpCounts c = new HttpCounts();
        for (int status : new int[] {101, 200, 204, 302, 404, 451, 503, 99, 600, -1}) {
            c.answered(status);
        }
        assertEquals(new Stats.Http(1, 2, 1, 2, 1, 2, 10, 0), c.read(), "99 and 600 are other; -1 (no answer) is a request only");
    }

    @Test
    void rateIsTheLastWholeSecondsGrowth() {
        LongAdder total = new LongAdder();
        total.add(7); // before the counter was watched
        PerSecond rate = new PerSecond(total);
        assertEquals(0, rate.lastSecond());
        total.add(5);
        rate.tick();
        assertEquals(5, rate.lastSecond());
        total.add(3);
        rate.tick();
        assertEquals(3, rate.lastSecond());
        rate.tick();
        assertEquals(0, rate.lastSecond(), "a quiet second");
    }

    @Test
    void responseTimeIsTheAverageOfTheLastSecondWithAnswers() {
        ResponseTime t = new ResponseTime();
        t.add(10_000_000);
        t.add(30_000_000);
        t.tick();
        assertEquals(0.020, t.averageSeconds(), 1e-9);
        t.tick();
        assertEquals(0.020, t.averageSeconds(), 1e-9, "a second without answers keeps the last average");
        t.add(4_000_000);
        t.tick();
        assertEquals(0.004, t.averageSeconds(), 1e-9);
    }

    @Test
    void checkResultsInHaproxysWords() {
        HealthSpec tcp = new HealthSpec(2, 2, 3, Optional.empty());
        HealthSpec http = new HealthSpec(2, 2, 3, Optional.of("/health"));
        assertEquals("L4OK", HealthChecks.checkStatus(tcp, true, "connect ok"));
        assertEquals("L4CON", HealthChecks.checkStatus(tcp, false, "Connection refused"));
        assertEquals("L4TOUT", HealthChecks.checkStatus(tcp, false, "connection timed out after 2000 ms: /10.0.0.1:80"));
        assertEquals("L7OK", HealthChecks.checkStatus(http, true, "HTTP/1.1 200 OK"));
        assertEquals("L7STS", HealthChecks.checkStatus(http, false, "answered \"HTTP/1.1 500 Oops\""));
        assertEquals("L7TOUT", HealthChecks.checkStatus(http, false, "no answer to GET /health"));
        assertEquals("L7RSP", HealthChecks.checkStatus(http, false, "closed before answering GET /health"));
    }
}
