package dev.switchboard.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Tests that pass, fail and skip, for GuestLauncherTest (not named *Test: Surefire leaves it alone). */
class LauncherFixture {
    @Test
    void passes() {
        assertEquals(2, 1 + 1);
    }

    @Test
    void fails() {
        assertEquals("vlan", "dummy", "line one\nline two\twith a tab and a \\ backslash");
    }

    @Test
    void skips() {
        Assumptions.abort("no vlan link type here");
    }
}
