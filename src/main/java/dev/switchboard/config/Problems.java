package dev.switchboard.config;

import java.util.ArrayList;
import java.util.Comparator;

/**
 * The problems the reader finds: all are counted, and at least the {@link #KEPT} first by line
 * (then as found) kept, which is what a sort of them all would list first. A file of a megabyte
 * can hold 500,000 wrong array elements, and only a few are ever listed.
 */
final class Problems extends ArrayList<Problem> {
    private static final long serialVersionUID = 1L;
    /** At least as many as are listed. */
    static final int KEPT = ConfigLoader.MAX_PROBLEMS;
    private int total;

    @Override
    public boolean add(Problem problem) {
        total++;
        super.add(problem);
        if (size() == 4 * KEPT) { // cut now and then, not at each add: linear in what is found
            sort(Comparator.comparingInt(Problem::line)); // stable: as found, among one line's
            removeRange(KEPT, size());
        }
        return true;
    }

    /** How many were found, kept or not. */
    int total() {
        return total;
    }
}
