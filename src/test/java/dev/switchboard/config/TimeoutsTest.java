package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The HTTP timeouts of a frontend's {@code timeouts} table, and their defaults. */
class TimeoutsTest {
    private static ConfigLoader.Result parse(String timeouts) {
        return ConfigLoader.parse("[frontends.ft]\nmode = \"http\"\nbackend = \"bk\"\nbinds = [ { address = \"127.0.0.1:8080\" } ]\n"
                + timeouts + "\n[backends.bk]\nservers = [ { name = \"a\", address = \"127.0.0.1:80\" } ]\n", "t.toml");
    }

    private static Timeouts timeouts(String line) {
        return assertInstanceOf(ConfigLoader.Loaded.class, parse(line)).config().frontends().get("ft").timeouts();
    }

    @Test
    void httpTimeoutsDefaultAsHaproxys() {
        assertEquals(new Timeouts(5, 60, 60, 10, 10, 10), timeouts(""));
        assertEquals(Timeouts.defaults(), timeouts("timeouts = { client = 60 }"));
    }

    @Test
    void keepAliveFallsBackToHttpRequest() {
        assertEquals(new Timeouts(5, 60, 60, 3, 3, 10), timeouts("timeouts = { http_request = 3 }"));
        assertEquals(new Timeouts(5, 60, 60, 3, 30, 7), timeouts("timeouts = { http_request = 3, http_keep_alive = 30, http_body = 7 }"));
    }

    @Test
    void outOfRangeIsAProblem() {
        var rejected = assertInstanceOf(ConfigLoader.Rejected.class, parse("timeouts = { http_request = 0, http_body = 4000 }"));
        assertEquals(2, rejected.problems().size(), rejected.problems().toString());
        assertTrue(rejected.problems().stream().anyMatch(p -> p.toString().contains("http_request")), rejected.problems().toString());
    }
}
