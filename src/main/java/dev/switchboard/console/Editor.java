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
 * The form of one interface: its fields, typed into; Enter writes it into the edits, checked as
 * {@code check} checks a file, each problem beside its field. Nothing changes on the box.
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

    Effect type(KeyStroke key) {
        char c = key.getCharacter();
        if (c < 127) {
            form.get(field).value += c;
        }
        return Effect.NONE;
    }

    Effect erase() {
        Field f = form.get(field);
        f.value = f.value.isEmpty() ? "" : f.value.substring(0, f.value.length() - 1);
        return Effect.NONE;
    }

    private String value(String key) {
        return form.stream().filter(f -> f.key.equals(key)).findFirst().map(f -> f.value.strip()).orElse("");
    }

    /** Enter: the form into the candidate text, checked as `check` would; errors go beside their fields. */
    Effect save(Ui ui) {
        String candidate = ui.edits.candidate;
        String name = editing != null ? editing : value("name");
        form.forEach(f -> f.error = "");
        formError = "";
        if (name.isEmpty()) {
            form.get(0).error = "an interface needs a name (eth5, bond0, eth1.100...)";
            return Effect.NONE;
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
            return Effect.NONE;
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
            return Effect.NONE;
        }
        ui.edits.candidate = edited.get();
        editing = name;
        ui.say(name + " edited: p plans the edits, nothing has changed yet", Style.GOOD);
        return ui.back();
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
            col = frame.put(row, col, "[" + f.value + (at ? "_" : "") + "]", at ? Style.SELECTED : Style.NORMAL);
            if (!f.error.isEmpty()) {
                if (col + 2 + Math.min(f.error.length(), 30) <= frame.width) {
                    frame.put(row, col + 2, f.error, Style.BAD);
                } else if (row + 1 < bottom) {
                    row++;
                    frame.line(row, "      " + f.error, Style.BAD);
                }
            }
            row++;
        }
        if (!formError.isEmpty() && row + 1 < bottom) {
            frame.line(row + 1, "  " + formError, Style.BAD);
        }
    }
}
