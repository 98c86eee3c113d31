package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.plan.PlannerTest;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** A console for someone who may only look: every change is refused, and says why. */
class ConsoleReadOnlyTest extends ConsoleHarness {
    @Override
    boolean readOnly() {
        return true;
    }

    @Test
    void editsAndServerTogglesAreRefused() throws Exception {
        type("i");
        await("INTERFACES");
        key(KeyType.Enter, 1);
        await("read-only: changes are for root and members of switchboard-admin");
        type("g3");
        key(KeyType.Enter, 1);
        await("read-only: changes are for root");
        assertTrue(engine.stats().servers().get(0).enabled(), "the toggle was refused: not in maintenance");
        assertEquals(PlannerTest.seedText(), Files.readString(dir.resolve("switchboard.toml")));
    }
}
