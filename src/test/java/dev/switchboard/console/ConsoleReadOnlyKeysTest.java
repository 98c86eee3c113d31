package dev.switchboard.console;

import static dev.switchboard.console.Scenes.draw;
import static dev.switchboard.console.Scenes.press;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A read-only console (a viewer, or --read-only): which keys it refuses is read from the key
 * table's {@code changes}, each is refused with the same clear words and asks the engine
 * nothing, the keys line does not offer it, and the help marks it.
 */
class ConsoleReadOnlyKeysTest {
    @Test
    void everyKeyThatChangesThingsIsRefusedWithAClearMessageAndAsksTheEngineNothing() {
        int refused = 0;
        for (KeyBinding b : Keys.TABLE) {
            if (!b.changes()) {
                continue;
            }
            for (Key k : b.keys()) {
                String what = k.name() + " (" + b.help() + ")";
                Recording engine = new Recording(Scenes.seedText());
                Ui ui = Scenes.in(b.scope(), b, true);
                assertTrue(b.enabledWhen().test(ui), what + ": the scene is one where it works");
                String label = b.label().apply(ui);
                if (!label.isEmpty()) {
                    assertFalse(draw(ui, 200, 24).text(22).contains(label), what + " is not offered: " + draw(ui, 200, 24).text(22));
                }
                press(ui, engine, k.stroke());
                Frame f = draw(ui, 200, 24);
                assertTrue(f.text(23).endsWith("  " + ReadOnly.VIEWER.why) || f.text(23).equals(" " + ReadOnly.VIEWER.why),
                        what + " is refused, and says why:\n" + f);
                assertEquals(List.of(), engine.calls, what + " asks the engine nothing");
                assertTrue(ConsoleKeyTableTest.helpShown(ui).contains(Keys.helpEntry(ui, b)) && Keys.helpEntry(ui, b).endsWith(Keys.REFUSED),
                        what + " is marked in the help");

                Ui admin = Scenes.in(b.scope(), b, false);
                Frame allowed = press(admin, new Recording(Scenes.seedText()), k.stroke());
                assertFalse(allowed.toString().contains(ReadOnly.VIEWER.why), what + " is not refused where changes are allowed:\n" + allowed);
                refused++;
            }
        }
        assertTrue(refused >= 13, "Enter, Space, d, e, p; y to a question; e, Enter, a, x; y to a plan; k, r: " + refused);
    }

    @Test
    void theHelpOfAReadOnlyConsoleSaysWhatItsMarkMeans() {
        String help = ConsoleKeyTableTest.helpShown(Scenes.ui(true));
        assertTrue(help.contains("This console only looks: the keys marked " + Keys.REFUSED + " change things, and are refused ("
                + ReadOnly.VIEWER.why + ")."), help);
        assertTrue(Scenes.words(help).contains("Enter or Space on a server disable / enable it " + Keys.REFUSED), help);
        assertFalse(Scenes.words(help).contains("s sort the backends: by name, state, connections " + Keys.REFUSED), "looking is not refused");
    }
}
