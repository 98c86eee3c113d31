package dev.switchboard.console;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import dev.switchboard.console.Frame.Style;
import dev.switchboard.engine.EngineState;
import dev.switchboard.proxy.Stats;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The console running on a terminal. No GUI thread of Lanterna's: the calling thread blocks
 * reading keys, and one UI thread does all drawing, woken by a key, by an engine event (netlink:
 * a link that goes down shows at once) or by the once-a-second counters. Each drawing is a
 * {@link Frame} copied to Lanterna's screen, which sends only the cells that changed, so an idle
 * dashboard sends nothing at all.
 */
public final class ConsoleApp {
    static final int EVENTS_KEPT = 500;

    private final Terminal terminal;
    private final Screen screen;
    private final Operations ops;
    private final Glyphs glyphs;
    private final boolean color;
    private final Ui ui;
    private final ExecutorService uiThread = Executors.newSingleThreadExecutor(daemon("console-ui"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("console-tick"));
    private final AtomicBoolean redrawQueued = new AtomicBoolean();
    private final ArrayDeque<String> events = new ArrayDeque<>(); // UI thread only
    private Map<String, EngineState.LinkBytes> lastBytes = Map.of();
    private long lastBytesAt;
    private Stats.Snapshot lastStats;
    private Map<String, Double> connectionRates = Map.of();
    private Map<String, double[]> traffic = Map.of();
    private boolean fullRedraw = true;
    private Frame shown; // what the terminal shows now

    /**
     * Runs the console on the process's own terminal (standard input and output) for the
     * in-process {@code engine}, whose events come to the log view; {@code engineLog} brings
     * other lines there too (the JVM's warnings). Returns when the operator quits.
     */
    public static void runOnTty(dev.switchboard.engine.Engine engine, String who, java.util.function.Consumer<java.util.function.Consumer<String>> engineLog,
            boolean ascii, boolean mono, boolean readOnly, Map<String, String> env) throws IOException {
        run(Operations.of(engine, who, engineLog), ascii, mono, readOnly, env);
    }

    /** Runs the console on the process's own terminal, attached to the engine listening at {@code socket}. */
    public static void attachOnTty(java.nio.file.Path socket, boolean ascii, boolean mono, boolean readOnly, Map<String, String> env)
            throws IOException {
        run(new Remote(socket), ascii, mono, readOnly, env);
    }

    private static void run(Operations ops, boolean ascii, boolean mono, boolean readOnly, Map<String, String> env) throws IOException {
        run(ops, System.in, System.out, ascii, mono, readOnly, env);
    }

    /**
     * The console on {@code in} and {@code out} as the terminal that {@code env} describes: a
     * {@code vt*} TERM gets no colour and only what a VT100 understands (see {@link TtyTerminal}).
     */
    static void run(Operations ops, java.io.InputStream in, java.io.OutputStream out, boolean ascii, boolean mono, boolean readOnly,
            Map<String, String> env) throws IOException {
        Glyphs glyphs = ascii ? Glyphs.ASCII : Glyphs.forLocale(env);
        String term = env.getOrDefault("TERM", "dumb");
        boolean vt100 = term.startsWith("vt");
        boolean color = !mono && !env.containsKey("NO_COLOR") && !vt100 && !term.equals("dumb");
        java.nio.charset.Charset charset = glyphs == Glyphs.ASCII ? java.nio.charset.StandardCharsets.US_ASCII : java.nio.charset.StandardCharsets.UTF_8;
        try (TtyTerminal terminal = new TtyTerminal(in, out, charset, vt100)) {
            new ConsoleApp(terminal, ops, glyphs, color, readOnly).run();
        }
    }

    ConsoleApp(Terminal terminal, Operations ops, Glyphs glyphs, boolean color, boolean readOnly) throws IOException {
        this.terminal = terminal;
        this.screen = new TerminalScreen(terminal);
        this.ops = ops;
        this.glyphs = glyphs;
        this.color = color;
        this.ui = new Ui(ops, readOnly);
    }

    /** Runs until q (or the input ends); the terminal is restored on the way out. */
    void run() throws IOException {
        screen.startScreen();
        screen.setCursorPosition(null);
        try (AutoCloseable subscription = ops.subscribe(e -> uiThread.execute(() -> {
            events.addLast(e);
            while (events.size() > EVENTS_KEPT) {
                events.removeFirst();
            }
            redrawSoon();
        }))) {
            onUi(() -> {
                sample();
                draw();
                return true;
            });
            ticker.scheduleAtFixedRate(() -> uiThread.execute(() -> {
                sample();
                draw();
            }), 1, 1, TimeUnit.SECONDS);
            while (true) {
                KeyStroke key = terminal.readInput();
                boolean go = onUi(() -> {
                    if (key.getKeyType() == KeyType.Character && key.isCtrlDown() && key.getCharacter() == 'l') {
                        fullRedraw = true;
                    }
                    boolean more = ui.handle(key, view());
                    draw();
                    return more;
                });
                if (!go) {
                    break;
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            ticker.shutdownNow();
            uiThread.shutdownNow();
            screen.stopScreen();
        }
    }

    private interface UiTask {
        boolean run() throws IOException;
    }

    private boolean onUi(UiTask task) throws IOException {
        try {
            return uiThread.submit(task::run).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private void redrawSoon() {
        if (redrawQueued.compareAndSet(false, true)) {
            uiThread.execute(() -> {
                redrawQueued.set(false);
                draw();
            });
        }
    }

    /**
     * Works the rates out from the counters of the engine's state; once a second. A state not
     * read again since the last sample (the engine busy with a change) keeps the rates as they were.
     */
    private void sample() {
        EngineState s = ops.state();
        if (s.linksNanos() != lastBytesAt) {
            if (lastBytesAt != 0) {
                traffic = View.rates(lastBytes, s.links(), s.linksNanos() - lastBytesAt);
            }
            lastBytes = s.links();
            lastBytesAt = s.linksNanos();
        }
        Stats.Snapshot stats = s.stats();
        if (lastStats != null && stats.nanos() != lastStats.nanos()) {
            Map<String, Double> rates = new HashMap<>();
            for (Stats.FrontendStats f : stats.frontends()) {
                lastStats.frontend(f.name()).ifPresent(before -> {
                    for (Stats.BindStats b : f.binds()) {
                        before.binds().stream().filter(x -> x.bind().equals(b.bind())).findFirst().ifPresent(x -> rates.put(Dashboard.key(f.name(), b),
                                Stats.perSecond(x.total(), b.total(), lastStats.nanos(), stats.nanos())));
                    }
                });
            }
            connectionRates = rates;
        }
        if (lastStats == null || stats.nanos() != lastStats.nanos()) {
            lastStats = stats;
        }
    }

    /** What is drawn: the engine's state as last published (never waiting for the engine), with the console's own rates and events. */
    View view() {
        return View.of(ops.state(), traffic, connectionRates, new ArrayList<>(events));
    }

    /** Draws the current view; only what changed reaches the terminal. */
    private void draw() {
        try {
            TerminalSize resized = screen.doResizeIfNecessary();
            TerminalSize size = screen.getTerminalSize();
            if (size.getColumns() <= 0 || size.getRows() <= 0) {
                size = TtyTerminal.FALLBACK;
            }
            View view = view();
            ui.observe(view);
            Frame frame = new Frame(size.getColumns(), size.getRows());
            ui.draw(frame, view, glyphs);
            if (resized == null && !fullRedraw && frame.sameAs(shown)) {
                return; // not even a cursor sequence: an idle screen on a slow line stays silent
            }
            shown = frame;
            copy(frame);
            screen.refresh(resized != null || fullRedraw ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
            fullRedraw = false;
        } catch (IOException e) {
            // the terminal went away: the input loop sees EOF and ends
        }
    }

    private void copy(Frame frame) {
        for (int r = 0; r < frame.height; r++) {
            for (int c = 0; c < frame.width; c++) {
                screen.setCharacter(c, r, cell(frame.charAt(r, c), frame.styleAt(r, c)));
            }
        }
    }

    private final Map<Style, TextCharacter[]> cache = new HashMap<>();

    private TextCharacter cell(char ch, Style style) {
        TextCharacter[] row = cache.computeIfAbsent(style, s -> new TextCharacter[128]);
        if (ch < 128 && row[ch] != null) {
            return row[ch];
        }
        TextCharacter t = styled(ch, style);
        if (ch < 128) {
            row[ch] = t;
        }
        return t;
    }

    /** Colour where the terminal has it; in monochrome, bold and reverse carry the same meaning. */
    private TextCharacter styled(char ch, Style style) {
        TextColor fg = TextColor.ANSI.DEFAULT;
        TextColor bg = TextColor.ANSI.DEFAULT;
        List<SGR> sgr = new ArrayList<>();
        switch (style) {
            case TITLE -> sgr.add(SGR.REVERSE);
            case HEADER -> sgr.add(SGR.BOLD);
            case SELECTED -> sgr.add(SGR.REVERSE);
            case GOOD -> {
                if (color) {
                    fg = TextColor.ANSI.GREEN;
                } else {
                    sgr.add(SGR.BOLD);
                }
            }
            case WARN -> {
                if (color) {
                    fg = TextColor.ANSI.YELLOW;
                } else {
                    sgr.add(SGR.BOLD);
                }
            }
            case BAD -> {
                if (color) {
                    fg = TextColor.ANSI.RED;
                    sgr.add(SGR.BOLD);
                } else {
                    sgr.add(SGR.REVERSE);
                }
            }
            default -> { }
        }
        return TextCharacter.fromCharacter(ch, fg, bg, sgr.toArray(SGR[]::new))[0];
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
