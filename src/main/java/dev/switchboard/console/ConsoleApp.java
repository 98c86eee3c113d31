package dev.switchboard.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import dev.switchboard.console.Frame.Style;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The console running on a terminal. No GUI thread of Lanterna's. The calling thread blocks
 * reading keys; one UI thread holds the {@link Ui} and does all drawing; the engine is asked
 * only elsewhere: the tick thread reads the view (once a second, and after an engine event: a
 * link that goes down shows at once), and the io thread does what keys ask of the engine
 * ({@link Effect}), while the UI thread goes on drawing. A key is handled once the work it asked
 * for is done, as before, so keys act one after another on what the last showed. Each drawing is
 * a {@link Frame} copied to Lanterna's screen, which sends only the cells that changed, so an
 * idle dashboard sends nothing at all.
 */
public final class ConsoleApp {
    static final int EVENTS_KEPT = 500;

    private final Terminal terminal;
    private final Screen screen;
    private final Operations ops;
    private final Ui ui;
    private final Cells cells;
    private final ExecutorService uiThread = Executors.newSingleThreadExecutor(daemon("console-ui"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("console-tick"));
    private final ExecutorService io = Executors.newSingleThreadExecutor(daemon("console-io"));
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    // the UI thread's
    private final ArrayDeque<String> events = new ArrayDeque<>();
    private View sampled; // the last view read, without the events
    private boolean fullRedraw = true;
    private Frame shown; // what the terminal shows now
    private boolean stopped; // the terminal is given back
    private final Sampler sampler; // the tick thread's

    /**
     * Runs the console on the process's own terminal (standard input and output) for the
     * in-process {@code engine}, whose events come to the log view; {@code engineLog} brings
     * other lines there too (the JVM's warnings); {@code socket}, where another session may
     * confirm a try (empty: nowhere, the demo's is private). Returns when the operator quits.
     */
    public static void runOnTty(dev.switchboard.engine.Engine engine, String who, java.util.function.Consumer<java.util.function.Consumer<String>> engineLog,
            java.util.Optional<java.nio.file.Path> socket, boolean ascii, boolean mono, ReadOnly readOnly, Map<String, String> env) throws IOException {
        runOnTty(engine, who, engineLog, socket, ascii, mono, readOnly, env, NO_DOCTOR);
    }

    /** The same, with doctor's checks for the Doctor view. */
    public static void runOnTty(dev.switchboard.engine.Engine engine, String who, java.util.function.Consumer<java.util.function.Consumer<String>> engineLog,
            java.util.Optional<java.nio.file.Path> socket, boolean ascii, boolean mono, ReadOnly readOnly, Map<String, String> env,
            Callable<List<String>> doctor) throws IOException {
        run(Operations.of(engine, who, engineLog, socket), ascii, mono, readOnly, env, doctor);
    }

    /** Runs the console on the process's own terminal, attached to the engine at {@code socket}; doctor's checks run in this process. */
    public static void attachOnTty(java.nio.file.Path socket, boolean ascii, boolean mono, ReadOnly readOnly, Map<String, String> env,
            Callable<List<String>> doctor) throws IOException {
        run(new Remote(socket), ascii, mono, readOnly, env, doctor);
    }

    /**
     * The console on a snapshot: read-only, its title {@code banner} (snapshot of HOST at TIME),
     * the engine's state as recorded, {@code doctor} the findings of the same snapshot.
     */
    public static void showOnTty(dev.switchboard.engine.EngineState recorded, String banner, String config, List<String> audit, boolean ascii,
            boolean mono, Map<String, String> env, Callable<List<String>> doctor) throws IOException {
        run(new Frozen(recorded, banner, config, audit), ascii, mono, ReadOnly.SNAPSHOT, env, doctor);
    }

    /** Where no checks can run. */
    static final Callable<List<String>> NO_DOCTOR = () -> List.of("doctor's checks do not run in this console: run switchboard doctor");

    private static void run(Operations ops, boolean ascii, boolean mono, ReadOnly readOnly, Map<String, String> env,
            Callable<List<String>> doctor) throws IOException {
        run(ops, System.in, System.out, ascii, mono, readOnly, env, doctor);
    }

    /**
     * The console on {@code in} and {@code out} as the terminal that {@code env} describes: a
     * {@code vt*} TERM gets no colour and only what a VT100 understands (see {@link TtyTerminal}).
     */
    static void run(Operations ops, java.io.InputStream in, java.io.OutputStream out, boolean ascii, boolean mono, ReadOnly readOnly,
            Map<String, String> env) throws IOException {
        run(ops, in, out, ascii, mono, readOnly, env, NO_DOCTOR);
    }

    static void run(Operations ops, java.io.InputStream in, java.io.OutputStream out, boolean ascii, boolean mono, ReadOnly readOnly,
            Map<String, String> env, Callable<List<String>> doctor) throws IOException {
        Glyphs glyphs = ascii ? Glyphs.ASCII : Glyphs.forLocale(env);
        String term = env.getOrDefault("TERM", "dumb");
        boolean vt100 = term.startsWith("vt");
        boolean color = !mono && !env.containsKey("NO_COLOR") && !vt100 && !term.equals("dumb");
        java.nio.charset.Charset charset = glyphs == Glyphs.ASCII ? java.nio.charset.StandardCharsets.US_ASCII : java.nio.charset.StandardCharsets.UTF_8;
        try (TtyTerminal terminal = new TtyTerminal(in, out, charset, vt100)) {
            ConsoleApp app = new ConsoleApp(terminal, ops, glyphs, color, readOnly);
            app.ui.doctor = Pages.doctorCall(doctor);
            app.run();
        }
    }

    ConsoleApp(Terminal terminal, Operations ops, Glyphs glyphs, boolean color, boolean readOnly) throws IOException {
        this(terminal, ops, glyphs, color, readOnly ? ReadOnly.VIEWER : ReadOnly.NO);
    }

    ConsoleApp(Terminal terminal, Operations ops, Glyphs glyphs, boolean color, ReadOnly readOnly) throws IOException {
        this.terminal = terminal;
        this.screen = new TerminalScreen(terminal);
        this.ops = ops;
        this.sampler = new Sampler(ops);
        this.cells = new Cells(color);
        this.ui = new Ui(readOnly, glyphs);
        ui.socket = ops.socket();
    }

    /** Runs until q (or the input ends); the terminal is restored on the way out. */
    void run() throws IOException {
        try {
            onUi(() -> {
                screen.startScreen();
                screen.setCursorPosition(null);
                return true;
            });
            try (AutoCloseable subscription = ops.subscribe(e -> {
                try {
                    uiThread.execute(() -> event(e));
                    refreshSoon(); // what the event is about shows at once
                } catch (RejectedExecutionException ended) {
                    // an event heard as the console ends
                }
            })) {
                View first = ticker.submit(() -> sample(true)).get();
                onUi(() -> {
                    accept(first);
                    return true;
                });
                ticker.scheduleAtFixedRate(() -> tick(true), 1, 1, TimeUnit.SECONDS);
                while (handle(terminal.readInput())) {
                    // each key handled, and what it asked of the engine done, before the next is read
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            ticker.shutdownNow();
            io.shutdownNow();
            try {
                onUi(() -> {
                    stopped = true; // work still under way draws nothing now
                    screen.stopScreen();
                    return true;
                });
            } finally {
                uiThread.shutdownNow();
            }
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

    /** A key: what the key table says it does, drawn; false when the console ends. Waits for the work the key asked for. */
    private boolean handle(KeyStroke key) throws IOException {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        uiThread.execute(() -> {
            try {
                perform(ui.handle(key), done);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /**
     * On the UI thread: draws, then has an effect's work done on the io thread; its result comes
     * back here with a view read after it, so that what it changed shows with what it says.
     * {@code done} (null: no key waits) hears whether the console goes on, once all is done.
     */
    private void perform(Effect effect, CompletableFuture<Boolean> done) {
        if (effect.redrawAll()) {
            fullRedraw = true;
        }
        draw();
        if (effect.job() == null) {
            if (done != null) {
                done.complete(!effect.quit());
            }
            return;
        }
        later(io, () -> {
            try {
                Effect.Completion result = effect.job().run(ops);
                View fresh = ticker.submit(() -> sample(false)).get();
                later(uiThread, () -> {
                    try {
                        sampled = fresh;
                        ui.view(current());
                        perform(ui.finish(result), done);
                    } catch (RuntimeException e) {
                        failed(e, done);
                    }
                });
            } catch (RejectedExecutionException ended) {
                // the console ended while this work was under way: nobody is left to tell
            } catch (Throwable e) {
                failed(e, done);
            }
        });
    }

    /**
     * Hands {@code task} to one of the console's threads. Work for no key (reading how a try
     * ended) may end after the operator quit, when the threads are gone: it is dropped, and no
     * stack trace reaches the terminal the operator has got back.
     */
    private static void later(ExecutorService thread, Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException ended) {
            // the console has ended
        }
    }

    /** Work that failed: a key waiting for it ends the console with the error; else it is said. */
    private void failed(Throwable e, CompletableFuture<Boolean> done) {
        if (done != null) {
            done.completeExceptionally(e);
            return;
        }
        later(uiThread, () -> {
            ui.finish(() -> Effect.NONE);
            ui.say("the console failed to ask the engine: " + e, Style.BAD);
            draw();
        });
    }

    /** On the UI thread: a new view; a try may have ended. */
    private void accept(View view) {
        sampled = view;
        ui.view(current());
        perform(ui.observe(), null);
    }

    private View current() {
        return sampled.withEvents(List.copyOf(events));
    }

    /** On the UI thread: an engine event, kept for the log and the status line with the time it was heard. */
    private void event(String e) {
        events.addLast(Ui.CLOCK.format(java.time.LocalTime.now()) + "  " + e);
        while (events.size() > EVENTS_KEPT) {
            events.removeFirst();
        }
        if (sampled != null) {
            ui.view(current());
            draw();
        }
    }

    /** On the tick thread: the view to the UI thread; with new {@code rates} once a second. */
    private void tick(boolean rates) {
        try {
            View v = sample(rates);
            later(uiThread, () -> accept(v));
        } catch (RuntimeException e) {
            later(uiThread, () -> event("cannot read the engine's view: " + e.getMessage())); // and the next second tries again
        }
    }

    /** On the tick thread. */
    private View sample(boolean rates) {
        return sampler.read(rates);
    }

    private void refreshSoon() {
        if (refreshQueued.compareAndSet(false, true)) {
            ticker.execute(() -> {
                refreshQueued.set(false);
                tick(false);
            });
        }
    }

    /** On the UI thread: draws the current view; only what changed reaches the terminal. */
    private void draw() {
        if (ui.view == null || stopped) {
            return;
        }
        try {
            TerminalSize resized = screen.doResizeIfNecessary();
            TerminalSize size = screen.getTerminalSize();
            if (size.getColumns() <= 0 || size.getRows() <= 0) {
                size = TtyTerminal.FALLBACK;
            }
            Frame frame = new Frame(size.getColumns(), size.getRows());
            ui.draw(frame);
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
                screen.setCharacter(c, r, cells.of(frame.charAt(r, c), frame.styleAt(r, c)));
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
