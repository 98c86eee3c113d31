package dev.switchboard.engine;

import dev.switchboard.config.Config;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A change of config across layers as one transaction: the participants (the kernel, then the
 * proxy) apply in order, each all or nothing on its own; if one fails, those that were done are
 * taken back in reverse. The one place where the layers are joined: a frontend that cannot
 * listen puts the kernel back, at start as at an apply.
 */
final class ConfigTransaction {
    private ConfigTransaction() {}

    /** A participant that was taken back, or could not be ({@code failure}: why). */
    record Undone(String participant, Optional<String> failure) {}

    /** How a transaction ended. */
    sealed interface Outcome {}

    /** Every participant applied; {@code done} in their order, to be said or taken back. */
    record Committed(List<String> names, List<Participant.Applied.Done> done) implements Outcome {
        public Committed {
            names = List.copyOf(names);
            done = List.copyOf(done);
        }

        /** What participant {@code name} changed. */
        List<String> changes(String name) {
            return done.get(names.indexOf(name)).changes();
        }

        List<String> notes(String name) {
            return done.get(names.indexOf(name)).notes();
        }

        /** Takes the whole change back (what came after it could not follow), last participant first. */
        List<Undone> undo() {
            return undoAll(names, done);
        }
    }

    /** A participant failed: {@code why}, and what became of those done before it. */
    record Aborted(List<String> why, List<Undone> undone) implements Outcome {
        public Aborted {
            why = List.copyOf(why);
            undone = List.copyOf(undone);
        }

        /**
         * What is said: why, then whether it is all back: "nothing changed" when nothing was done,
         * "the kernel was put back" + {@code back} when it is, in capitals when it is not.
         */
        List<String> lines(String back) {
            List<String> out = new ArrayList<>(why);
            out.addAll(said(undone, back));
            return out;
        }
    }

    /** How participants that were taken back are said. */
    static List<String> said(List<Undone> undone, String back) {
        if (undone.isEmpty()) {
            return List.of("nothing changed");
        }
        List<String> out = new ArrayList<>();
        List<String> putBack = new ArrayList<>();
        for (Undone u : undone) {
            if (u.failure().isPresent()) {
                out.add("AND THE " + u.participant().toUpperCase(Locale.ROOT) + " COULD NOT BE PUT BACK: " + u.failure().get());
            } else {
                putBack.add("the " + u.participant());
            }
        }
        if (out.isEmpty()) {
            out.add(String.join(" and ", putBack) + (putBack.size() == 1 ? " was" : " were") + " put back" + back);
        }
        return out;
    }

    /** What each participant would change, in order; nothing is changed. */
    static List<Participant.Prepared> prepare(List<Participant> participants, Config from, Config to) throws IOException {
        List<Participant.Prepared> out = new ArrayList<>();
        for (Participant p : participants) {
            out.add(p.prepare(from, to));
        }
        return out;
    }

    /**
     * Applies each participant in order, telling {@code onDone} as each is done. A failure takes
     * back those done, in reverse. An exception of the first participant, with nothing done, is
     * thrown as it is; of a later one, it is that participant's failure.
     */
    static Outcome run(List<Participant> participants, Config from, Config to, String who, BiConsumer<String, Participant.Applied.Done> onDone)
            throws IOException {
        List<String> names = new ArrayList<>();
        List<Participant.Applied.Done> done = new ArrayList<>();
        for (Participant p : participants) {
            Participant.Applied applied;
            try {
                applied = p.apply(from, to, who);
            } catch (IOException | RuntimeException e) {
                if (done.isEmpty()) {
                    throw e;
                }
                applied = new Participant.Applied.Failed(List.of(p.name() + ": "
                        + (e instanceof IOException io ? StateFile.describe(io) : e.toString())));
            }
            if (applied instanceof Participant.Applied.Failed failed) {
                return new Aborted(failed.why(), undoAll(names, done));
            }
            Participant.Applied.Done d = (Participant.Applied.Done) applied;
            names.add(p.name());
            done.add(d);
            onDone.accept(p.name(), d);
        }
        return new Committed(names, done);
    }

    private static List<Undone> undoAll(List<String> names, List<Participant.Applied.Done> done) {
        List<Undone> out = new ArrayList<>();
        for (int i = done.size() - 1; i >= 0; i--) {
            Optional<String> failure;
            try {
                failure = done.get(i).undo().run();
            } catch (IOException e) {
                failure = Optional.of(StateFile.describe(e));
            }
            out.add(new Undone(names.get(i), failure));
        }
        return out;
    }
}
