package dev.switchboard.console;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.config.TomlEdit;
import dev.switchboard.console.Dashboard.Panel;
import dev.switchboard.console.Frame.Style;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.proxy.Stats;
import java.util.Optional;

/**
 * The dashboard's state and what its keys do: the focused panel, a selection per panel (by the
 * id of the row, see {@link Selection}), the filter, the sort. A key acts on the item of the row
 * that is highlighted, found by its id in the view, never by reading the row's cells back.
 */
final class Panels {
    Panel focus = Panel.GATEWAYS;
    final Selection[] selection = {new Selection(), new Selection(), new Selection()};
    String filter = "";
    boolean typingFilter;
    int sort; // 0 by name, 1 by state, 2 by connections

    /** A panel's rows as the dashboard shows them: sorted, and filtered when it has the focus. */
    Rows rows(Panel panel, View v, Glyphs g) {
        Rows rows = switch (panel) {
            case GATEWAYS -> Dashboard.gateways(v, g);
            case FRONTENDS -> Dashboard.frontends(v, g);
            case BACKENDS -> Dashboard.backends(v, sort);
        };
        return panel == focus ? rows.filter(filter) : rows;
    }

    Selection selection(Panel panel) {
        return selection[panel.ordinal()];
    }

    /** The id of the row highlighted in {@code panel}, as drawn. */
    Optional<RowId> selected(Ui ui, Panel panel) {
        return selection(panel).selected(rows(panel, ui.view, ui.glyphs));
    }

    /** Tab, Shift-Tab, or 1 2 3. */
    Effect focus(KeyStroke key) {
        int p = focus.ordinal();
        Panel to = key.getKeyType() == KeyType.Tab ? Panel.values()[(p + 1) % 3]
                : key.getKeyType() == KeyType.ReverseTab ? Panel.values()[(p + 2) % 3] : Panel.values()[key.getCharacter() - '1'];
        if (to != focus) {
            filter = "";
        }
        focus = to;
        return Effect.NONE;
    }

    Effect move(Ui ui, KeyStroke key) {
        int by = switch (key.getKeyType()) {
            case ArrowUp -> -1;
            case ArrowDown -> 1;
            case PageUp -> -10;
            case PageDown -> 10;
            default -> key.getCharacter() == 'j' ? 1 : -1;
        };
        selection(focus).move(rows(focus, ui.view, ui.glyphs), by);
        return Effect.NONE;
    }

    Effect sort() {
        sort = (sort + 1) % 3;
        return Effect.NONE;
    }

    // ---- the filter ----

    Effect startFilter() {
        return newFilter(true);
    }

    Effect type(KeyStroke key) {
        filter += key.getCharacter();
        selection(focus).reset();
        return Effect.NONE;
    }

    Effect erase() {
        filter = filter.isEmpty() ? "" : filter.substring(0, filter.length() - 1);
        return Effect.NONE;
    }

    Effect keepFilter() {
        typingFilter = false;
        return Effect.NONE;
    }

    Effect clearFilter() {
        return newFilter(false);
    }

    /** An empty filter, being typed or not. */
    private Effect newFilter(boolean typing) {
        typingFilter = typing;
        filter = "";
        return Effect.NONE;
    }

    // ---- what the keys change ----

    /** Enter on a server: take it out of the rotation, or put it back. */
    Effect toggleServer(Ui ui) {
        if (!(selected(ui, Panel.BACKENDS).orElse(null) instanceof RowId.Server id)) {
            return Effect.NONE;
        }
        Optional<Stats.ServerStats> server = ui.view.stats().servers().stream()
                .filter(s -> s.backend().equals(id.backend()) && s.name().equals(id.name())).findFirst();
        if (server.isEmpty()) {
            return Effect.NONE;
        }
        boolean enable = !server.get().enabled();
        return Effect.io((enable ? "enabling " : "disabling ") + id, ops -> ops.setServerEnabled(id.backend(), id.name(), enable), ui::report);
    }

    private Optional<RowId.Bind> selectedBind(Ui ui) {
        return selected(ui, Panel.FRONTENDS).map(RowId.Bind.class::cast);
    }

    /** d on a bind: asks first, as a drain turns users away; the answer is the next key. */
    Effect drain(Ui ui) {
        return selectedBind(ui).map(RowId.Bind::frontend).map(frontend -> {
            if (Dashboard.drained(ui.view, frontend)) {
                ui.say(frontend + " is drained already: e opens it again", Style.NORMAL);
                return Effect.NONE;
            }
            return ui.ask("drain " + frontend + "? it stops accepting; connections finish (y/n)", "drain " + frontend,
                    () -> Effect.io("draining " + frontend, ops -> ops.drain(frontend), o -> {
                        ui.say(String.join("; ", o.lines()) + (o.ok() ? "; e undoes it" : ""), o.ok() ? Style.WARN : Style.BAD);
                        return Effect.NONE;
                    }),
                    () -> {
                        ui.say("not drained: " + frontend + " accepts as before", Style.NORMAL);
                        return Effect.NONE;
                    });
        }).orElse(Effect.NONE);
    }

    /** e on a bind: its frontend's binds listen again (the undo of d; also retries a bind that failed). */
    Effect enable(Ui ui) {
        return selectedBind(ui).map(RowId.Bind::frontend).map(frontend -> {
            boolean shut = ui.view.stats().frontend(frontend).map(f -> f.binds().stream().anyMatch(b -> b.error().isPresent())).orElse(false);
            if (!shut) {
                ui.say(frontend + " is not drained: every bind listens", Style.NORMAL);
                return Effect.NONE;
            }
            return Effect.io("enabling " + frontend, ops -> ops.undrain(frontend), ui::report);
        }).orElse(Effect.NONE);
    }

    /**
     * p on a bind: pin it to the interface its traffic arrives on, or unpin it, in the edits; the
     * plan follows, so the operator sees what it changes before anything does. p again on a bind
     * whose pin is edited undoes that edit (and plans nothing when no edit is left).
     */
    Effect pin(Ui ui) {
        Optional<RowId.Bind> bind = selectedBind(ui);
        Optional<ReplyRoute> found = bind.flatMap(id -> ui.view.replies().stream()
                .filter(r -> r.frontend().equals(id.frontend()) && r.bind().address().equals(id.address())).findFirst());
        if (found.isEmpty()) {
            return Effect.NONE;
        }
        RowId.Bind id = bind.get();
        ReplyRoute route = found.get();
        return ui.edits.withCandidate(() -> {
            Optional<String> confirmedPin = pinIn(ui.edits.confirmedConfig(), id).orElse(route.bind().interfaceName());
            Optional<String> editedPin = pinIn(ui.edits.candidateConfig(), id).orElse(confirmedPin);
            boolean undo = !editedPin.equals(confirmedPin);
            if (!undo && editedPin.isEmpty() && route.arrives().isEmpty()) {
                ui.say("this bind listens on every address: pin it in the file to the interface its users come from", Style.WARN);
                return Effect.NONE;
            }
            Optional<String> target = undo ? confirmedPin : editedPin.isPresent() ? Optional.empty() : route.arrives();
            Optional<String> edited = TomlEdit.setBindInterface(ui.edits.candidate, id.frontend(), id.address(), target);
            if (edited.isEmpty()) {
                ui.say("cannot find that bind in the config's text: edit the file itself", Style.BAD);
                return Effect.NONE;
            }
            ui.edits.candidate = edited.get();
            String bindText = id.frontend() + " " + id.address();
            if (undo) {
                ui.say(bindText + ": pin edit undone; " + (ui.edits.edited() ? "other edits remain, listed above" : "no edits left"), Style.NORMAL);
                return Effect.NONE;
            }
            ui.say(target.map(t -> bindText + " pinned to " + t).orElse(bindText + " unpinned") + " in the edits", Style.NORMAL);
            return ui.changes.plan(ui);
        });
    }

    /** The interface {@code id} is pinned to in {@code config}: empty inside when unpinned, empty outside when the bind is not there. */
    private static Optional<Optional<String>> pinIn(Optional<dev.switchboard.config.Config> config, RowId.Bind id) {
        return config.map(c -> c.frontends().get(id.frontend())).flatMap(f -> f.binds().stream()
                .filter(b -> b.address().equals(id.address())).findFirst()).map(b -> b.interfaceName());
    }
}
