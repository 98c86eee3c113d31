package dev.switchboard.console;

import dev.switchboard.console.Frame.Style;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A table's rows: each with the id of what it shows, its cells, a style, and a line of detail under it (a flag's reason). */
record Rows(List<Row> list) {
    record Row(RowId id, Style style, String detail, String[] cells) {}

    Rows() {
        this(new ArrayList<>());
    }

    void add(RowId id, Style style, String detail, String... cells) {
        list.add(new Row(id, style, detail, cells));
    }

    int size() {
        return list.size();
    }

    Row get(int i) {
        return list.get(i);
    }

    /** Where the row of {@code id} is, or -1. */
    int indexOf(RowId id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** The rows whose text contains {@code filter} (any case). */
    Rows filter(String filter) {
        if (filter.isEmpty()) {
            return this;
        }
        String f = filter.toLowerCase(Locale.ROOT);
        Rows out = new Rows();
        list.stream().filter(r -> String.join(" ", r.cells()).toLowerCase(Locale.ROOT).contains(f)).forEach(out.list::add);
        return out;
    }
}
