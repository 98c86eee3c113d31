package dev.switchboard.console;

import com.googlecode.lanterna.input.KeyStroke;
import dev.switchboard.console.Dashboard.Panel;
import dev.switchboard.console.KeyBinding.Scope;
import dev.switchboard.console.Ui.Screen;
import dev.switchboard.engine.Engine;
import dev.switchboard.plan.PlannerTest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A console on the seed's appliance, put where each part of the key table is in force; and what a person sees of it. */
final class Scenes {
    private Scenes() {}

    static String seedText() {
        try {
            return PlannerTest.seedText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static View seedView(boolean pending) {
        try {
            return DashboardTest.view(PlannerTest.config(seedText()), DashboardTest.seedRows("up"), Optional.empty(),
                    pending ? Optional.of(new Engine.PendingTry("alice on pts/3", Instant.now(), Instant.now().plusSeconds(60))) : Optional.empty(),
                    4);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Ui ui(boolean readOnly) {
        Ui ui = new Ui(readOnly, Glyphs.ASCII);
        ui.view(seedView(false));
        return ui;
    }

    /**
     * A console where the keys of {@code scope} are looked up, and, where it can be, where
     * {@code binding} does something (the focused panel is the one it works on).
     */
    static Ui in(Scope scope, KeyBinding binding, boolean readOnly) {
        Ui ui = ui(readOnly);
        switch (scope) {
            case DASHBOARD -> {
                for (Panel p : Panel.values()) {
                    ui.dash.focus = p;
                    if (binding == null || binding.enabledWhen().test(ui)) {
                        break;
                    }
                }
            }
            case FILTER -> ui.dash.typingFilter = true;
            case QUESTION -> ui.ask("drain ft_www? it stops accepting; connections finish (y/n)", "drain ft_www",
                    () -> Effect.io("draining ft_www", ops -> ops.drain("ft_www"), ui::report), () -> Effect.NONE);
            case INTERFACES -> {
                ui.edits.begin(seedText());
                ui.screen = Screen.INTERFACES;
            }
            case EDIT -> {
                ui.edits.begin(seedText());
                ui.edits.edit(ui);
            }
            case PLAN -> {
                ui.edits.begin(seedText());
                ui.edits.candidate = seedText().replace("metric    = 4", "metric    = 9");
                ui.changes.planLines = List.of("~ route default via 10.4.0.1 dev eth4 metric 9");
                ui.changes.planOk = true;
                ui.screen = Screen.PLAN;
            }
            case TRY -> {
                ui.view(seedView(true));
                ui.screen = Screen.TRY;
            }
            case LOG -> ui.screen = Screen.LOG;
            case PAGES -> ui.screen = Screen.HELP;
            case EVERYWHERE, SCREENS, ALWAYS -> { }
        }
        return ui;
    }

    static Frame draw(Ui ui, int width, int height) {
        Frame frame = new Frame(width, height);
        ui.draw(frame);
        return frame;
    }

    /** A key pressed, and the engine's part of it done, as the console does it but on this thread; then the screen. */
    static Frame press(Ui ui, Operations ops, KeyStroke key) {
        run(ui.handle(key), ops, ui);
        return draw(ui, 80, 24);
    }

    /** An effect's work done now, each completion after the other; what is left (quit, redraw). */
    static Effect run(Effect e, Operations ops, Ui ui) {
        while (e.job() != null) {
            e = ui.finish(e.job().run(ops));
        }
        return e;
    }

    /** The row of {@code frame} in the highlight's style between {@code from} and {@code to}. */
    static String highlighted(Frame frame, int from, int to) {
        for (int r = from; r < to; r++) {
            if (frame.styleAt(r, 2) == Frame.Style.SELECTED) {
                return frame.text(r);
            }
        }
        return "(none)";
    }

    /** Text as a person reads it: runs of spaces, and line ends, as one space. */
    static String words(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
