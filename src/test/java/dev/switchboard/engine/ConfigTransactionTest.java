package dev.switchboard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.switchboard.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The kernel and the proxy as participants of one change: what is done is taken back when a later one fails. */
class ConfigTransactionTest {
    /** A participant that does or fails as told, and writes down what happened to it. */
    record Layer(String name, boolean fails, Optional<String> cannotUndo, List<String> said) implements Participant {
        @Override
        public Prepared prepare(Config from, Config to) {
            return new Prepared(List.of(), List.of("~ " + name), List.of());
        }

        @Override
        public Applied apply(Config from, Config to, String who) {
            if (fails) {
                said.add(name + " refused");
                return new Applied.Failed(List.of(name + ": refused"));
            }
            said.add(name + " applied");
            return new Applied.Done(List.of(), List.of(name + " changed"), () -> {
                said.add(name + " undone");
                return cannotUndo;
            });
        }
    }

    @Test
    void bothDoneIsCommittedInOrder() throws Exception {
        List<String> said = new ArrayList<>();
        List<String> heard = new ArrayList<>();
        var t = ConfigTransaction.run(List.of(new Layer("kernel", false, Optional.empty(), said), new Layer("proxy", false, Optional.empty(), said)),
                null, null, "alice", (name, done) -> heard.add(name));
        var committed = assertInstanceOf(ConfigTransaction.Committed.class, t);
        assertEquals(List.of("kernel changed"), committed.changes("kernel"));
        assertEquals(List.of("kernel", "proxy"), heard);
        assertEquals(List.of("kernel applied", "proxy applied"), said);
        committed.undo();
        assertEquals(List.of("kernel applied", "proxy applied", "proxy undone", "kernel undone"), said, "last first");
    }

    @Test
    void aProxyThatRefusesPutsTheKernelBack() throws Exception {
        List<String> said = new ArrayList<>();
        var t = ConfigTransaction.run(List.of(new Layer("kernel", false, Optional.empty(), said), new Layer("proxy", true, Optional.empty(), said)),
                null, null, "alice", (name, done) -> { });
        var aborted = assertInstanceOf(ConfigTransaction.Aborted.class, t);
        assertEquals(List.of("proxy: refused", "the kernel was put back: nothing changed"), aborted.lines(": nothing changed"));
        assertEquals(List.of("kernel applied", "proxy refused", "kernel undone"), said);
    }

    @Test
    void aKernelThatRefusesChangesNothingAndTheProxyIsNotAsked() throws Exception {
        List<String> said = new ArrayList<>();
        var t = ConfigTransaction.run(List.of(new Layer("kernel", true, Optional.empty(), said), new Layer("proxy", false, Optional.empty(), said)),
                null, null, "alice", (name, done) -> { });
        assertEquals(List.of("kernel: refused", "nothing changed"), assertInstanceOf(ConfigTransaction.Aborted.class, t).lines(": nothing changed"));
        assertEquals(List.of("kernel refused"), said);
    }

    @Test
    void anUndoThatFailsIsSaidInCapitals() throws Exception {
        List<String> said = new ArrayList<>();
        var t = ConfigTransaction.run(List.of(new Layer("kernel", false, Optional.of("EPERM"), said), new Layer("proxy", true, Optional.empty(), said)),
                null, null, "alice", (name, done) -> { });
        assertEquals(List.of("proxy: refused", "AND THE KERNEL COULD NOT BE PUT BACK: EPERM"),
                assertInstanceOf(ConfigTransaction.Aborted.class, t).lines(": nothing changed"));
    }
}
