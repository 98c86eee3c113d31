package dev.switchboard.console;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.InterfaceSpec;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.config.Problem;
import dev.switchboard.config.TomlEdit;
import dev.switchboard.console.Frame.Style;
import dev.switchboard.console.Ui.Screen;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The form of one interface: its fields, typed into, checked as {@code check} checks a file with
 * each key, each problem under its field; Enter writes it into the edits. Nothing changes on the box.
 */
final class Editor {
    /** One field of the form; {@code error} is what check says of it. */
    static final class Field {
        final String key;
        final String label;
        String value;
        String error = "";

        Field(String key, String label, String value) {
            this.key = key;
            this.label = label;
            this.value = value;
        }
    }

    String editing; // the interface in the form; null when adding
    final List<Field> form = new ArrayList<>();
    int field;
    String formError = "";

    /** The form of {@code spec}, or an empty one to add an interface. */
    Effect open(Ui ui, Optional<InterfaceSpec> spec) {
        editing = spec.map(InterfaceSpec::name).orElse(null);
        form.clear();
        if (spec.isEmpty()) {
            form.add(new Field("name", "name", ""));
        }
        form.add(new Field("addresses", "addresses", spec.map(s -> String.join(", ", s.addresses().stream().map(Object::toString).toList())).orElse("")));
        form.add(new Field("gateway", "gateway", spec.flatMap(InterfaceSpec::gateway).map(IpLiteral::format).orElse("")));
        form.add(new Field("metric", "metric", spec.filter(s -> s.metric().isPresent()).map(s -> Long.toString(s.metric().getAsLong())).orElse("")));
        form.add(new Field("mtu", "mtu", spec.filter(s -> s.mtu().isPresent()).map(s -> Integer.toString(s.mtu().getAsInt())).orElse("")));
        form.add(new Field("state", "state (up/down)", spec.map(s -> s.state().name().toLowerCase(Locale.ROOT)).orElse("up")));
        form.add(new Field("vlan.parent", "vlan parent", spec.flatMap(InterfaceSpec::vlan).map(v -> v.parent()).orElse("")));
        form.add(new Field("vlan.id", "vlan id", spec.flatMap(InterfaceSpec::vlan).map(v -> Integer.toString(v.id())).orElse("")));
        field = 0;
        formError = "";
        return ui.go(Screen.EDIT);
    }

    Effect cancel(Ui ui) {
        ui.say("edit cancelled", Style.NORMAL);
        return ui.back();
    }

    Effect field(KeyStroke key) {
        boolean back = key.getKeyType() == KeyType.ArrowUp || key.getKeyType() == KeyType.ReverseTab;
        field = (field + (back ? form.size() - 1 : 1)) % form.size();
        return Effect.NONE;
    }

    /** A character typed into the field: the form is checked again at once, so a mistake shows as it is made. */
    Effect type(Ui ui, KeyStroke key) {
        char c = key.getCharacter();
        if (c < 127) {
            form.get(field).value += c;
            checkField(ui);
        }
        return Effect.NONE;
    }

    Effect erase(Ui ui) {
        Field f = form.get(field);
        f.value = f.value.isEmpty() ? "" : f.value.substring(0, f.value.length() - 1);
        checkField(ui);
        return Effect.NONE;
    }

    private String value(String key) {
        return form.stream().filter(f -> f.key.equals(key)).findFirst().map(f -> f.value.strip()).orElse("");
    }

    /**
     * The form checked as the field is typed: what is wrong with this field shows under it; the
     * others, not yet filled in perhaps, are judged on Enter.
     */
    private void checkField(Ui ui) {
        check(ui);
        Field at = form.get(field);
        form.stream().filter(f -> f != at).forEach(f -> f.error = "");
        formError = "";
    }

    /** Enter: the form into the edits, when it passes {@link #check}. */
    Effect save(Ui ui) {
        Optional<String> edited = check(ui);
        if (edited.isEmpty()) {
            return Effect.NONE;
        }
        String name = editing != null ? editing : value("name");
        ui.edits.candidate = edited.get();
        editing = name;
        ui.say(name + " edited: p plans the edits, nothing has changed yet", Style.GOOD);
        return ui.back();
    }

    /**
     * The edits with the form written into them, checked as `check` checks a file; or empty,
     * each problem set under its field (or, when it belongs to none, under the form).
     */
    Optional<String> check(Ui ui) {
        String candidate = ui.edits.candidate;
        String name = editing != null ? editing : value("name");
        form.forEach(f -> f.error = "");
        formError = "";
        if (name.isEmpty()) {
            form.get(0).error = "an interface needs a name (eth5, bond0, eth1.100...)";
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> addresses = List.of(value("addresses").split("[,\\s]+")).stream().filter(s -> !s.isEmpty()).toList();
        values.put("addresses", "[" + String.join(", ", addresses.stream().map(TomlEdit::string).toList()) + "]");
        putIf(values, "gateway", TomlEdit.string(value("gateway")), !value("gateway").isEmpty());
        putIf(values, "metric", number(value("metric")), !value("metric").isEmpty());
        putIf(values, "mtu", number(value("mtu")), !value("mtu").isEmpty());
        boolean stateWritten = editing != null && ConfigLoader.parse(candidate, "") instanceof ConfigLoader.Loaded l
                && l.sources().declares("interfaces." + name + ".state");
        putIf(values, "state", TomlEdit.string(value("state")), !value("state").isEmpty() && (stateWritten || !value("state").equals("up")));
        putIf(values, "vlan", "{ parent = " + TomlEdit.string(value("vlan.parent")) + ", id = " + number(value("vlan.id")) + " }",
                !value("vlan.parent").isEmpty() || !value("vlan.id").isEmpty());
        Optional<String> edited = TomlEdit.setInterface(candidate, name, values);
        if (edited.isEmpty()) {
            formError = "the config writes interfaces as an inline table: edit the file itself";
            return Optional.empty();
        }
        ConfigLoader.Result checked = ConfigLoader.parse(edited.get(), "the edited config");
        if (checked instanceof ConfigLoader.Rejected rejected) {
            String prefix = "interfaces." + name;
            List<String> elsewhere = new ArrayList<>();
            for (Problem p : rejected.problems()) {
                Optional<Field> at = form.stream().filter(f -> p.key().equals(prefix + "." + f.key)
                        || (f.key.equals("vlan.parent") && p.key().equals(prefix + ".vlan"))
                        || (f.key.equals("name") && p.key().equals(prefix))).findFirst();
                String text = p.message() + (p.hint().isEmpty() ? "" : " (" + p.hint() + ")");
                at.ifPresentOrElse(f -> f.error = text, () -> elsewhere.add(p.key() + ": " + text));
            }
            formError = String.join("; ", elsewhere);
            return Optional.empty();
        }
        return edited;
    }

    private static void putIf(Map<String, String> values, String key, String value, boolean present) {
        if (present) {
            values.put(key, value);
        }
    }

    /** A number as a TOML integer, anything else as a string, so that check names what is wrong with it. */
    private static String number(String s) {
        return s.matches("\\d{1,9}") ? s : TomlEdit.string(s);
    }

    void draw(Frame frame, int bottom) {
        frame.line(1, editing == null ? "NEW INTERFACE" : "EDIT " + editing, Style.TITLE);
        int row = 2;
        for (int i = 0; i < form.size() && row < bottom; i++) {
            Field f = form.get(i);
            boolean at = i == field;
            int col = frame.put(row, 0, String.format("  %-16s ", f.label), Style.NORMAL);
            frame.put(row, col, "[" + f.value + (at ? "_" : "") + "]", at ? Style.SELECTED : Style.NORMAL);
            row++;
            if (!f.error.isEmpty()) { // under its field, whole: wrapped, not cut at the edge
                for (String line : Pages.wrap(String.format("  %-16s ", "") + f.error, frame.width, "")) {
                    if (row < bottom) {
                        frame.line(row++, line, Style.BAD);
                    }
                }
            }
        }
        if (!formError.isEmpty()) {
            Interfaces.drawLines(frame, row + 1, Pages.wrap("  " + formError, frame.width, "  ").stream().limit(Math.max(0, bottom - row - 1)).toList(),
                    Style.BAD);
        }
    }
}
