package dev.switchboard.plan;

import java.util.List;

/**
 * The ordered changes that take the kernel from what it is to what the config says, each with
 * its inverse, plus notes on what was seen and deliberately left alone.
 */
public record Plan(List<Change> changes, List<String> notes) {

    public Plan {
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The readable diff `switchboard plan` prints, or {@code no changes}. */
    public String diff() {
        if (isEmpty()) {
            return "no changes\n";
        }
        StringBuilder out = new StringBuilder();
        changes.forEach(c -> out.append(c).append('\n'));
        return out.toString();
    }
}
