package dev.switchboard.console;

import static dev.switchboard.console.Scenes.draw;
import static dev.switchboard.console.Scenes.press;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.console.Dashboard.Panel;
import dev.switchboard.console.KeyBinding.Scope;
import dev.switchboard.console.Ui.Screen;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The help, the keys line and what a key does come from one table: every key the help names
 * does what it says where it says, every key that does something is in the help, and the keys
 * line offers what works there now, with the labels it always had.
 */
class ConsoleKeyTableTest {
    /** Every keystroke worth trying: printable characters, Ctrl with a letter, and the keys that are not characters. */
    static List<KeyStroke> everyKey() {
        List<KeyStroke> keys = new ArrayList<>();
        for (char c = ' '; c < 127; c++) {
            keys.add(new KeyStroke(c, false, false));
        }
        for (char c = 'a'; c <= 'z'; c++) {
            keys.add(new KeyStroke(c, true, false));
        }
        for (KeyType t : List.of(KeyType.ArrowUp, KeyType.ArrowDown, KeyType.ArrowLeft, KeyType.ArrowRight, KeyType.PageUp,
                KeyType.PageDown, KeyType.Home, KeyType.End, KeyType.Tab, KeyType.ReverseTab, KeyType.Enter, KeyType.Escape,
                KeyType.Backspace, KeyType.Delete, KeyType.Insert, KeyType.F1, KeyType.F5, KeyType.F12)) {
            keys.add(new KeyStroke(t));
        }
        return keys;
    }

    /** A console in each place keys are looked up: every screen, a filter being typed, a question asked. */
    static Map<String, Supplier<Ui>> places() {
        Map<String, Supplier<Ui>> places = new LinkedHashMap<>();
        for (Scope scope : List.of(Scope.DASHBOARD, Scope.FILTER, Scope.QUESTION, Scope.INTERFACES, Scope.EDIT, Scope.PLAN, Scope.TRY,
                Scope.LOG)) {
            places.put(scope.name(), () -> Scenes.in(scope, null, false));
        }
        for (Panel p : Panel.values()) {
            places.put("DASHBOARD " + p, () -> {
                Ui ui = Scenes.in(Scope.DASHBOARD, null, false);
                ui.dash.focus = p;
                return ui;
            });
        }
        for (Screen page : List.of(Screen.HELP, Screen.MESSAGES)) {
            places.put(page.name(), () -> {
                Ui ui = Scenes.in(Scope.DASHBOARD, null, false);
                ui.openPage(page);
                return ui;
            });
        }
        return places;
    }

    /** The help as a person reads it, whole (a terminal tall enough for it). */
    static String helpShown(Ui ui) {
        Screen was = ui.screen;
        ui.screen = Screen.HELP;
        String shown = draw(ui, 200, 120).toString();
        ui.screen = was;
        return shown;
    }

    static String heading(KeyBinding b) {
        return b.scope().title != null ? b.scope().title : Keys.everywhereBut(b.scope());
    }

    static boolean names(KeyBinding b, Key k) {
        return Pattern.compile("(^|[ ,(])" + Pattern.quote(k.name()) + "($|[ ,)])").matcher(b.keyNames()).find();
    }

    @Test
    void everyBindingIsInTheHelpUnderWhereItWorksWithEachOfItsKeysNamed() {
        Ui ui = Scenes.ui(false);
        String shown = helpShown(ui);
        List<Integer> headings = new ArrayList<>();
        for (KeyBinding b : Keys.TABLE) {
            headings.add(shown.indexOf("\n  " + heading(b) + "\n"));
        }
        for (KeyBinding b : Keys.TABLE) {
            int h = shown.indexOf("\n  " + heading(b) + "\n");
            int next = headings.stream().filter(x -> x > h).min(Integer::compare).orElse(shown.length());
            int at = shown.indexOf(Keys.helpEntry(ui, b), h);
            assertTrue(h >= 0 && at > h && at < next, "\"" + Keys.helpEntry(ui, b) + "\" under \"" + heading(b) + "\" in\n" + shown);
            for (Key k : b.keys()) {
                assertTrue(names(b, k), "the help names " + k.name() + " in \"" + b.keyNames() + "\"");
            }
        }
        assertTrue(shown.contains("\n  Everywhere but the editor\n"), "the keys of every screen say where they are not:\n" + shown);
    }

    @Test
    void everyKeyTheHelpNamesDispatchesToItsBindingWhereverThatIsInForce() {
        for (Map.Entry<String, Supplier<Ui>> place : places().entrySet()) {
            List<Scope> layers = Keys.layers(place.getValue().get());
            for (KeyBinding b : Keys.TABLE) {
                if (!layers.contains(b.scope())) {
                    continue;
                }
                for (Key k : b.keys()) {
                    if (k == Key.ANY) {
                        continue; // the last resort: keys nothing else takes
                    }
                    assertEquals(Optional.of(b), Keys.find(layers, k.stroke()), k.name() + " on " + place.getKey() + " is \"" + b.help() + "\"");
                }
            }
        }
    }

    @Test
    void everyKeyThatDoesSomethingIsInTheHelpAndEveryOtherDoesNothing() {
        Recording engine = new Recording(Scenes.seedText());
        String help = helpShown(Scenes.ui(false));
        for (Map.Entry<String, Supplier<Ui>> place : places().entrySet()) {
            Ui ui = place.getValue().get();
            for (KeyStroke key : everyKey()) {
                Optional<KeyBinding> b = Keys.find(Keys.layers(ui), key);
                if (b.isPresent()) {
                    assertTrue(help.contains(Keys.helpEntry(ui, b.get())), key + " on " + place.getKey() + ": in the help");
                    assertTrue(b.get().keys().stream().anyMatch(k -> k.matches(key) && names(b.get(), k)), key + " on " + place.getKey() + ": named there");
                } else {
                    String before = draw(ui, 80, 24).toString();
                    assertEquals(before, press(ui, engine, key).toString(), key + " on " + place.getKey() + " is in no binding, and does nothing");
                }
            }
        }
        assertEquals(List.of(), engine.calls, "keys in no binding ask the engine nothing");
    }

    @Test
    void theKeysLineOffersWhatWorksThereNowWithTheLabelsItAlwaysHad() {
        Map<String, Supplier<Ui>> at = places();
        String first = " ?:help  q:quit  ";
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("DASHBOARD GATEWAYS", first + "Tab:panel  Up/Down:select  /:filter  s:sort  i:interfaces  l:log  m:messages  c:doctor");
        expected.put("DASHBOARD FRONTENDS", first + "Tab:panel  Up/Down:select  /:filter  s:sort  d:drain  e:enable  p:pin  i:interfaces  l:log  m:messages  c:doctor");
        expected.put("DASHBOARD BACKENDS", first + "Tab:panel  Up/Down:select  /:filter  s:sort  Enter:server on/off  i:interfaces  l:log  m:messages  c:doctor");
        expected.put("FILTER", " filter: _   (Enter keeps it, Esc clears it)");
        expected.put("QUESTION", " y:drain ft_www  any other key: no");
        expected.put("INTERFACES", first + "Up/Down:select  e:edit  a:add  x:remove  p:plan the edits  g:dashboard  m:messages");
        expected.put("EDIT", " Enter:done  Esc:cancel  Up/Down/Tab:field  type to change  Backspace");
        expected.put("PLAN", first + "y:apply as a try (rolls back unless kept)  n:back  u:discard edits  m:messages");
        expected.put("TRY", first + "k:keep  r:revert now  m:messages");
        expected.put("LOG", first + "Up/Down/PgUp/PgDn:scroll  g:dashboard  m:messages");
        expected.put("HELP", first + "Esc:back  Up/Down/PgUp/PgDn:scroll");
        expected.put("MESSAGES", first + "Esc:back  Up/Down/PgUp/PgDn:scroll");
        expected.forEach((place, line) -> {
            Frame f = draw(at.get(place).get(), 200, 24);
            assertEquals(line.stripTrailing(), f.text(22), place);
        });

        Ui failed = at.get("PLAN").get();
        failed.changes.planOk = false;
        assertEquals(first + "n:back  u:discard edits  m:messages", draw(failed, 200, 24).text(22), "y is not offered when the plan failed");
    }

    @Test
    void aKeyThatIsOffNowDoesNothingAndIsNotOffered() {
        Recording engine = new Recording(Scenes.seedText());
        Ui ui = Scenes.ui(false); // the gateways have the focus: no bind, no server
        for (char c : "dep".toCharArray()) {
            String before = draw(ui, 80, 24).toString();
            assertFalse(draw(ui, 200, 24).text(22).contains(c + ":"), c + " is not offered on the gateways");
            assertEquals(before, press(ui, engine, new KeyStroke(c, false, false)).toString(), c + " on the gateways does nothing");
        }
        assertEquals(before(ui), press(ui, engine, new KeyStroke(KeyType.Enter)).toString(), "Enter on the gateways does nothing");
        Ui plan = Scenes.in(Scope.PLAN, null, false);
        plan.changes.planOk = false;
        assertEquals(before(plan), press(plan, engine, new KeyStroke('y', false, false)).toString(), "y on a plan that failed does nothing");
        assertEquals(List.of(), engine.calls);
    }

    private static String before(Ui ui) {
        return draw(ui, 80, 24).toString();
    }

    @Test
    void theScreenKeysWorkOnThePlanAndTheTryAsTheHelpSaysButTheEditorTakesThemAsText() {
        Recording engine = new Recording(Scenes.seedText());
        Ui plan = Scenes.in(Scope.PLAN, null, false);
        assertTrue(press(plan, engine, new KeyStroke('g', false, false)).text(1).startsWith(" EDITS, not applied (i then p plans them, u discards them): eth4: metric 4 -> 9"),
                "g on the plan: the dashboard, with the edits listed first\n" + draw(plan, 80, 24));
        plan = Scenes.in(Scope.PLAN, null, false);
        assertTrue(press(plan, engine, new KeyStroke('i', false, false)).text(1).startsWith("INTERFACES"), "i on the plan: the interfaces");
        Ui trying = Scenes.in(Scope.TRY, null, false);
        Frame log = press(trying, engine, new KeyStroke('l', false, false));
        assertTrue(log.text(1).startsWith("LOG: audit log"), "l on the try: the log\n" + log);
        assertTrue(log.text(23).startsWith(" TRY pending: "), "the try still leads the status line:\n" + log);
        assertTrue(press(trying, engine, new KeyStroke(KeyType.Escape)).text(1).startsWith("APPLIED AS A TRY"), "Esc: back to the try");
        assertTrue(press(trying, engine, new KeyStroke('?', false, false)).text(1).startsWith("KEYS"), "? on the try: the help");

        Ui editor = Scenes.in(Scope.EDIT, null, false);
        Frame typed = editor.screen == Screen.EDIT ? press(editor, engine, new KeyStroke('?', false, false)) : null;
        assertTrue(typed != null && typed.text(1).equals("EDIT eth0") && typed.text(2).contains("?_]"), "? in the editor is typed:\n" + typed);
        assertFalse(typed.text(22).contains("?:help"), "and the keys line does not offer it there");
        assertTrue(helpShown(editor).contains("\n  Everywhere but the editor\n"), "as the help says");
    }
}
