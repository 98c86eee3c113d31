package dev.switchboard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.config.IpLiteral;
import dev.switchboard.net.NetState;
import dev.switchboard.net.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loop's reading of the kernel: a monitor's reading queued before the loop read the kernel
 * after a change is older than that, and is not taken (`status` after `apply` showed the routes
 * of before until the monitor's next reading).
 */
class KernelReadingTest {
    static NetState withDefaultMetric(long metric) {
        return new NetState(List.of(), List.of(), List.of(Route.defaultVia(IpLiteral.parse("10.4.0.1").orElseThrow(), 6, metric,
                Route.PROTO_SWITCHBOARD)), List.of());
    }

    @Test
    void aReadingBegunBeforeTheOneInForceIsNotTaken() {
        KernelReading reading = new KernelReading();
        reading.take(withDefaultMetric(4), 100); // the monitor's, queued during the change
        reading.take(withDefaultMetric(9), 300); // the loop's, after the change
        reading.take(withDefaultMetric(4), 200); // the monitor's, handled after the change
        assertEquals(9, reading.net().routes().get(0).metric());
        reading.take(withDefaultMetric(7), 400); // a later one is
        assertEquals(7, reading.net().routes().get(0).metric());
    }

    /** System.nanoTime() may be any value, negative too, and wrap: the first reading is always taken, and order is by difference. */
    @Test
    void anyClockValueWorks() {
        KernelReading reading = new KernelReading();
        reading.take(withDefaultMetric(1), Long.MIN_VALUE + 5);
        assertEquals(1, reading.net().routes().get(0).metric());
        reading.take(withDefaultMetric(2), Long.MAX_VALUE - 5); // before the first, across the wrap
        assertEquals(1, reading.net().routes().get(0).metric());
        reading.take(withDefaultMetric(3), Long.MIN_VALUE + 10);
        assertEquals(3, reading.net().routes().get(0).metric());
    }
}
