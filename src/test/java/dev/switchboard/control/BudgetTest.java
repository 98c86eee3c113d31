package dev.switchboard.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BudgetTest {
    static final long SECOND = 1_000_000_000L;

    @Test
    void theBurstAtOnceThenOneAtATimeInTurn() {
        Budget b = new Budget(10, 3, 0);
        assertEquals(0, b.reserve(1, 0));
        assertEquals(0, b.reserve(1, 0));
        assertEquals(0, b.reserve(1, 0));
        assertEquals(SECOND / 10, b.reserve(1, 0), "the burst is spent: the next in a tenth of a second");
        assertEquals(2 * SECOND / 10, b.reserve(1, 0), "and the one after, after it: first come, first served");
        assertEquals(2 * SECOND / 10, b.reserve(1, SECOND / 10), "a tenth later, the next is behind the one due at two tenths");
        assertEquals(0, b.reserve(1, 10 * SECOND), "saved up again, to the burst");
        assertEquals(0, b.reserve(2, 10 * SECOND));
        assertEquals(SECOND / 10, b.reserve(1, 10 * SECOND), "and no more");
    }

    @Test
    void aReadPaysAfterForWhatItCostBeyondItsToken() {
        Budget b = new Budget(10, 3, 0);
        assertEquals(0, b.reserve(1, 0));
        b.spend(4, 0); // it read five tokens' worth
        assertEquals(3 * SECOND / 10, b.reserve(1, 0), "two owed, and the token reserved now");
        b.spend(-1, 0); // that one was not used after all: given back
        assertEquals(3 * SECOND / 10, b.reserve(1, 0));
    }
}
