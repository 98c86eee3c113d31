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
    private final Parsed parsedCandidate = new Parsed(); // drawing parses each text once
    private final Parsed parsedConfirmed = new Parsed();

    /** A text last parsed, and what came of it. */
    private static final class Parsed {
        private String text;
        private Optional<Config> config = Optional.empty();

        Optional<Config> of(String t) {
            if (!t.equals(text)) {
                text = t;
                config = ConfigLoader.parse(t, "the edited config") instanceof ConfigLoader.Loaded l ? Optional.of(l.config()) : Optional.empty();
            }
            return config;
        }
    }

    /** Runs {@code then} once there is a candidate: the engine's confirmed text is read for it first if need be. */
    Effect withCandidate(Supplier<Effect> then) {
        if (candidate != null) {
            return then.get();
        }
        return Effect.io("reading the config", Operations::confirmedText, text -> {
            if (candidate == null) {
                begin(text);
            }
            return then.get();
        });
    }

    /** Edits begin from {@code confirmedText}: none yet. */
    void begin(String confirmedText) {
        candidate = confirmed = confirmedText;
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
        return parsedCandidate.of(candidate);
    }

    /** The confirmed config the edits began from. */
    Optional<Config> confirmedConfig() {
        return parsedConfirmed.of(confirmed);
    }

    /** The edits in words, as the dashboard, this screen and the plan list them ({@link Edits}). */
    List<String> listed() {
        return candidate == null ? List.of() : Edits.between(confirmed, confirmedConfig(), candidate, candidateConfig());
    }

    /** u: asks first; y drops every edit, and the next edit starts again from the confirmed config. */
    Effect discard(Ui ui) {
        int n = listed().size();
        return ui.ask("discard " + (n == 1 ? "the edit" : "all " + n + " edits") + "? nothing on the box changes (y/n)", "discard", () -> {
            candidate = null;
            ui.say("edits discarded: the confirmed config is all there is", Style.NORMAL);
            return ui.screen == Screen.PLAN ? ui.back() : Effect.NONE;
        }, () -> {
            ui.say("", Style.NORMAL);
            return Effect.NONE;
        });
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

    /** The edits as lines of {@code width} (at most {@code max}, the last cut), saying how {@code keys} plan or discard them; none without edits. */
    List<String> listedLines(int width, int max, String keys) {
        List<String> items = listed();
        if (items.isEmpty()) {
            return List.of();
        }
        List<String> lines = Pages.wrap(" EDITS, not applied (" + keys + "): " + String.join("; ", items), width, "  ");
        return lines.size() <= max ? lines : lines.subList(0, max);
    }

    /** Draws {@code lines} from {@code row} on; returns the row after them. */
    static int drawLines(Frame frame, int row, List<String> lines, Style style) {
        for (String line : lines) {
            frame.line(row++, line, style);
        }
        return row;
    }

    void draw(Frame frame, int bottom) {
        frame.line(1, "INTERFACES" + (edited() ? "  (edited, not applied: p plans)" : ""), Style.TITLE);
        Rows rows = rows();
        String[] header = {"NAME", "ADDRESSES", "GATEWAY", "METRIC", "MTU", "STATE", "VLAN"};
        List<String> listed = listedLines(frame.width, 3, "p plans them, u discards them");
        drawLines(frame, bottom - listed.size(), listed, Style.WARN);
        Dashboard.table(frame, 2, bottom - 2 - listed.size() - (listed.isEmpty() ? 0 : 1), header, rows, selection, true,
                "  the edited config does not pass check: e fixes the interface, Esc leaves");
        if (rows.size() == 0) {
            frame.line(3, "  the edited config does not pass check: e fixes the interface, Esc leaves", Style.BAD);
        }
    }
}
