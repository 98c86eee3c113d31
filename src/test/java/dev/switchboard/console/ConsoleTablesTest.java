package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.console.Frame.Style;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console's tables at 80x24 in plain ASCII: columns as wide as their content up to a cap,
 * and a cell longer than its column goes on under itself instead of being cut.
 */
class ConsoleTablesTest {
    @Test
    void aColumnIsAsWideAsItsContentUpToTheCap() {
        Rows rows = new Rows();
        rows.add(new RowId.Server("bk", "a"), Style.NORMAL, "", "x".repeat(40), "y");
        assertEquals(List.of(Dashboard.CAP, 6), java.util.Arrays.stream(Dashboard.widths(new String[] {"NAME", "HEALTH"}, rows, 78).width()).boxed().toList());
    }

    @Test
    void aLongCellWrapsUnderItselfAndTheOtherColumnsKeepTheirPlace() {
        Rows rows = new Rows();
        rows.add(new RowId.Server("bk", "a"), Style.NORMAL, "", "ft_www", "203.0.113.10:80", "-", "eth0 via 203.0.113.1", "listen", "0", "19", "2");
        rows.add(new RowId.Server("bk", "b"), Style.NORMAL, "", "ft_exchange", "[2001:db8:ffff:ffff::10]:443", "eth2",
                "! eth0 via 2001:db8:ffff:ffff::1 (arrives on eth2)", "listen", "0", "19", "2");
        Frame f = new Frame(80, 24);
        Dashboard.table(f, 0, 10, Dashboard.FRONTEND_HEADER, rows, new Selection(), false, "  (none)");
        assertEquals("""
                  FRONTEND    BIND               PIN  REPLIES VIA        STATE  CUR TOTAL CONN/s
                  ft_www      203.0.113.10:80    -    eth0 via           listen 0   19    2
                                                      203.0.113.1
                  ft_exchange [2001:db8:ffff:fff eth2 ! eth0 via         listen 0   19    2
                              f::10]:443              2001:db8:ffff:ffff
                                                      ::1 (arrives on
                                                      eth2)
                """, String.join("\n", f.toString().lines().limit(7).toList()) + "\n");
        assertEquals(List.of("a  b"), Dashboard.cells(new String[] {"a", "b"}, new Dashboard.Columns(new int[] {1, 1}, 2)), "a row that fits is one line");
    }
}
