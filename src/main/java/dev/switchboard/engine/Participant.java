package dev.switchboard.engine;

import dev.switchboard.config.Config;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * One layer a change of config goes through (the kernel, the proxy), as a participant of a
 * {@link ConfigTransaction}: it says what it would change, makes its change all or nothing on
 * its own, and can take a change it made back.
 */
interface Participant {
    /** "kernel", "proxy": how the layer is named in what is said. */
    String name();

    /** What going from {@code from} to {@code to} would change in this layer now; nothing is changed. */
    Prepared prepare(Config from, Config to) throws IOException;

    /**
     * Brings this layer from {@code from} (null: as it was found, at start) to {@code to}. A
     * layer that fails has changed nothing of its own.
     */
    Applied apply(Config from, Config to, String who) throws IOException;

    /**
     * What a layer would change: {@code refusals} non-empty means it cannot (and nothing may be
     * changed); {@code warnings} are said beside the changes.
     */
    record Prepared(List<String> warnings, List<String> changes, List<String> refusals) {
        public Prepared {
            warnings = List.copyOf(warnings);
            changes = List.copyOf(changes);
            refusals = List.copyOf(refusals);
        }

        static Prepared refused(List<String> reasons) {
            return new Prepared(List.of(), List.of(), reasons);
        }

        boolean empty() {
            return refusals.isEmpty() && changes.isEmpty();
        }
    }

    /** How a layer's apply ended. */
    sealed interface Applied {
        /** Done: {@code notes} and {@code changes} to say, and how to take it back. */
        record Done(List<String> notes, List<String> changes, Undo undo) implements Applied {
            public Done {
                notes = List.copyOf(notes);
                changes = List.copyOf(changes);
            }
        }

        /** Not done, and nothing of it left: why. */
        record Failed(List<String> why) implements Applied {
            public Failed {
                why = List.copyOf(why);
            }
        }
    }

    /** Takes a layer's change back; empty if it is back, else why not. */
    interface Undo {
        Optional<String> run() throws IOException;
    }
}
