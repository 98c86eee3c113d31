package dev.switchboard.console;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.InterfaceSpec;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.config.TomlEdit;
import dev.switchboard.console.Frame.Style;
import dev.switchboard.console.Ui.Screen;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The interfaces screen: the edits (the candidate config text, made from the engine's confirmed
 * text when the first edit begins), its interfaces as a table selected by name, and what its keys
 * do. The form itself is the {@link Editor}.
 */
final class Interfaces {
    String candidate; // the edited config text; null: no edits yet
    private String confirmed = ""; // the engine's confirmed text when the edits began: drawing asks no one
    private final Selection selection = new Selection();
    private String parsedText; // the candidate last parsed, and what came of it: drawing parses it once
    private Optional<Config> parsed = Optional.empty();

    /** Runs {@code then} once there is a candidate: the engine's confirmed text is read for it first if need be. */
    Effect withCandidate(Supplier<Effect> then) {
        if (candidate != null) {
            return then.get();
        }
        return Effect.io("reading the config", Operations::confirmedText, text -> {
            if (candidate == null) {
                candidate = confirmed = text;
            }
            return then.get();
        });
    }

    /** i: the interfaces of the edits. */
    Effect open(Ui ui) {
        return withCandidate(() -> ui.go(Screen.INTERFACES));
    }

    boolean edited() {
        return candidate != null && !candidate.equals(confirmed);
    }

    Optional<Config> candidateConfig() {
        if (candidate == null) {
            return Optional.empty();
        }
        if (!candidate.equals(parsedText)) {
            parsedText = candidate;
            parsed = ConfigLoader.parse(candidate, "the edited config") instanceof ConfigLoader.Loaded l ? Optional.of(l.config()) : Optional.empty();
        }
        return parsed;
    }

    List<InterfaceSpec> list() {
        return candidateConfig().map(c -> List.copyOf(c.interfaces().values())).orElse(List.of());
    }

    Rows rows() {
        Rows rows = new Rows();
        for (InterfaceSpec i : list()) {
            rows.add(new RowId.Interface(i.name()), Style.NORMAL, "", i.name(),
                    String.join(",", i.addresses().stream().map(Object::toString).toList()), i.gateway().map(IpLiteral::format).orElse("-"),
                    i.metric().isPresent() ? Long.toString(i.metric().getAsLong()) : "-",
                    i.mtu().isPresent() ? Integer.toString(i.mtu().getAsInt()) : "-", i.state().name().toLowerCase(Locale.ROOT),
                    i.vlan().map(v -> v.parent() + "." + v.id()).orElse("-"));
        }
        return rows;
    }

    /** The interface highlighted, as drawn. */
    Optional<InterfaceSpec> selected() {
        Optional<RowId> id = selection.selected(rows());
        return list().stream().filter(i -> id.equals(Optional.of(new RowId.Interface(i.name())))).findFirst();
    }

    Effect move(KeyStroke key) {
        boolean up = key.getKeyType() == KeyType.ArrowUp || (key.getKeyType() == KeyType.Character && key.getCharacter() == 'k');
        selection.move(rows(), up ? -1 : 1);
        return Effect.NONE;
    }

    Effect edit(Ui ui) {
        return selected().map(spec -> ui.editor.open(ui, Optional.of(spec))).orElse(Effect.NONE);
    }

    Effect add(Ui ui) {
        return ui.editor.open(ui, Optional.empty());
    }

    /** x: asks first; y takes the interface out of the edits (nothing changes until they are applied). */
    Effect remove(Ui ui) {
        return selected().map(InterfaceSpec::name).map(name -> ui.ask("remove " + name + " from the config? y/n", "remove " + name, () -> {
            TomlEdit.removeInterface(candidate, name).ifPresent(t -> {
                candidate = t;
                ui.say(name + " removed from the edits; p plans them", Style.NORMAL);
            });
            return Effect.NONE;
        }, () -> {
            ui.say("", Style.NORMAL);
            return Effect.NONE;
        })).orElse(Effect.NONE);
    }

    void draw(Frame frame, int bottom) {
        frame.line(1, "INTERFACES" + (edited() ? "  (edited, not applied: p plans)" : ""), Style.TITLE);
        Rows rows = rows();
        String[] header = {"NAME", "ADDRESSES", "GATEWAY", "METRIC", "MTU", "STATE", "VLAN"};
        Dashboard.table(frame, 2, bottom - 2, header, rows, selection, true,
                "  the edited config does not pass check: e fixes the interface, Esc leaves");
        if (rows.size() == 0) {
            frame.line(3, "  the edited config does not pass check: e fixes the interface, Esc leaves", Style.BAD);
        }
    }
}
