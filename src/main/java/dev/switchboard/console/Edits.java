package dev.switchboard.console;

import dev.switchboard.config.BindSpec;
import dev.switchboard.config.Config;
import dev.switchboard.config.FrontendSpec;
import dev.switchboard.config.InterfaceSpec;
import dev.switchboard.config.IpLiteral;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The edits in words: what differs between the confirmed config and the edited one, an item per
 * interface and per bind. The dashboard, the interfaces and the plan list these, and the plan
 * is made of the same two texts, so what is listed is what is planned. Pure.
 */
final class Edits {
    private Edits() {}

    /** Said when the edited text differs in what no item names (it came from elsewhere). */
    static final String OTHER = "other changes to the config's text";
    static final String BROKEN = "the edited config does not pass check: e on the interfaces fixes it";

    /**
     * The edits from {@code confirmed} (its text and config) to {@code edited}: none when the
     * texts are the same; {@link #BROKEN} alone when the edited text does not load.
     */
    static List<String> between(String confirmedText, Optional<Config> confirmed, String editedText, Optional<Config> edited) {
        if (editedText == null || editedText.equals(confirmedText)) {
            return List.of();
        }
        if (edited.isEmpty() || confirmed.isEmpty()) {
            return List.of(BROKEN);
        }
        List<String> items = new ArrayList<>();
        Map<String, InterfaceSpec> was = confirmed.get().interfaces();
        Map<String, InterfaceSpec> now = edited.get().interfaces();
        was.keySet().stream().filter(n -> !now.containsKey(n)).forEach(n -> items.add(n + " removed"));
        now.forEach((name, spec) -> {
            InterfaceSpec before = was.get(name);
            if (before == null) {
                items.add(name + " added: " + String.join(", ", fields(spec).entrySet().stream()
                        .filter(e -> !e.getValue().equals("-")).map(e -> e.getKey() + " " + e.getValue()).toList()));
            } else if (!before.equals(spec)) {
                items.add(name + ": " + changed(fields(before), fields(spec)));
            }
        });
        for (FrontendSpec f : edited.get().frontends().values()) {
            Optional<FrontendSpec> old = Optional.ofNullable(confirmed.get().frontends().get(f.name()));
            for (BindSpec b : f.binds()) {
                Optional<String> pinWas = old.flatMap(o -> o.binds().stream().filter(x -> x.address().equals(b.address())).findFirst())
                        .flatMap(BindSpec::interfaceName);
                if (!pinWas.equals(b.interfaceName())) {
                    items.add(f.name() + " " + b.address() + ": " + b.interfaceName().map(p -> "pinned to " + p).orElse("unpinned")
                            + pinWas.map(p -> " (was " + p + ")").orElse(""));
                }
            }
        }
        if (items.isEmpty()) {
            items.add(OTHER);
        }
        return items;
    }

    /** What the editor shows of an interface, by field: "-" for none. */
    private static Map<String, String> fields(InterfaceSpec s) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("addresses", s.addresses().isEmpty() ? "-" : String.join(",", s.addresses().stream().map(Object::toString).toList()));
        f.put("gateway", s.gateway().map(IpLiteral::format).orElse("-"));
        f.put("metric", s.metric().isPresent() ? Long.toString(s.metric().getAsLong()) : "-");
        f.put("mtu", s.mtu().isPresent() ? Integer.toString(s.mtu().getAsInt()) : "-");
        f.put("state", s.state().name().toLowerCase(Locale.ROOT));
        f.put("vlan", s.vlan().map(v -> v.parent() + "." + v.id()).orElse("-"));
        f.put("check", s.check().map(Object::toString).orElse("-"));
        f.put("table", s.table().isPresent() ? Integer.toString(s.table().getAsInt()) : "-");
        return f;
    }

    /** "metric 4 -> 9, mtu - -> 1400": the fields that differ. */
    private static String changed(Map<String, String> was, Map<String, String> now) {
        List<String> parts = new ArrayList<>();
        now.forEach((k, v) -> {
            if (!Objects.equals(was.get(k), v)) {
                parts.add(k.equals("check") ? "check changed" : k + " " + was.get(k) + " -> " + v);
            }
        });
        return parts.isEmpty() ? "edited" : String.join(", ", parts);
    }
}
