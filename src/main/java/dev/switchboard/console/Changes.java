package dev.switchboard.console;

import dev.switchboard.console.Frame.Style;
import dev.switchboard.console.Ui.Screen;
import dev.switchboard.engine.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plan of the edits and the try that applies them: what the plan and try screens show, and
 * what p, y, k and r do. Each asks the engine through an {@link Effect}, off the UI thread.
 */
final class Changes {
    List<String> planLines = List.of();
    List<String> planEdits = List.of(); // the edits the plan was made of, as listed
    boolean planOk;
    List<String> tryLines = List.of();
    private boolean watching; // this console applied a try and has not seen it end

    /** What planning found: nothing to plan (the edits are the confirmed config), or the engine's answer. */
    private record Planned(boolean edited, Engine.Outcome outcome) {}

    /** p: the plan of the edits, against the config confirmed now; nothing changes. */
    Effect plan(Ui ui) {
        String candidate = ui.edits.candidate;
        if (candidate == null) {
            ui.say("no edits to plan: e edits an interface, a adds one", Style.NORMAL);
            return Effect.NONE;
        }
        return Effect.io("planning the edits", ops -> {
            if (candidate.equals(ops.confirmedText())) {
                return new Planned(false, null);
            }
            try {
                return new Planned(true, ops.plan(candidate));
            } catch (IOException e) {
                return new Planned(true, new Engine.Outcome(false, List.of(e.getMessage())));
            }
        }, planned -> {
            if (!planned.edited()) {
                ui.say("no edits to plan: e edits an interface, a adds one", Style.NORMAL);
                return Effect.NONE;
            }
            planLines = planned.outcome().lines();
            planEdits = ui.edits.listed();
            planOk = planned.outcome().ok();
            return ui.go(Screen.PLAN);
        });
    }

    /** y on a plan: the edits applied as a try, rolled back unless kept. */
    Effect apply(Ui ui) {
        String candidate = ui.edits.candidate;
        int seconds = ui.edits.candidateConfig().map(cfg -> cfg.appliance().confirmTimeoutSeconds()).orElse(60);
        return Effect.io("applying the edits as a try", ops -> ops.tryApply(candidate, seconds), o -> {
            if (o.ok()) {
                tryLines = o.lines();
                watching = true;
                ui.say("applied for " + seconds + " s: k keeps it, r reverts now", Style.WARN);
                return ui.replace(Screen.TRY);
            }
            planLines = o.lines();
            planOk = false;
            ui.say("not applied: " + o.lines().get(0), Style.BAD);
            return Effect.NONE;
        });
    }

    Effect keep(Ui ui) {
        return Effect.io("keeping the try", Operations::confirm, o -> {
            ui.report(o);
            if (!o.ok()) {
                return Effect.NONE;
            }
            watching = false;
            ui.edits.candidate = null;
            ui.say("kept: the change is confirmed and written to the config file", Style.GOOD);
            return ui.go(Screen.DASHBOARD);
        });
    }

    Effect revert(Ui ui) {
        return Effect.io("reverting the try", Operations::rollback, o -> {
            watching = false;
            ui.say(o.ok() ? "reverted: back on the confirmed config (your edits are still here)" : String.join("; ", o.lines()),
                    o.ok() ? Style.GOOD : Style.BAD);
            return ui.back();
        });
    }

    /**
     * A try shown here (or applied by this console) that is no longer pending ended without us:
     * kept from another session when the engine's confirmed text is now the edits, else rolled
     * back by its countdown. The try screen moves on; elsewhere it is said.
     */
    Effect observe(Ui ui) {
        if (ui.view.pending().isPresent() || (ui.screen != Screen.TRY && !watching)) {
            return Effect.NONE;
        }
        watching = false;
        String candidate = ui.edits.candidate;
        return Effect.io("reading how the try ended", ops -> candidate != null && candidate.equals(ops.confirmedText()), kept -> {
            boolean onTry = ui.screen == Screen.TRY;
            if (kept) {
                ui.edits.candidate = null;
                ui.say("kept (confirmed from elsewhere): the change is in force and in the config file", Style.GOOD);
                return onTry ? ui.go(Screen.DASHBOARD) : Effect.NONE;
            }
            ui.say("ROLLED BACK: the try was not kept; the confirmed config is in force (your edits are still here)", Style.BAD);
            return onTry ? ui.back() : Effect.NONE;
        });
    }

    static final String PLAN_TITLE = "PLAN: your edits, and what applying them changes (nothing has changed yet)";
    static final String FAILOVER_PLAN_TITLE = "PLAN during a FAILOVER: your edits, and what applying them changes";

    /**
     * The plan: the edits it holds, then what applying them changes; during a failover its title
     * says so, and the failover's note and steps stand out.
     */
    void drawPlan(Frame frame, int bottom, Pages pages) {
        boolean failover = planLines.stream().anyMatch(Changes::failover);
        List<String> lines = new ArrayList<>();
        lines.add("the edits:");
        planEdits.forEach(e -> lines.add("  " + e));
        lines.add(planOk ? "what applying them changes:" : "why they cannot be applied:");
        planLines.forEach(l -> lines.add("  " + l));
        pages.draw(frame, 1, bottom, failover ? FAILOVER_PLAN_TITLE : PLAN_TITLE, lines,
                l -> !planOk ? Style.BAD : failover(l.strip()) ? Style.WARN : Style.NORMAL, 0, true);
    }

    /** A line of the plan that is the failover's (plan.Failover#lines marks them). */
    static boolean failover(String line) {
        return line.startsWith("failover: ") || line.contains("  (failover: ");
    }

    /** The engine's own hint, for a shell: here k says it, and {@link #elsewhere} how another session can. */
    private static final java.util.regex.Pattern ENGINE_HINT = java.util.regex.Pattern.compile("applied for \\d+ s: run \"switchboard confirm\" to keep it");

    /** How the try can be kept from another session: the command with this engine's socket, or that only this console can. */
    static String elsewhere(Optional<Path> socket) {
        return socket.map(s -> "  elsewhere: switchboard --socket " + s + " confirm")
                .orElse("  only k keeps it: no other session can reach this engine");
    }

    void drawTry(Frame frame, int bottom, View view, Optional<Path> socket, Pages pages) {
        long left = view.pending().map(Engine.PendingTry::secondsLeft).orElse(0L);
        frame.line(1, "APPLIED AS A TRY: rolled back in " + left + " s unless you keep it", Style.WARN);
        frame.line(2, "  k  keep it (confirm, and write it to the config file)      r  revert now", Style.TITLE);
        int top = Interfaces.drawLines(frame, 3, Pages.wrap(elsewhere(socket), frame.width, "    "), Style.NORMAL);
        pages.draw(frame, top, bottom, "what changed", tryLines.stream().filter(l -> !ENGINE_HINT.matcher(l).matches()).toList(), Style.NORMAL, 0, true);
    }
}
