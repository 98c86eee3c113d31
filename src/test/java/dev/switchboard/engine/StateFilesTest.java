package dev.switchboard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.Cidr;
import dev.switchboard.plan.Ownership;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFilesTest {
    @Test
    void ownershipRoundTrips(@TempDir Path dir) throws IOException {
        OwnershipStore store = new OwnershipStore(dir.resolve("state"));
        assertEquals(Ownership.none(), store.load(), "nothing recorded yet");
        Ownership owned = new Ownership(Set.of(
                new Ownership.OwnedAddress("eth2", Cidr.parse("10.2.0.10/24").orElseThrow()),
                new Ownership.OwnedAddress("eth1.100", Cidr.parse("2001:db8::10/64").orElseThrow())), Set.of("eth1.100"));
        store.save(owned);
        assertEquals(owned, store.load());
    }

    @Test
    void aDamagedFileIsReportedWithItsPath(@TempDir Path dir) throws IOException {
        OwnershipStore store = new OwnershipStore(dir);
        Files.writeString(store.file(), "addresses = [\"eth2 not-an-address\"]\n");
        IOException e = assertThrows(IOException.class, store::load);
        assertTrue(e.getMessage().startsWith(store.file() + ": damaged address entry"), e.getMessage());
    }

    @Test
    void aSecondApplyIsToldWhoHoldsTheLock(@TempDir Path dir) throws IOException {
        try (ApplyLock first = ApplyLock.tryAcquire(dir, "alice on pts/1 since 21:40", new StringBuilder()).orElseThrow()) {
            StringBuilder holder = new StringBuilder();
            Optional<ApplyLock> second = ApplyLock.tryAcquire(dir, "bob", holder);
            assertTrue(second.isEmpty());
            assertEquals("alice on pts/1 since 21:40", holder.toString());
        }
        Optional<ApplyLock> again = ApplyLock.tryAcquire(dir, "bob", new StringBuilder());
        assertTrue(again.isPresent(), "free again once released");
        again.get().close();
    }
}
