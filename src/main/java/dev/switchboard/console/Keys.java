package dev.switchboard.console;

import static dev.switchboard.console.KeyBinding.Scope.ALWAYS;
import static dev.switchboard.console.KeyBinding.Scope.DASHBOARD;
import static dev.switchboard.console.KeyBinding.Scope.EDIT;
import static dev.switchboard.console.KeyBinding.Scope.EVERYWHERE;
import static dev.switchboard.console.KeyBinding.Scope.FILTER;
import static dev.switchboard.console.KeyBinding.Scope.INTERFACES;
import static dev.switchboard.console.KeyBinding.Scope.LOG;
import static dev.switchboard.console.KeyBinding.Scope.PAGES;
import static dev.switchboard.console.KeyBinding.Scope.PLAN;
import static dev.switchboard.console.KeyBinding.Scope.QUESTION;
import static dev.switchboard.console.KeyBinding.Scope.SCREENS;
import static dev.switchboard.console.KeyBinding.Scope.TRY;

import com.googlecode.lanterna.input.KeyStroke;
import dev.switchboard.console.Dashboard.Panel;
import dev.switchboard.console.KeyBinding.Action;
import dev.switchboard.console.KeyBinding.Scope;
import dev.switchboard.console.Ui.Screen;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The console's keys, as one table: the help ({@link #help}), the keys line ({@link #hints}) and
 * what a key does ({@link #find}) are read from it. Pure.
 */
final class Keys {
    private Keys() {}

    /** How the help marks a key this console refuses. */
    static final String REFUSED = "[read-only: refused]";

    private static final Predicate<Ui> ON_A_SERVER = ui -> ui.dash.focus == Panel.BACKENDS && ui.dash.selected(ui, Panel.BACKENDS).isPresent();
    private static final Predicate<Ui> ON_A_BIND = ui -> ui.dash.focus == Panel.FRONTENDS && ui.dash.selected(ui, Panel.FRONTENDS).isPresent();
    private static final Predicate<Ui> ON_AN_INTERFACE = ui -> ui.edits.selected().isPresent();
    private static final Predicate<Ui> EDITED = ui -> ui.edits.edited();

    /** q: asked again while a try is pending (the Ui remembers that it asked). */
    static final KeyBinding QUIT = on(EVERYWHERE, Key.of('q')).label("q:quit").help("quit").does((ui, k) -> ui.quit("q"));
    /** Ctrl-C: quits as q does, asked again the same way during a try (the terminal sends it as a key, not a signal). */
    static final KeyBinding INTERRUPT = on(ALWAYS, Key.ctrl('c')).help("quit, as q (the editor and a question too)")
            .does((ui, k) -> ui.quit("Ctrl-C"));

    static final List<KeyBinding> TABLE = List.of(
            on(EVERYWHERE, Key.of('?')).label("?:help").help("this help (Up Down PgUp PgDn scroll it)")
                    .does((ui, k) -> ui.openPage(Screen.HELP)),
            QUIT,
            on(EVERYWHERE, Key.ESC).label("Esc:back").hintOn(Screen.HELP, Screen.MESSAGES, Screen.DOCTOR).help("back").does((ui, k) -> ui.back()),
            on(SCREENS, Key.of('g')).label("g:dashboard").hintOn(Screen.INTERFACES, Screen.LOG).help("dashboard")
                    .does((ui, k) -> ui.go(Screen.DASHBOARD)),
            on(SCREENS, Key.of('i')).label("i:interfaces").hintOn(Screen.DASHBOARD).help("interfaces").does((ui, k) -> ui.edits.open(ui)),
            on(SCREENS, Key.of('l')).label("l:log").hintOn(Screen.DASHBOARD).help("log: audit and live events")
                    .does((ui, k) -> ui.pages.openLog(ui)),
            on(SCREENS, Key.of('m')).label("m:messages")
                    .hintOn(Screen.DASHBOARD, Screen.INTERFACES, Screen.PLAN, Screen.TRY, Screen.LOG)
                    .help("messages: the last ones whole, where the status line cuts them").does((ui, k) -> ui.openPage(Screen.MESSAGES)),
            on(SCREENS, Key.of('c')).label("c:doctor").hintOn(Screen.DASHBOARD, Screen.DOCTOR)
                    .help("doctor: what is wrong with the box and the fixes, checked now (again on the doctor)")
                    .does((ui, k) -> ui.pages.openDoctor(ui)),
            INTERRUPT,
            on(ALWAYS, Key.ctrl('l')).help("redraw the screen").does((ui, k) -> Effect.REDRAW_ALL),

            on(DASHBOARD, Key.TAB, Key.of('1'), Key.of('2'), Key.of('3')).named("Tab, 1 2 3").label("Tab:panel")
                    .help("focus gateways, frontends, backends").does((ui, k) -> ui.dash.focus(k)),
            on(DASHBOARD, Key.SHIFT_TAB).help("focus the panel before").does((ui, k) -> ui.dash.focus(k)),
            on(DASHBOARD, Key.UP, Key.DOWN, Key.of('k'), Key.of('j'), Key.PAGE_UP, Key.PAGE_DOWN).named("Up Down (k j), PgUp PgDn")
                    .label("Up/Down:select").help("select and scroll").does((ui, k) -> ui.dash.move(ui, k)),
            on(DASHBOARD, Key.of('/')).label("/:filter").help("filter the focused panel (Enter keeps it, Esc clears it)")
                    .does((ui, k) -> ui.dash.startFilter()),
            on(DASHBOARD, Key.of('s')).label("s:sort").help("sort the backends: by name, state, connections").does((ui, k) -> ui.dash.sort()),
            on(DASHBOARD, Key.ENTER, Key.SPACE).named("Enter or Space on a server").label("Enter:server on/off").help("disable / enable it")
                    .when(ON_A_SERVER).changes().does((ui, k) -> ui.dash.toggleServer(ui)),
            on(DASHBOARD, Key.of('d')).named("d on a bind").label("d:drain")
                    .help("drain its frontend, asked first (y): it stops accepting; connections finish")
                    .when(ON_A_BIND).changes().does((ui, k) -> ui.dash.drain(ui)),
            on(DASHBOARD, Key.of('e')).named("e on a bind").label("e:enable").help("enable its drained frontend: its binds listen again")
                    .when(ON_A_BIND).changes().does((ui, k) -> ui.dash.enable(ui)),
            on(DASHBOARD, Key.of('p')).named("p on a bind").label("p:pin")
                    .help("pin it to the interface its users come from, or unpin it: the plan shows")
                    .when(ON_A_BIND).changes().does((ui, k) -> ui.dash.pin(ui)),
            on(DASHBOARD, Key.of('u')).named("u with edits").label("u:discard edits")
                    .help("discard the edits listed, asked first (y): nothing on the box changes").when(EDITED).does((ui, k) -> ui.edits.discard(ui)),

            on(FILTER, Key.TEXT).label(ui -> "filter: " + ui.dash.filter + "_   (Enter keeps it, Esc clears it)")
                    .help("the filter: the focused panel shows the rows that contain it (any case)").does((ui, k) -> ui.dash.type(k)),
            on(FILTER, Key.BACKSPACE).help("erase its last character").does((ui, k) -> ui.dash.erase()),
            on(FILTER, Key.ENTER).help("keep it").does((ui, k) -> ui.dash.keepFilter()),
            on(FILTER, Key.ESC).help("clear it").does((ui, k) -> ui.dash.clearFilter()),

            on(QUESTION, Key.of('y')).label(ui -> "y:" + ui.question.yes()).help("yes").changes().does((ui, k) -> ui.answer(true)),
            on(QUESTION, Key.ANY).label("any other key: no").help("no: nothing is changed").does((ui, k) -> ui.answer(false)),

            on(INTERFACES, Key.UP, Key.DOWN, Key.of('k'), Key.of('j')).named("Up Down (k j)").label("Up/Down:select").help("select")
                    .does((ui, k) -> ui.edits.move(k)),
            on(INTERFACES, Key.of('e'), Key.ENTER).named("e or Enter").label("e:edit").help("edit").when(ON_AN_INTERFACE).changes()
                    .does((ui, k) -> ui.edits.edit(ui)),
            on(INTERFACES, Key.of('a')).label("a:add").help("add").changes().does((ui, k) -> ui.edits.add(ui)),
            on(INTERFACES, Key.of('x')).label("x:remove").help("remove, asked first (y)").when(ON_AN_INTERFACE).changes()
                    .does((ui, k) -> ui.edits.remove(ui)),
            on(INTERFACES, Key.of('p')).label("p:plan the edits").help("plan the edits: see the diff before anything changes")
                    .does((ui, k) -> ui.changes.plan(ui)),
            on(INTERFACES, Key.of('u')).named("u with edits").label("u:discard edits").help("discard the edits, asked first (y)")
                    .when(EDITED).does((ui, k) -> ui.edits.discard(ui)),

            on(EDIT, Key.ENTER).label("Enter:done").help("done").does((ui, k) -> ui.editor.save(ui)),
            on(EDIT, Key.ESC).label("Esc:cancel").help("cancel").does((ui, k) -> ui.editor.cancel(ui)),
            on(EDIT, Key.UP, Key.DOWN, Key.TAB, Key.SHIFT_TAB).label("Up/Down/Tab:field").help("field").does((ui, k) -> ui.editor.field(k)),
            on(EDIT, Key.TEXT).label("type to change").help("type to change").does((ui, k) -> ui.editor.type(ui, k)),
            on(EDIT, Key.BACKSPACE).label("Backspace").help("erase").does((ui, k) -> ui.editor.erase(ui)),

            on(PLAN, Key.of('y')).label("y:apply as a try (rolls back unless kept)").help("apply (as a try: it rolls back unless kept)")
                    .when(ui -> ui.changes.planOk).changes().does((ui, k) -> ui.changes.apply(ui)),
            on(PLAN, Key.of('n')).label("n:back").help("back to where the plan was opened from").does((ui, k) -> ui.back()),
            on(PLAN, Key.of('u')).label("u:discard edits").help("discard the edits, asked first (y), and go back").when(EDITED)
                    .does((ui, k) -> ui.edits.discard(ui)),

            on(TRY, Key.of('k')).label("k:keep").help("keep").changes().does((ui, k) -> ui.changes.keep(ui)),
            on(TRY, Key.of('r')).label("r:revert now").help("revert now").changes().does((ui, k) -> ui.changes.revert(ui)),

            on(LOG, Key.UP, Key.DOWN, Key.of('k'), Key.of('j'), Key.PAGE_UP, Key.PAGE_DOWN).named("Up Down (k j), PgUp PgDn")
                    .label("Up/Down/PgUp/PgDn:scroll").help("scroll (the newest last)").does((ui, k) -> ui.pages.scroll(ui, k)),
            on(PAGES, Key.UP, Key.DOWN, Key.of('k'), Key.of('j'), Key.PAGE_UP, Key.PAGE_DOWN).named("Up Down (k j), PgUp PgDn")
                    .label("Up/Down/PgUp/PgDn:scroll").help("scroll").does((ui, k) -> ui.pages.scroll(ui, k)));

    /** Where keys are looked up now, in order: the first binding that matches is the key's. */
    static List<Scope> layers(Ui ui) {
        if (ui.screen == Screen.EDIT) {
            return List.of(ALWAYS, EDIT);
        }
        if (ui.dash.typingFilter) {
            return List.of(ALWAYS, FILTER);
        }
        if (ui.question != null) {
            return List.of(ALWAYS, QUESTION);
        }
        return layers(ui.screen);
    }

    /** Where the keys of {@code screen} are looked up when nothing is being typed or asked. */
    static List<Scope> layers(Screen screen) {
        return screen == Screen.EDIT ? List.of(ALWAYS, EDIT) : List.of(ALWAYS, EVERYWHERE, Scope.of(screen), SCREENS);
    }

    static Optional<KeyBinding> find(List<Scope> layers, KeyStroke key) {
        for (Scope scope : layers) {
            for (KeyBinding b : TABLE) {
                if (b.scope() == scope && b.matches(key)) {
                    return Optional.of(b);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether {@code b} would be refused here: it changes things, and this console may only look. */
    static boolean refused(Ui ui, KeyBinding b) {
        return b.changes() && ui.readOnly;
    }

    /**
     * The keys line of {@code on}: the labels of what works there now, in the table's order, so
     * ?:help and q:quit come first and a narrow terminal, which cuts the end, still shows where
     * the rest is.
     */
    static String hints(Ui ui, Screen on) {
        List<Scope> layers = on == ui.screen ? layers(ui) : layers(on);
        List<String> labels = new ArrayList<>();
        for (Scope scope : layers) {
            for (KeyBinding b : TABLE) {
                if (b.scope() == scope && b.hintOn().contains(on) && b.enabledWhen().test(ui) && !refused(ui, b)) {
                    String label = b.label().apply(ui);
                    if (!label.isEmpty()) {
                        labels.add(label);
                    }
                }
            }
        }
        return " " + String.join("  ", labels);
    }

    /** How wide the help's lines are packed: an 80-column terminal, less the page's margin. Narrower ones wrap them. */
    static final int HELP_WIDTH = 76;

    /**
     * The help: every binding, under the heading of where it works, each marked when this
     * console refuses it; short ones share a line. The keys of every screen say which screens
     * do not take them.
     */
    static List<String> help(Ui ui) {
        List<String> lines = new ArrayList<>();
        if (ui.readOnly) {
            lines.add("This console only looks: the keys marked " + REFUSED + " change things, and are refused (" + ui.refusal + ").");
        }
        String heading = null;
        String line = null;
        for (Scope scope : Scope.values()) {
            for (KeyBinding b : TABLE) {
                if (b.scope() != scope) {
                    continue;
                }
                String title = scope.title != null ? scope.title : everywhereBut(scope);
                String entry = helpEntry(ui, b);
                if (!title.equals(heading)) {
                    if (line != null) {
                        lines.add(line);
                    }
                    lines.add(title);
                    heading = title;
                    line = "  " + entry;
                } else if (line.length() + 3 + entry.length() <= HELP_WIDTH) {
                    line += "   " + entry;
                } else {
                    lines.add(line);
                    line = "  " + entry;
                }
            }
        }
        lines.add(line);
        return lines;
    }

    /** A binding as the help says it: its keys, what it does, and whether this console refuses it. */
    static String helpEntry(Ui ui, KeyBinding b) {
        return b.keyNames() + "  " + b.help() + (refused(ui, b) ? " " + REFUSED : "");
    }

    /** "Everywhere but the editor": the screens that do not look {@code scope} up, named. */
    static String everywhereBut(Scope scope) {
        List<String> not = Arrays.stream(Screen.values()).filter(s -> !layers(s).contains(scope)).map(s -> s.title).toList();
        return not.isEmpty() ? "Everywhere" : "Everywhere but " + String.join(", ", not);
    }

    // ---- building the table ----

    private static Builder on(Scope scope, Key... keys) {
        return new Builder(scope, List.of(keys));
    }

    private static final class Builder {
        private final Scope scope;
        private final List<Key> keys;
        private String names;
        private Function<Ui, String> label = ui -> "";
        private String help = "";
        private Predicate<Ui> when = ui -> true;
        private boolean changes;
        private Set<Screen> hintOn = EnumSet.allOf(Screen.class);

        Builder(Scope scope, List<Key> keys) {
            this.scope = scope;
            this.keys = keys;
            this.names = keys.stream().map(Key::name).collect(Collectors.joining(" "));
        }

        Builder named(String keyNames) {
            names = keyNames;
            return this;
        }

        Builder label(String text) {
            label = ui -> text;
            return this;
        }

        Builder label(Function<Ui, String> text) {
            label = text;
            return this;
        }

        Builder help(String text) {
            help = text;
            return this;
        }

        Builder when(Predicate<Ui> enabled) {
            when = enabled;
            return this;
        }

        Builder changes() {
            changes = true;
            return this;
        }

        Builder hintOn(Screen first, Screen... more) {
            hintOn = EnumSet.of(first, more);
            return this;
        }

        KeyBinding does(Action action) {
            return new KeyBinding(scope, keys, names, label, help, when, action, changes, Set.copyOf(hintOn));
        }
    }
}
