package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.switchboard.engine.Engine;
import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.PlannerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A console on a virtual terminal, against a real engine on the seed's appliance in a namespace. */
abstract class ConsoleHarness {
    /** Lanterna's virtual terminal, with a key queue that does not hold the terminal's lock while waiting. */
    static final class Keys extends DefaultVirtualTerminal {
        final BlockingQueue<KeyStroke> queue = new LinkedBlockingQueue<>();

        Keys(TerminalSize size) {
            super(size);
        }

        @Override
        public KeyStroke readInput() {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                return new KeyStroke(KeyType.EOF);
            }
        }
    }

    @TempDir
    Path dir;

    Netns ns;
    Engine engine;
    Keys terminal;
    Thread console;

    /** How the console reaches the engine in this test class: in-process; a subclass attaches over the socket. */
    Operations operations() throws Exception {
        return Operations.of(engine, "tester");
    }

    boolean readOnly() {
        return false;
    }

    /** The terminal's height: an operator's 24 rows, unless a test needs to see more at once. */
    int rows() {
        return 24;
    }

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("switchboard.toml"), PlannerTest.seedText());
        ns = SeedBox.create("keys");
        engine = ns.call(() -> Engine.start(dir.resolve("switchboard.toml"), dir.resolve("state"), 1, line -> { }, "test"));
        terminal = new Keys(new TerminalSize(80, rows()));
        ConsoleApp app = new ConsoleApp(terminal, operations(), Glyphs.ASCII, false, readOnly());
        console = ns.call(() -> {
            Thread t = new Thread(() -> {
                try {
                    app.run();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            t.start();
            return t;
        });
        await("GATEWAYS");
    }

    @AfterEach
    void stop() throws Exception {
        terminal.queue.add(new KeyStroke(KeyType.EOF));
        console.join(5000);
        closeMore();
        engine.close();
        ns.close();
    }

    void closeMore() throws Exception {
    }

    String screen() {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < rows(); r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < 80; c++) {
                line.append(terminal.getCharacter(c, r).getCharacterString());
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    String await(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String s = screen();
        while (!s.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            s = screen();
        }
        assertTrue(s.contains(text), "no \"" + text + "\" on\n" + s);
        return s;
    }

    void type(String keys) {
        for (char c : keys.toCharArray()) {
            terminal.queue.add(KeyStroke.fromString(String.valueOf(c)));
        }
    }

    void key(KeyType type, int times) {
        for (int i = 0; i < times; i++) {
            terminal.queue.add(new KeyStroke(type));
        }
    }

    List<String> defaults() throws Exception {
        return SeedBox.defaults(ns.kernel());
    }

    /** i, eth4, the metric field, 4 -> 9, done, plan. */
    void editEth4MetricAndPlan(String metric) throws Exception {
        type("i");
        await("INTERFACES");
        key(KeyType.ArrowDown, 4);
        key(KeyType.Enter, 1);
        await("EDIT eth4");
        key(KeyType.ArrowDown, 2);
        key(KeyType.Backspace, 1);
        type(metric);
        key(KeyType.Enter, 1);
        await("eth4 edited: p plans the edits");
        type("p");
    }

    /** eth4's metric to 9, planned, applied as a try, and reverted with r. */
    void tryEth4At9AndRevert() throws Exception {
        editEth4MetricAndPlan("9");
        await("+ route default via 10.4.0.1 dev eth4 metric 9");
        type("y");
        await("APPLIED AS A TRY");
        type("r");
        await("reverted: back on the confirmed config");
    }
}
