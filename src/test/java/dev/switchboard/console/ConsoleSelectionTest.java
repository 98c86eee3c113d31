package dev.switchboard.console;

import dev.switchboard.engine.EngineState;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static dev.switchboard.console.Scenes.draw;
import static dev.switchboard.console.Scenes.highlighted;
import static dev.switchboard.console.Scenes.press;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import dev.switchboard.proxy.Stats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The highlight is the item, not the place: the backends sorted by connections change order as
 * the counts change, and Enter acts on the server the operator sees highlighted.
 */
class ConsoleSelectionTest {
    static Stats.ServerStats server(int i, int current) {
        return new Stats.ServerStats("bk_www", "web" + i, "10.3.0." + (i + 1) + ":80", true, true, false, Instant.EPOCH, current, 10L * i, 0, 0, 0);
    }

    /** The seed's view with servers web0, web1... carrying {@code current} connections each. */
    static View servers(int... current) {
        View v = Scenes.seedView(false);
        List<Stats.ServerStats> list = new ArrayList<>();
        for (int i = 0; i < current.length; i++) {
            list.add(server(i, current[i]));
        }
        Stats.Snapshot stats = new Stats.Snapshot(0, v.stats().frontends(), v.stats().backends(), list);
        return new View(v.summary(), v.gateways(), v.traffic(), stats, v.connectionRates(), v.replies(), v.pending(), v.changer(), v.events());
    }

    static KeyStroke key(char c) {
        return KeyStroke.fromString(String.valueOf(c));
    }

    /** The backends' rows on an 80x24 screen: the panel is the last, from its title to the keys line. */
    static int backendsTitle(Frame f) {
        for (int r = 0; r < f.height; r++) {
            if (f.text(r).startsWith("> BACKENDS")) {
                return r;
            }
        }
        throw new AssertionError("no focused BACKENDS panel on\n" + f);
    }

    static int rowOf(Frame f, String server) {
        for (int r = backendsTitle(f); r < f.height - 2; r++) {
            if (f.text(r).startsWith("  " + server + " ")) {
                return r;
            }
        }
        throw new AssertionError(server + " is not shown on\n" + f);
    }

    @Test
    void enterTogglesTheHighlightedServerAfterTheConnectionsSortMovedIt() {
        Recording engine = new Recording(Scenes.seedText());
        Ui ui = Scenes.ui(false);
        ui.view(servers(1, 5, 3, 0)); // by connections: web1 web2 web0 web3
        press(ui, engine, key('3'));
        press(ui, engine, key('s'));
        press(ui, engine, key('s'));
        Frame before = press(ui, engine, new KeyStroke(KeyType.ArrowDown));
        int title = backendsTitle(before);
        assertTrue(before.text(title).contains("BACKENDS (by connections)"), before.toString());
        assertTrue(highlighted(before, title, 22).startsWith("  bk_www/web2 "), before.toString());
        int was = rowOf(before, "bk_www/web2");

        ui.view(servers(1, 5, 9, 0)); // a second later web2 leads: web2 web1 web0 web3
        Frame after = draw(ui, 80, 24);
        assertNotEquals(was, rowOf(after, "bk_www/web2"), "the order changed:\n" + before + "\n" + after);
        assertEquals(was, rowOf(after, "bk_www/web1"), "web1 is where web2 was");
        assertTrue(highlighted(after, title, 22).startsWith("  bk_www/web2 "), "the highlight went with web2:\n" + after);

        Frame done = press(ui, engine, new KeyStroke(KeyType.Enter));
        assertEquals(List.of("server bk_www/web2 disabled"), engine.changes());
        assertTrue(done.text(23).contains("server bk_www/web2 disabled"), done.text(23));
    }

    @Test
    void whenTheHighlightedServerGoesTheHighlightStaysInPlaceAndAFilterStartsAtTheTop() {
        Recording engine = new Recording(Scenes.seedText());
        Ui ui = Scenes.ui(false);
        ui.view(servers(0, 0, 0, 0));
        press(ui, engine, key('3'));
        press(ui, engine, new KeyStroke(KeyType.ArrowDown));
        Frame f = press(ui, engine, new KeyStroke(KeyType.ArrowDown));
        int title = backendsTitle(f);
        assertTrue(highlighted(f, title, 22).startsWith("  bk_www/web2 "), f.toString());

        View gone = servers(0, 0, 0, 0);
        List<Stats.ServerStats> three = new ArrayList<>(gone.stats().servers());
        three.remove(2);
        ui.view(new View(gone.summary(), gone.gateways(), gone.traffic(), new Stats.Snapshot(0, gone.stats().frontends(), gone.stats().backends(), three),
                gone.connectionRates(), gone.replies(), gone.pending(), gone.changer(), gone.events()));
        assertTrue(highlighted(draw(ui, 80, 24), title, 22).startsWith("  bk_www/web3 "), "web3 took web2's place");

        press(ui, engine, key('/'));
        press(ui, engine, key('w'));
        press(ui, engine, key('e'));
        f = press(ui, engine, new KeyStroke(KeyType.Enter));
        assertTrue(f.text(title).contains("filter: we"), f.toString());
        assertTrue(highlighted(f, title, 22).startsWith("  bk_www/web0 "), "a new filter starts at its first row:\n" + f);
        press(ui, engine, new KeyStroke(KeyType.Enter));
        assertEquals(List.of("server bk_www/web0 disabled"), engine.changes());
    }

    /**
     * The whole console, its threads and a virtual terminal: the engine's counts change, and the
     * console's reading of them (once a second) changes the order under the operator; Enter,
     * pressed after the highlighted server has moved, acts on it.
     */
    @Test
    void onTheRunningConsoleEnterActsOnTheServerThatMovedUnderTheHighlight() throws Exception {
        AtomicBoolean later = new AtomicBoolean(); // the counts change when the test says, so that each screen stays still to be read
        Recording engine = new Recording(Scenes.seedText()) {
            @Override
            public EngineState state() {
                boolean now = !later.get();
                Stats.Snapshot stats = new Stats.Snapshot(0, List.of(), List.of(), List.of(server(0, now ? 1 : 7), server(1, now ? 5 : 4), server(2, now ? 3 : 9)));
                return new EngineState("recording", "", Instant.EPOCH, List.of(), 0, Map.of(), stats, List.of(), Optional.empty(),
                        Optional.empty(), Optional.empty(), List.of());
            }
        };
        ConsoleHarness.Keys terminal = new ConsoleHarness.Keys(new TerminalSize(80, 24));
        BlockingQueue<Boolean> drawn = new LinkedBlockingQueue<>();
        terminal.addVirtualTerminalListener(new VirtualTerminalListener() {
            @Override
            public void onFlush() {
                drawn.add(true); // called holding the terminal's lock: only a note here, the screen is read elsewhere
            }

            @Override
            public void onBell() {
            }

            @Override
            public void onClose() {
            }

            @Override
            public void onResized(com.googlecode.lanterna.terminal.Terminal t, TerminalSize size) {
            }
        });
        ConsoleApp app = new ConsoleApp(terminal, engine, Glyphs.ASCII, false, false);
        Thread console = new Thread(() -> {
            try {
                app.run();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        console.start();
        try {
            for (char c : "3ss".toCharArray()) {
                terminal.queue.add(key(c));
            }
            terminal.queue.add(new KeyStroke(KeyType.ArrowDown));
            // by connections web1 web2 web0; Down: web2
            String first = awaitScreen(terminal, drawn, s -> s.contains("(by connections)") && selected(terminal).startsWith("  bk_www/web2 "));
            String chosen = "bk_www/web2";
            int row = rowOf(first, chosen);
            later.set(true); // web2 9, web0 7, web1 4
            awaitScreen(terminal, drawn, s -> rowOf(s, chosen) != row && rowOf(s, "bk_www/web0") == row); // the next reading moved it
            assertTrue(selected(terminal).strip().startsWith(chosen + " "), "the highlight moved with " + chosen + ":\n" + screen(terminal));
            terminal.queue.add(new KeyStroke(KeyType.Enter));
            awaitScreen(terminal, drawn, s -> s.contains("server " + chosen + " disabled"));
            assertEquals(List.of("server " + chosen + " disabled"), engine.changes());
        } finally {
            terminal.queue.add(new KeyStroke(KeyType.EOF));
            console.join(5000);
        }
    }

    static String screen(ConsoleHarness.Keys terminal) {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < 24; r++) {
            b.append(line(terminal, r)).append('\n');
        }
        return b.toString();
    }

    static String line(ConsoleHarness.Keys terminal, int r) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < 80; c++) {
            line.append(terminal.getCharacter(c, r).getCharacterString());
        }
        return line.toString().stripTrailing();
    }

    /** The server row shown in reverse (the highlight, in monochrome), or "". */
    static String selected(ConsoleHarness.Keys terminal) {
        for (int r = 0; r < 22; r++) {
            if (line(terminal, r).startsWith("  bk_www/") && terminal.getCharacter(2, r).getModifiers().contains(SGR.REVERSE)) {
                return line(terminal, r);
            }
        }
        return "";
    }

    static int rowOf(String screen, String server) {
        List<String> lines = screen.lines().toList();
        for (int r = 0; r < lines.size(); r++) {
            if (lines.get(r).startsWith("  " + server + " ")) {
                return r;
            }
        }
        return -1;
    }

    /** The screen once {@code shows} holds of it, looked at after each drawing. */
    static String awaitScreen(ConsoleHarness.Keys terminal, BlockingQueue<Boolean> drawn, Predicate<String> shows) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String s = screen(terminal);
        while (!shows.test(s)) {
            long left = deadline - System.nanoTime();
            assertTrue(left > 0 && drawn.poll(left, TimeUnit.NANOSECONDS) != null, "not shown in 10 s:\n" + s);
            s = screen(terminal);
        }
        return s;
    }
}
