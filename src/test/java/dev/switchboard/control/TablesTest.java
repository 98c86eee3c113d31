package dev.switchboard.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.config.BindSpec;
import dev.switchboard.config.HostPort;
import dev.switchboard.proxy.BindStatus;
import dev.switchboard.proxy.Stats;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The text tables as `show` prints them: columns as wide as their content, up to a cap; a longer cell wraps under itself. */
class TablesTest {
    static Stats.BindStats bind(String frontend, String address, int port, Optional<String> error) throws Exception {
        BindSpec spec = new BindSpec(new HostPort(InetAddress.getByName(address), port), Optional.empty(), false, false);
        return new Stats.BindStats(new BindStatus(frontend, spec,
                error.isPresent() ? Optional.empty() : Optional.of(new InetSocketAddress(address, port)), error), 0, 7);
    }

    @Test
    void aLongErrorWrapsInItsColumnAndDoesNotPadTheOtherRows() throws Exception {
        Stats.FrontendStats ft = new Stats.FrontendStats("ft_www", "http", 0, 7, 0, 0, 0, 0, 1, List.of(
                bind("ft_www", "203.0.113.10", 80, Optional.empty()),
                bind("ft_www", "2001:db8::10", 80, Optional.of("Cannot assign requested address (is the address on an interface? freebind = true binds it anyway)"))));
        String shown = Tables.frontends(new Stats.Snapshot(0, List.of(ft), List.of(), List.of()));
        assertEquals("""
                FRONTEND  MODE  BIND               INTERFACE  STATE                             CUR  TOTAL  REQUESTS  ERRORS
                ft_www    http  203.0.113.10:80    -          listening                         0    7      0         1
                ft_www    http  [2001:db8::10]:80  -          NOT LISTENING: Cannot assign      0    7      0         1
                                                              requested address (is the
                                                              address on an interface?
                                                              freebind = true binds it anyway)
                """, shown);
    }

    @Test
    void aWordLongerThanTheCapIsCut() {
        assertEquals(List.of("abcd", "efgh", "ij"), Tables.wrap("abcdefghij", 4));
        assertEquals(List.of("one two", "three"), Tables.wrap("one two three", 9));
    }
}
