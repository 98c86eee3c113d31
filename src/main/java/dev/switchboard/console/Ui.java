package dev.switchboard.console;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.console.Frame.Style;
import dev.switchboard.engine.Engine;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The console's state and where a key goes: the screen, the question asked, the messages, and
 * the parts that hold each screen's own state and keys ({@link Panels}, {@link Interfaces},
 * {@link Editor}, {@link Changes}, {@link Pages}). What a key does is looked up in {@link Keys};
 * it changes state and returns an {@link Effect}, and never draws or talks to the engine itself.
 * Drawing is {@link #draw}, from the {@link View} last given. Pure, and used on one thread.
 */
final class Ui {
    enum Screen {
        DASHBOARD("the dashboard"), INTERFACES("the interfaces"), EDIT("the editor"), PLAN("the plan"), TRY("the try"), LOG("the log"),
        HELP("the help"), MESSAGES("the messages"), DOCTOR("the doctor");

        final String title;

        Screen(String title) {
            this.title = title;
        }
    }

    /** A question whose answer is the next key: y does {@code yes}, any other key {@code no}. */
    record Question(String yes, Supplier<Effect> onYes, Supplier<Effect> onNo) {}

    /** A message as it was said, for the messages screen: the status line shows one, cut at the width. */
    record Said(LocalTime at, String text) {}

    static final int MESSAGES_KEPT = 50;
    static final DateTimeFormatter CLOCK = Engine.HH_MM_SS;

    final boolean readOnly;
    /** When this console began to hear the engine: the log's audit part ends there, its live events begin. */
    final java.time.Instant started = java.time.Instant.now();
    /** Where another session may confirm a try; empty when none may (the demo's socket is private). */
    Optional<java.nio.file.Path> socket = Optional.empty();
    final Glyphs glyphs;
    final Panels dash = new Panels();
    final Interfaces edits = new Interfaces();
    final Editor editor = new Editor();
    final Changes changes = new Changes();
    final Pages pages = new Pages();
    Effect.Call<List<String>> doctor = Pages.doctorCall(ConsoleApp.NO_DOCTOR); // the checks, run off the UI thread
    Screen screen = Screen.DASHBOARD;
    /** The screens the operator came through to this one, the last on top: Esc and n go back along it. */
    private final ArrayDeque<Screen> trail = new ArrayDeque<>();
    Question question; // null when nothing is asked
    View view;
    String message = "";
    Style messageStyle = Style.NORMAL;
    private boolean quitAsked;
    private int jobs; // effects whose work is under way
    private String working = ""; // what the last of them does
    private final ArrayDeque<Said> said = new ArrayDeque<>(); // newest first

    /** Why this console only looks: what it says when it refuses a key. */
    final String refusal;

    Ui(boolean readOnly, Glyphs glyphs) {
        this(readOnly ? ReadOnly.VIEWER : ReadOnly.NO, glyphs);
    }

    Ui(ReadOnly readOnly, Glyphs glyphs) {
        this.readOnly = readOnly != ReadOnly.NO;
        this.refusal = readOnly.why;
        this.glyphs = glyphs;
    }

    /** The appliance as it is now: what is drawn and what keys act on. */
    void view(View v) {
        this.view = v;
    }

    /** What a key does, as the key table says. */
    Effect handle(KeyStroke key) {
        if (key.getKeyType() == KeyType.EOF) {
            return Effect.QUIT;
        }
        Optional<KeyBinding> found = Keys.find(Keys.layers(this), key);
        boolean asked = quitAsked;
        quitAsked = false; // any other key and q asks again
        if (found.isEmpty() || !found.get().enabledWhen().test(this)) {
            return Effect.NONE;
        }
        KeyBinding b = found.get();
        if (Keys.refused(this, b)) {
            say(refusal, Style.BAD);
            return Effect.NONE;
        }
        if (b == Keys.QUIT || b == Keys.INTERRUPT) {
            quitAsked = asked;
        }
        return started(b.action().run(this, key));
    }

    /** The result of an effect's work, back on this thread. */
    Effect finish(Effect.Completion done) {
        jobs--;
        if (jobs == 0) {
            working = "";
        }
        return started(done.apply());
    }

    private Effect started(Effect e) {
        if (e.job() != null) {
            jobs++;
            working = e.working();
        }
        return e;
    }

    /** Called with each new view: a try that ended without us ended by its countdown, or was kept elsewhere. */
    Effect observe() {
        return jobs > 0 ? Effect.NONE : changes.observe(this);
    }

    /** q or Ctrl-C ({@code key}): the end, asked again first while a try is pending. */
    Effect quit(String key) {
        if (view.pending().isPresent() && !quitAsked) {
            quitAsked = true;
            say("a try is pending: it rolls back in " + view.pending().get().secondsLeft() + " s unless kept. " + key + " again quits", Style.WARN);
            return Effect.NONE;
        }
        return Effect.QUIT;
    }

    /**
     * Opens {@code to} from the screen shown: going back returns here. A screen already on the
     * trail is returned to (the trail is cut there), so going back never goes round in circles;
     * the dashboard is where every trail starts.
     */
    Effect go(Screen to) {
        if (to == screen) {
            return Effect.NONE;
        }
        if (to == Screen.DASHBOARD) {
            trail.clear();
        } else if (trail.contains(to)) {
            while (trail.pop() != to) {
                // screens opened after it are left
            }
        } else {
            trail.push(screen);
        }
        screen = to;
        return Effect.NONE;
    }

    /** Shows {@code to} in place of the screen shown (the plan becomes its try): going back skips the one replaced. */
    Effect replace(Screen to) {
        trail.remove(to);
        screen = to;
        return Effect.NONE;
    }

    /** Esc (and n on the plan): back to where this screen was opened from; from the dashboard, to the try while one is pending. */
    Effect back() {
        if (!trail.isEmpty()) {
            screen = trail.pop();
        } else if (screen == Screen.DASHBOARD && view.pending().isPresent()) {
            return go(Screen.TRY);
        } else {
            screen = Screen.DASHBOARD;
        }
        return Effect.NONE;
    }

    /** Where going back from here leads. */
    Screen behind() {
        return trail.isEmpty() ? Screen.DASHBOARD : trail.peek();
    }

    /** The help or the messages, from the top. */
    Effect openPage(Screen page) {
        pages.top();
        return go(page);
    }

    /** Asks; the next key answers. */
    Effect ask(String text, String yes, Supplier<Effect> onYes, Supplier<Effect> onNo) {
        question = new Question(yes, onYes, onNo);
        say(text, Style.WARN);
        return Effect.NONE;
    }

    Effect answer(boolean yes) {
        Question q = question;
        question = null;
        return (yes ? q.onYes() : q.onNo()).get();
    }

    void say(String text, Style style) {
        message = text;
        messageStyle = style;
        if (!text.isEmpty()) {
            if (!said.isEmpty() && said.peekFirst().text().equals(text)) {
                said.removeFirst(); // said again: once, at its latest time
            }
            said.addFirst(new Said(LocalTime.now(), text));
            while (said.size() > MESSAGES_KEPT) {
                said.removeLast();
            }
        }
    }

    Effect report(Engine.Outcome o) {
        say(String.join("; ", o.lines()), o.ok() ? Style.GOOD : Style.BAD);
        return Effect.NONE;
    }

    // ---- drawing ----

    /** Draws the current screen from the view last given; asks no one anything. */
    void draw(Frame frame) {
        frame.line(0, " switchboard  " + view.summary() + (readOnly ? "  [READ-ONLY]" : ""), Style.TITLE);
        int bottom = frame.height - 2;
        switch (screen) {
            case DASHBOARD -> Dashboard.draw(frame, Interfaces.drawLines(frame, 1, edits.listedLines(frame.width, 3, "i then p plans them, u discards them"),
                    Style.WARN), bottom, view, dash, glyphs);
            case INTERFACES -> edits.draw(frame, bottom);
            case EDIT -> editor.draw(frame, bottom);
            case PLAN -> changes.drawPlan(frame, bottom, pages);
            case TRY -> changes.drawTry(frame, bottom, view, socket, pages);
            case LOG -> pages.drawLog(frame, bottom, view, started);
            case HELP -> pages.draw(frame, 1, bottom, "KEYS", Keys.help(this), Style.NORMAL, pages.helpScroll, false);
            case MESSAGES -> pages.draw(frame, 1, bottom, "MESSAGES (newest first)", messages(), Style.NORMAL, pages.messagesScroll, false);
            case DOCTOR -> pages.draw(frame, 1, bottom, "DOCTOR: fail|warn|ok  SUBJECT  what is wrong  (fix)", pages.doctorLines, Style.NORMAL,
                    pages.doctorScroll, false);
        }
        frame.line(bottom, Keys.hints(this, screen), Style.DIM);
        boolean urgent = message.isEmpty() && view.pending().isPresent();
        frame.line(frame.height - 1, status(), urgent ? Style.WARN : message.isEmpty() ? Style.HEADER : messageStyle);
    }

    /**
     * The status line: a pending try first (it is what may take the box away), who holds the
     * change lock, what this console is doing, then the last message, or else the last event. A
     * question stands alone: its answer is the next key.
     */
    String status() {
        if (question != null) {
            return " " + message;
        }
        List<String> parts = new ArrayList<>();
        view.pending().ifPresent(p -> parts.add(tryText(p)));
        view.changer().ifPresent(w -> parts.add("changing: " + w));
        if (jobs > 0) {
            parts.add(working + "...");
        }
        if (!message.isEmpty()) {
            parts.add(message);
        } else {
            if (view.pending().isEmpty()) {
                parts.add(0, "no try pending");
            }
            if (!view.events().isEmpty()) {
                parts.add("last: " + view.events().get(view.events().size() - 1));
            }
        }
        return " " + String.join("  |  ", parts);
    }

    static String tryText(Engine.PendingTry p) {
        return "TRY pending: " + p.secondsLeft() + " s left, by " + p.who() + " since "
                + CLOCK.format(LocalTime.ofInstant(p.since(), ZoneId.systemDefault()));
    }

    /** The messages screen: what the status line says now, whole, then the earlier messages, then the keys of the screen behind. */
    private List<String> messages() {
        List<String> lines = new ArrayList<>();
        String now = status().strip();
        if (said.isEmpty() || !now.equals(said.peekFirst().text())) {
            lines.add("now: " + now);
        }
        for (Said s : said) {
            lines.add(CLOCK.format(s.at()) + "  " + s.text());
        }
        if (said.isEmpty()) {
            lines.add("(no messages yet)");
        }
        lines.add("");
        lines.add("keys there: " + Keys.hints(this, behind()).replaceFirst("^ \\?:help  q:quit", "").strip());
        return lines;
    }
}
