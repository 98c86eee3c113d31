package dev.switchboard.console;

import com.googlecode.lanterna.input.KeyStroke;
import dev.switchboard.console.Frame.Style;
import dev.switchboard.console.Ui.Screen;
import dev.switchboard.control.Tables;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The screens that are pages of text: the keys, the messages, the log. Each line is wrapped to
 * the width, so nothing is lost at the edge, and the page scrolls.
 */
final class Pages {
    int helpScroll;
    int messagesScroll;
    int logScroll;
    int doctorScroll;
    List<String> doctorLines = List.of();
    List<String> logLines = List.of();
    private int pageMax; // the farthest a page scrolls, as last drawn: the keys stop there

    /** The help and the messages from the top. */
    void top() {
        helpScroll = 0;
        messagesScroll = 0;
    }

    /** l: the audit log's end, read off the UI thread, then the live events. */
    Effect openLog(Ui ui) {
        return Effect.io("reading the audit log", ops -> {
            try {
                return ops.audit(200);
            } catch (IOException e) {
                return List.of("cannot read the audit log: " + e.getMessage());
            }
        }, lines -> {
            logLines = before(lines, ui.started);
            logScroll = 0;
            return ui.go(Screen.LOG);
        });
    }

    /** c: doctor's findings, checked now off the UI thread (live: the kernel, /proc/sys and the engine read again). */
    Effect openDoctor(Ui ui) {
        return Effect.io("running doctor's checks", ui.doctor, lines -> {
            doctorLines = lines;
            doctorScroll = 0;
            return ui.openPage(Screen.DOCTOR);
        });
    }

    /** The checks as a call off the UI thread: their lines, or why they could not run. */
    static Effect.Call<List<String>> doctorCall(java.util.concurrent.Callable<List<String>> checks) {
        return ops -> {
            try {
                return checks.call();
            } catch (Exception e) {
                return List.of("doctor's checks could not run: " + e.getMessage());
            }
        };
    }

    /** Up Down (k j) PgUp PgDn on the page shown: the log counts from its end (newest last), the others from the top. */
    Effect scroll(Ui ui, KeyStroke key) {
        int down = ui.screen == Screen.LOG ? -1 : 1;
        int by = switch (key.getKeyType()) {
            case ArrowDown -> down;
            case ArrowUp -> -down;
            case PageDown -> 10 * down;
            case PageUp -> -10 * down;
            default -> key.getCharacter() == 'j' ? down : -down;
        };
        switch (ui.screen) {
            case LOG -> logScroll = clamp(logScroll + by);
            case HELP -> helpScroll = clamp(helpScroll + by);
            case MESSAGES -> messagesScroll = clamp(messagesScroll + by);
            case DOCTOR -> doctorScroll = clamp(doctorScroll + by);
            default -> { }
        }
        return Effect.NONE;
    }

    private int clamp(int at) {
        return Math.max(0, Math.min(pageMax, at));
    }

    /**
     * The audit log's entries from before {@code started} (each a line with its time, its diff
     * indented under it): what came after is in the live events already, each line once.
     * Lines that are not entries (a cannot-read) are kept. Pure.
     */
    static List<String> before(List<String> audit, Instant started) {
        Instant cut = started.truncatedTo(ChronoUnit.SECONDS);
        List<String> out = new ArrayList<>();
        boolean keep = true;
        for (String line : audit) {
            if (!line.startsWith(" ")) {
                try {
                    keep = Instant.parse(line.substring(0, Math.max(0, line.indexOf(' ')))).isBefore(cut);
                } catch (DateTimeParseException e) {
                    keep = true;
                }
            }
            if (keep) {
                out.add(line);
            }
        }
        return out;
    }

    void drawLog(Frame frame, int bottom, View view, Instant started) {
        List<String> all = new ArrayList<>(logLines.isEmpty() ? List.of("(no changes before this console started)") : logLines);
        all.add("---- live events since " + Ui.CLOCK.format(LocalTime.ofInstant(started, ZoneId.systemDefault())) + " ----");
        all.addAll(view.events());
        draw(frame, 1, bottom, "LOG: audit log, then live events (newest last)", all, Style.NORMAL, logScroll, true);
    }

    /**
     * A title and lines wrapped to the width (nothing is lost at the edge), scrolled: {@code at}
     * lines down from the top, or with {@code fromEnd} up from the end. The title says which
     * lines show when not all fit.
     */
    void draw(Frame frame, int top, int bottom, String title, List<String> lines, Style style, int at, boolean fromEnd) {
        draw(frame, top, bottom, title, lines, line -> style, at, fromEnd);
    }

    /** As {@link #draw(Frame, int, int, String, List, Style, int, boolean)}, each line in the style {@code styles} gives it. */
    void draw(Frame frame, int top, int bottom, String title, List<String> lines, java.util.function.Function<String, Style> styles, int at,
            boolean fromEnd) {
        List<String> wrapped = new ArrayList<>();
        List<Style> style = new ArrayList<>();
        for (String line : lines) {
            List<String> pieces = wrap("  " + line, frame.width, "    ");
            wrapped.addAll(pieces);
            pieces.forEach(p -> style.add(styles.apply(line)));
        }
        int room = Math.max(1, bottom - top - 1);
        pageMax = Math.max(0, wrapped.size() - room);
        int shift = Math.max(0, Math.min(at, pageMax));
        int first = fromEnd ? pageMax - shift : shift;
        String where = wrapped.size() > room ? "  (" + (first + 1) + "-" + Math.min(wrapped.size(), first + room) + " of " + wrapped.size() + ")" : "";
        frame.line(top, title + where, Style.TITLE);
        for (int i = first, r = top + 1; i < wrapped.size() && r < bottom; i++, r++) {
            frame.line(r, wrapped.get(i), style.get(i));
        }
    }

    /** {@link Tables#wrap(String, int, String)}: the console's lines wrap as the text tables' cells do. */
    static List<String> wrap(String text, int width, String indent) {
        return Tables.wrap(text, width, indent);
    }
}
