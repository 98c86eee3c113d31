package dev.switchboard.console;

import static dev.switchboard.console.Scenes.draw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.console.KeyBinding.Scope;
import dev.switchboard.console.Ui.Screen;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A console that keeps the operator's place: the edits are listed where they are made and
 * planned, and can be discarded; p on a bind undoes its own edit; screens go back to where they
 * were opened from; Ctrl-C quits as q does; the try says how it can be kept from here and from
 * elsewhere. On the seed's appliance, keys pressed as the console does, against a recording engine.
 */
class ConsolePlaceTest {
    final Recording engine = new Recording(Scenes.seedText());
    final Ui ui = Scenes.ui(false);

    Frame press(KeyStroke key) {
        return Scenes.press(ui, engine, key);
    }

    Frame type(String keys) {
        Frame f = null;
        for (char c : keys.toCharArray()) {
            f = press(new KeyStroke(c, false, false));
        }
        return f;
    }

    Frame key(KeyType type, int times) {
        Frame f = null;
        for (int i = 0; i < times; i++) {
            f = press(new KeyStroke(type));
        }
        return f;
    }

    /** i, eth4's metric 4 -> 9, Enter: an edit, on the interfaces. */
    void editEth4Metric() {
        type("i");
        key(KeyType.ArrowDown, 4);
        assertEquals("EDIT eth4", key(KeyType.Enter, 1).text(1));
        key(KeyType.ArrowDown, 2);
        key(KeyType.Backspace, 1);
        type("9");
        assertEquals(" eth4 edited: p plans the edits, nothing has changed yet", key(KeyType.Enter, 1).text(23));
    }

    static final String LISTED = " EDITS, not applied (i then p plans them, u discards them): eth4: metric 4 -> 9";

    @Test
    void aPendingEditIsListedOnTheDashboardAndUDiscardsItAskedFirst() {
        assertEquals("> GATEWAYS (by metric; * the one the kernel uses)", draw(ui, 80, 24).text(1), "no edits: nothing listed");
        editEth4Metric();
        Frame f = draw(ui, 80, 24);
        assertEquals(" EDITS, not applied (p plans them, u discards them): eth4: metric 4 -> 9", f.text(21), "listed on the interfaces too:\n" + f);
        assertEquals("INTERFACES  (edited, not applied: p plans)", f.text(1));
        f = type("g");
        assertEquals(LISTED, f.text(1));
        assertEquals("> GATEWAYS (by metric; * the one the kernel uses)", f.text(2));
        assertTrue(draw(ui, 200, 24).text(22).contains("  u:discard edits  "), draw(ui, 200, 24).text(22));

        f = type("u");
        assertEquals(" discard the edit? nothing on the box changes (y/n)", f.text(23));
        assertEquals(" y:discard  any other key: no", f.text(22));
        f = type("n");
        assertEquals(LISTED, f.text(1), "n keeps the edits");

        type("u");
        f = type("y");
        assertEquals(" edits discarded: the confirmed config is all there is", f.text(23));
        assertEquals("> GATEWAYS (by metric; * the one the kernel uses)", f.text(1));
        assertNull(ui.edits.candidate);
        assertFalse(draw(ui, 200, 24).text(22).contains("u:discard"), "nothing to discard, nothing offered");
        assertEquals(List.of("confirmedText"), engine.calls, "discarding asks the engine nothing");
    }

    @Test
    void aPlanHoldsExactlyTheEditsListedAndPAgainOnABindUndoesItsPinEdit() {
        editEth4Metric();
        type("g");
        type("2");
        key(KeyType.ArrowDown, 2); // ft_exchange 10.2.0.10:443, pinned to eth2
        Frame plan = type("p");
        assertEquals("PLAN: your edits, and what applying them changes (nothing has changed yet)", plan.text(1));
        assertEquals("  the edits:", plan.text(2));
        assertEquals("    eth4: metric 4 -> 9", plan.text(3));
        assertEquals("    ft_exchange 10.2.0.10:443: unpinned (was eth2)", plan.text(4));
        assertEquals("  what applying them changes:", plan.text(5));
        assertEquals("    + something", plan.text(6));

        Frame dash = type("n");
        assertEquals(Screen.DASHBOARD, ui.screen, "n goes back to where the plan was opened: the dashboard");
        assertEquals(" EDITS, not applied (i then p plans them, u discards them): eth4: metric 4 -> 9;", dash.text(1));
        assertEquals("   ft_exchange 10.2.0.10:443: unpinned (was eth2)", dash.text(2), "the dashboard lists what the plan held");

        dash = type("p");
        assertEquals(Screen.DASHBOARD, ui.screen, "undoing a pin edit plans nothing");
        assertEquals(" ft_exchange 10.2.0.10:443: pin edit undone; other edits remain, listed above", dash.text(23));
        assertEquals(LISTED, dash.text(1));

        type("u");
        type("y");
        type("p"); // no edits: pinned as confirmed, so p unpins again
        assertEquals(List.of("ft_exchange 10.2.0.10:443: unpinned (was eth2)"), ui.edits.listed());
        type("n");
        type("p");
        assertEquals(" ft_exchange 10.2.0.10:443: pin edit undone; no edits left", draw(ui, 80, 24).text(23));
        assertEquals(List.of(), ui.edits.listed());
        assertEquals(Scenes.seedText(), ui.edits.candidate, "the text as confirmed, to the byte");
    }

    @Test
    void screensGoBackToWhereTheyWereOpenedFrom() {
        editEth4Metric();
        assertEquals(Screen.INTERFACES, ui.screen, "Enter in the editor: back to the interfaces");
        type("p");
        assertEquals(Screen.PLAN, ui.screen);
        type("n");
        assertEquals(Screen.INTERFACES, ui.screen, "n on a plan opened from the interfaces");
        type("l");
        assertEquals(Screen.LOG, ui.screen);
        type("?");
        key(KeyType.Escape, 1);
        assertEquals(Screen.LOG, ui.screen, "Esc on the help: the log it was opened from");
        key(KeyType.Escape, 1);
        assertEquals(Screen.INTERFACES, ui.screen, "Esc on the log: the interfaces it was opened from");
        type("l");
        type("i"); // the interfaces again, from the log: the trail is cut there, no circles
        key(KeyType.Escape, 1);
        assertEquals(Screen.DASHBOARD, ui.screen);
        key(KeyType.Escape, 1);
        assertEquals(Screen.DASHBOARD, ui.screen);
    }

    @Test
    void ctrlCQuitsAsQDoesAskingFirstDuringATry() {
        KeyStroke ctrlC = new KeyStroke('c', true, false);
        assertTrue(ui.handle(ctrlC).quit(), "no try: Ctrl-C quits");

        Ui trying = Scenes.in(Scope.TRY, null, false);
        assertFalse(trying.handle(ctrlC).quit(), "a try is pending: asked first");
        String status = draw(trying, 200, 24).text(23);
        assertTrue(status.matches(" TRY pending: \\d+ s left, by alice on pts/3 since \\d\\d:\\d\\d:\\d\\d  \\|  a try is "
                + "pending: it rolls back in \\d+ s unless kept. Ctrl-C again quits"), status);
        assertTrue(trying.handle(ctrlC).quit(), "Ctrl-C again quits");

        Ui editing = Scenes.in(Scope.EDIT, null, false);
        assertTrue(editing.handle(ctrlC).quit(), "in the editor too");
    }

    @Test
    void theTryScreenShowsHowToKeepItHereAndFromAnotherSession() {
        Ui trying = Scenes.in(Scope.TRY, null, false);
        trying.changes.tryLines = List.of("+ route default via 10.4.0.1 dev eth4 metric 9", "applied for 60 s: run \"switchboard confirm\" to keep it");
        Frame f = draw(trying, 80, 24);
        assertEquals("  k  keep it (confirm, and write it to the config file)      r  revert now", f.text(2));
        assertEquals("  only k keeps it: no other session can reach this engine", f.text(3));
        assertEquals("  + route default via 10.4.0.1 dev eth4 metric 9", f.text(5));
        assertFalse(f.toString().contains("run \"switchboard confirm\""), "the engine's hint for a shell is not the console's:\n" + f);

        trying.socket = Optional.of(Path.of("/run/switchboard/control.sock"));
        assertEquals("  elsewhere: switchboard --socket /run/switchboard/control.sock confirm", draw(trying, 80, 24).text(3));
    }

    @Test
    void theEditorChecksAFieldAsItIsTypedWithTheErrorUnderIt() {
        type("i");
        key(KeyType.ArrowDown, 4);
        key(KeyType.Enter, 1); // eth4
        key(KeyType.ArrowDown, 2); // its metric
        key(KeyType.Backspace, 1);
        Frame f = type("2");
        assertEquals(Screen.EDIT, ui.screen, "no Enter yet");
        assertEquals("  metric           [2_]", f.text(4));
        assertEquals("                   metric 2 is already eth2's IPv4 default route (each interface", f.text(5));
        assertEquals("                   needs its own metric, or the kernel sends every reply through", f.text(6));
        assertEquals("                   one gateway)", f.text(7));
        assertEquals("  mtu              []", f.text(8));
        key(KeyType.Backspace, 1);
        f = type("7");
        assertEquals("  metric           [7_]", f.text(4));
        assertEquals("  mtu              []", f.text(5), "put right: the error is gone with the mistake");
        assertEquals(Screen.EDIT, ui.screen);
    }

    @Test
    void theLogsAuditPartEndsWhereTheLiveEventsBeginSoNoChangeIsShownTwice() {
        List<String> audit = List.of("2026-11-30T11:23:31Z demo: try 60: done", "    + route default via 10.4.0.1 dev eth4 metric 9",
                "2026-11-30T11:25:00Z demo: rollback: done", "    ROLLED BACK: rolled back by demo", "cannot read the audit log: gone");
        assertEquals(List.of("2026-11-30T11:23:31Z demo: try 60: done", "    + route default via 10.4.0.1 dev eth4 metric 9",
                "cannot read the audit log: gone"), Pages.before(audit, java.time.Instant.parse("2026-11-30T11:24:00.500Z")));
    }

    @Test
    void aNewInterfacesFieldIsJudgedAsItIsTyped() {
        type("i");
        type("a");
        Frame f = type("eth9");
        assertEquals("NEW INTERFACE", f.text(1));
        assertEquals("  name             [eth9_]", f.text(2));
        assertEquals("  addresses        []", f.text(3), "a good name: nothing said");
        key(KeyType.ArrowDown, 4);
        f = type("x");
        assertEquals("  mtu              [x_]", f.text(6));
        assertEquals("                   must be a whole number from 68 to 65535, not the string \"x\"", f.text(7),
                "the mtu's error under it, before any Enter:\n" + f);
        assertEquals("  state (up/down)  [up]", f.text(9));
        key(KeyType.Enter, 1);
        assertEquals(Screen.EDIT, ui.screen, "and Enter does not take it");
    }

    @Test
    void aConsoleStartedWithReadOnlySaysSoWhenItRefusesAKeyWhoeverRunsIt() {
        Ui asked = new Ui(ReadOnly.ASKED, Glyphs.ASCII);
        asked.view(Scenes.seedView(false));
        Frame f = Scenes.press(asked, engine, new KeyStroke('i', false, false));
        f = Scenes.press(asked, engine, new KeyStroke('a', false, false));
        assertEquals(" read-only: this console was started with --read-only", f.text(23));
        assertEquals(ReadOnly.VIEWER, ReadOnly.of(false, true));
        assertEquals(ReadOnly.ASKED, ReadOnly.of(true, true), "asked for, whatever the engine allows");
    }
}
