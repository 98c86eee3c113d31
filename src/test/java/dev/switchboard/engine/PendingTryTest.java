package dev.switchboard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The words a pending try is shown in, on every surface. */
class PendingTryTest {
    @Test
    void aTryStartedOnTheMinuteKeepsItsSeconds() {
        var since = LocalDate.of(2026, 11, 30).atTime(LocalTime.of(10, 42, 0)).atZone(ZoneId.systemDefault()).toInstant();
        var t = new Engine.PendingTry("alice", since, since.plusSeconds(60));
        assertEquals("pending, by alice since 10:42:00, rolled back in 0 s unless confirmed", t.describe());
    }
}
