package dev.switchboard.console;

import com.googlecode.lanterna.input.KeyStroke;
import dev.switchboard.console.Ui.Screen;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One row of the key table ({@link Keys}): where a key works, its name in the help, its label in
 * the keys line, what it does and when. The help, the keys line and the dispatch are all read
 * from these rows, so that they cannot disagree.
 *
 * @param scope where it works
 * @param keys the keys that do it
 * @param keyNames how the help names them (every key's {@link Key#name} is in it)
 * @param label its label in the keys line (empty: none); {@code hintOn} the screens whose keys line shows it
 * @param enabledWhen when it does something; otherwise the key does nothing and the keys line leaves it out
 * @param changes whether it changes the appliance: a read-only console refuses it, and says so
 */
record KeyBinding(Scope scope, List<Key> keys, String keyNames, Function<Ui, String> label, String help, Predicate<Ui> enabledWhen,
        Action action, boolean changes, Set<Screen> hintOn) {

    /** What a key does: state changes only, and an {@link Effect}; never drawing, never I/O. */
    interface Action {
        Effect run(Ui ui, KeyStroke key);
    }

    /**
     * Where keys are looked up. A screen's keys come after {@link #EVERYWHERE}'s and before
     * {@link #SCREENS}' (which is also their order on the keys line); the editor, a filter being
     * typed and a question take every key themselves, {@link #ALWAYS} apart.
     */
    enum Scope {
        EVERYWHERE(null), SCREENS(null), ALWAYS("Everywhere, the editor too"), DASHBOARD("Dashboard"),
        FILTER("Typing a filter (after /)"), QUESTION("A question (d on a bind, x on an interface, u): the next key answers it"),
        INTERFACES("Interfaces"), EDIT("Editor"), PLAN("Plan"), TRY("Try"), LOG("Log"), PAGES("Help and messages");

        /** The help's heading; null for the keys of every screen, whose heading says which screens do not take them. */
        final String title;

        Scope(String title) {
            this.title = title;
        }

        /** Where the keys of a screen are. */
        static Scope of(Screen screen) {
            return switch (screen) {
                case DASHBOARD -> DASHBOARD;
                case INTERFACES -> INTERFACES;
                case EDIT -> EDIT;
                case PLAN -> PLAN;
                case TRY -> TRY;
                case LOG -> LOG;
                case HELP, MESSAGES, DOCTOR -> PAGES;
            };
        }
    }

    boolean matches(KeyStroke stroke) {
        return keys.stream().anyMatch(k -> k.matches(stroke));
    }
}
