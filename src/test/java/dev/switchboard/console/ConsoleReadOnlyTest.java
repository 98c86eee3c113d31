package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.switchboard.engine.Engine;
import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.PlannerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertEquals("UP", engine.stats().servers().get(0).state());
        assertEquals(PlannerTest.seedText(), Files.readString(dir.resolve("switchboard.toml")));
    }
}
