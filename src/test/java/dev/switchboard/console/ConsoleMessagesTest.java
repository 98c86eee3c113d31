package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.console.Frame.Style;
import dev.switchboard.engine.Engine;
import dev.switchboard.plan.PlannerTest;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Nothing is lost to the width of the screen: the help scrolls on a 40x12 terminal, the keys line
 * starts with ?:help and q:quit, and a message the status line cuts is read whole with m.
 */
class ConsoleMessagesTest {
    final View view;
    final Ui ui = new Ui(false, Glyphs.ASCII);

    ConsoleMessagesTest() throws Exception {
        view = DashboardTest.view(PlannerTest.config(PlannerTest.seedText()), DashboardTest.seedRows("up"), Optional.empty(), Optional.empty(), 4);
        ui.view(view);
    }

    /** A key, then the screen as the console would draw it next. */
    Frame press(KeyStroke key, int width, int height) {
        ui.handle(key);
        return draw(width, height);
    }

    Frame draw(int width, int height) {
        Frame frame = new Frame(width, height);
        ui.draw(frame);
        return frame;
    }

    static KeyStroke key(char c) {
        return KeyStroke.fromString(String.valueOf(c));
    }

    static String words(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    @Test
    void helpScrollsOnAFortyByTwelveTerminalAndEveryLineOfItCanBeRead() {
        Frame f = press(key('?'), 40, 12);
        assertTrue(f.text(1).matches("KEYS {2}\\(1-8 of \\d+\\)"), f.text(1));
        assertEquals("    ?  this help (Up Down PgUp PgDn", f.text(3));
        assertTrue(f.text(10).startsWith(" ?:help  q:quit  Esc:back  Up/Down"), f.text(10));

        // one line down at a time, collecting each line as it comes in at the bottom
        List<String> read = new ArrayList<>();
        for (int r = 2; r < 10; r++) {
            read.add(f.text(r));
        }
        for (int i = 0; i < 100 && !f.text(1).matches("KEYS {2}\\((\\d+)-(\\d+) of \\2\\)"); i++) {
            f = press(new KeyStroke(KeyType.ArrowDown), 40, 12);
            read.add(f.text(9));
        }
        assertTrue(f.text(1).matches("KEYS {2}\\((\\d+)-(\\d+) of \\2\\)"), "Down reaches the end: " + f.text(1));
        assertTrue(f.toString().contains("k  keep"), f.toString());
        String all = words(String.join(" ", read));
        for (String line : Keys.help(ui)) {
            assertTrue(all.contains(words(line)), "\"" + words(line) + "\" is read whole at 40 columns:\n" + String.join("\n", read));
        }
        String end = f.text(1);
        assertEquals(end, press(new KeyStroke(KeyType.PageDown), 40, 12).text(1), "it stops at the end");

        int total = Integer.parseInt(end.replaceAll(".* of (\\d+)\\)", "$1"));
        for (int up = 0; up < (total + 9) / 10; up++) { // ten lines a PgUp
            f = press(new KeyStroke(KeyType.PageUp), 40, 12);
        }
        assertTrue(f.text(1).startsWith("KEYS  (1-8 of"), f.text(1));
        f = press(new KeyStroke(KeyType.Escape), 40, 12);
        assertTrue(f.text(1).startsWith("> GATEWAYS"), "Esc goes back to where the help was opened:\n" + f);
    }

    @Test
    void theKeysLineStartsWithHelpAndQuitOnEveryScreenThatTakesThem() {
        assertTrue(draw(40, 12).text(10).startsWith(" ?:help  q:quit  Tab:panel"), draw(40, 12).text(10));
        for (Ui.Screen screen : List.of(Ui.Screen.DASHBOARD, Ui.Screen.PLAN, Ui.Screen.TRY, Ui.Screen.HELP, Ui.Screen.MESSAGES)) {
            ui.screen = screen;
            Frame f = draw(40, 12);
            assertTrue(f.text(10).startsWith(" ?:help  q:quit  "), screen + ": " + f.text(10));
        }
    }

    @Test
    void aMessageTheStatusLineCutsIsReadWholeWithM() {
        String long1 = "frontend ft_www 203.0.113.10:80: cannot listen: Address already in use; frontend ft_www [2001:db8::10]:80: "
                + "cannot listen: Cannot assign requested address (is the address on an interface? freebind = true binds it anyway)";
        ui.say("server bk_www/web2 disabled", Style.GOOD);
        ui.say(long1, Style.BAD);
        Frame f = draw(80, 24);
        assertEquals(80, f.text(23).length(), "the status line is cut at the width");
        assertFalse(f.text(23).contains("freebind"), f.text(23));

        f = press(key('m'), 80, 24);
        assertTrue(f.text(1).startsWith("MESSAGES (newest first)"), f.toString());
        String shown = words(f.toString());
        assertTrue(shown.contains(words(long1)), "the whole message:\n" + f);
        assertTrue(shown.indexOf("cannot listen") < shown.indexOf("server bk_www/web2 disabled"), "newest first:\n" + f);
        assertTrue(shown.contains("keys there: Tab:panel"), "and the keys of the screen behind, whole:\n" + f);
        assertTrue(shown.contains("m:messages"), f.toString());
        assertTrue(f.text(2).matches(" {2}\\d\\d:\\d\\d:\\d\\d {2}frontend ft_www 203.0.113.10:80: cannot listen: .*"), f.text(2));
        assertTrue(f.text(3).startsWith("    "), "a wrapped line is indented under its first: " + f.text(3));
        assertTrue(press(new KeyStroke(KeyType.Escape), 80, 24).text(1).startsWith("> GATEWAYS"));
    }

    @Test
    void aPendingTryLeadsTheStatusLineWhoSinceAndSecondsLeft() {
        Instant since = Instant.now().minusSeconds(18);
        View trying = new View(view.summary(), view.gateways(), view.traffic(), view.stats(), view.connectionRates(), view.replies(),
                Optional.of(new Engine.PendingTry("alice on pts/3", since, since.plusSeconds(60))), Optional.of("bob on pts/4"), view.events());
        ui.say("server bk_www/web2 disabled", Style.GOOD);
        Frame f = new Frame(120, 24);
        ui.view(trying);
        ui.draw(f);
        String clock = DateTimeFormatter.ofPattern("HH:mm:ss").format(LocalTime.ofInstant(since, ZoneId.systemDefault()));
        assertTrue(f.text(23).matches(" TRY pending: 4[12] s left, by alice on pts/3 since " + clock + " {2}\\| {2}changing: bob on pts/4 {2}\\| {2}server bk_www/web2 disabled"),
                f.text(23));
    }

    @Test
    void wrapBreaksAtSpacesAndCutsAWordLongerThanALine() {
        assertEquals(List.of("  one two three", "      four five"), Pages.wrap("  one two three four five", 16, "    "));
        assertEquals(List.of("abcdefgh", "ijk"), Pages.wrap("abcdefghijk", 8, ""));
    }
}
