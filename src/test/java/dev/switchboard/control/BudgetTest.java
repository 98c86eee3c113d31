package dev.switchboard.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BudgetTest {
    static final long SECOND = 1_000_000_000L;

    @Test
    void commandsSpendTheBurstThenWaitForTheRate() {
        Budget b = new Budget(10, 3, 0);
        assertTrue(b.take(0));
        assertTrue(b.take(0));
        assertTrue(b.take(0));
        assertFalse(b.take(0), "the burst is spent");
        assertEquals(SECOND / 10, b.nanosUntil(1, 0), "a token comes every tenth of a second");
        assertTrue(b.take(SECOND / 10));
        assertTrue(b.take(10 * SECOND) && b.take(10 * SECOND) && b.take(10 * SECOND), "saved up to the burst");
        assertFalse(b.take(10 * SECOND), "and no more");
    }

    @Test
    void inputOverdrawsAndIsPaidBackBeforeAnythingElse() {
        Budget b = new Budget(10, 3, 0);
        b.spend(5, 0); // read before it could be refused
        assertEquals(2 * SECOND / 10, b.nanosUntil(0, 0), "two tokens owed");
        assertFalse(b.take(SECOND / 10));
        assertEquals(0, b.nanosUntil(0, 2 * SECOND / 10));
        assertTrue(b.take(3 * SECOND / 10));
    }
}
