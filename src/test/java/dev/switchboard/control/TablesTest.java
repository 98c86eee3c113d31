package dev.switchboard.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.config.BindSpec;
import dev.switchboard.config.HostPort;
import dev.switchboard.proxy.BindStatus;
import dev.switchboard.proxy.Stats;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** `show frontends` as an operator reads it: columns as wide as their content, a long state wrapped. */
class TablesTest {

    private static Stats.BindStats bind(String frontend, String address, String iface, Optional<String> error, int current) {
        BindSpec spec = new BindSpec(HostPort.parse(address).orElseThrow(), Optional.ofNullable(iface), false, false);
        return new Stats.BindStats(new BindStatus(frontend, spec, Optional.empty(), error), current, 7);
    }

    @Test
    void aLongReasonWrapsInItsColumnInsteadOfWideningEveryRow() {
        Stats.FrontendStats www = new Stats.FrontendStats("ft_www", "http", 1, 7, 0, 12, 0, 0, 0,
                List.of(bind("ft_www", "203.0.113.10:80", null, Optional.empty(), 1)));
        Stats.FrontendStats exchange = new Stats.FrontendStats("ft_exchange", "tcp", 0, 7, 0, 0, 0, 0, 2,
                List.of(bind("ft_exchange", "10.2.0.10:443", "eth2",
                        Optional.of("cannot bind 10.2.0.10:443 on eth2: Cannot assign requested address (is the address on the box?)"), 0)));
        assertEquals("""
                FRONTEND     MODE  BIND             INTERFACE  STATE                             CUR  TOTAL  REQUESTS  ERRORS
                ft_www       http  203.0.113.10:80  -          listening                         1    7      12        0
                ft_exchange  tcp   10.2.0.10:443    eth2       NOT LISTENING: cannot bind        0    7      0         2
                                                               10.2.0.10:443 on eth2: Cannot
                                                               assign requested address (is the
                                                               address on the box?)
                """, Tables.frontends(new Stats.Snapshot(0, List.of(www, exchange), List.of(), List.of())));
    }

    @Test
    void aWordLongerThanTheColumnIsCut() {
        assertEquals(List.of("NOT", "LISTENING:", "aaaaaaaaaa", "aaaaa b"), Tables.wrap("NOT LISTENING: aaaaaaaaaaaaaaa b", 10));
    }
}
