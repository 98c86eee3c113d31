package dev.switchboard.console;

import java.util.Optional;

/**
 * The highlighted row of a table, held by the id of what it shows: rows sorted again under it
 * (a sort by connections changes every second) keep the highlight on the same item, and a key
 * acts on that item. When its item goes, the highlight stays where it was last seen. UI thread only.
 */
final class Selection {
    private RowId id; // null: the first row
    private int at; // where it was last seen
    private int first; // the first row shown, as drawn last: a table scrolls only as far as it must

    /** The highlighted row's index in {@code rows}; -1 when there are none. */
    int index(Rows rows) {
        if (rows.size() == 0) {
            return -1;
        }
        int i = id == null ? -1 : rows.indexOf(id);
        return i >= 0 ? i : Math.min(at, rows.size() - 1);
    }

    /** The id of the highlighted row, as drawn from {@code rows}. */
    Optional<RowId> selected(Rows rows) {
        int i = index(rows);
        return i < 0 ? Optional.empty() : Optional.of(rows.get(i).id());
    }

    /** Moves the highlight {@code by} rows (negative: up), stopping at the ends. */
    void move(Rows rows, int by) {
        int i = index(rows);
        if (i < 0) {
            return;
        }
        at = Math.max(0, Math.min(rows.size() - 1, i + by));
        id = rows.get(at).id();
    }

    /** Back to the first row, as when a filter changes what the rows are. */
    void reset() {
        id = null;
        at = 0;
        first = 0;
    }

    /**
     * The first row to show in {@code room} lines; when {@code follow} (the focused table) so
     * that the highlighted one shows, scrolling as little as possible from the last drawing.
     * Remembers both.
     */
    int firstShown(Rows rows, int room, boolean follow) {
        int sel = index(rows);
        int f = Math.max(0, Math.min(first, rows.size() - 1));
        if (follow && sel >= 0) {
            at = sel;
            room = Math.max(1, room);
            if (sel < f) {
                f = sel;
            } else if (sel >= f + room) {
                f = sel - room + 1;
            }
        }
        first = f;
        return f;
    }
}
