package dev.switchboard.console;

/** Whether this console may change things, and if not, why: what it says when it refuses a key. */
public enum ReadOnly {
    NO(""),
    /** The operator asked for it (--read-only), whoever they are. */
    ASKED("read-only: this console was started with --read-only"),
    /** The engine says this user may only look. */
    VIEWER("read-only: changes are for root and members of switchboard-admin"),
    /** A snapshot: a box as it was, which nothing here changes. */
    SNAPSHOT("read-only: a snapshot, of a box as it was");

    final String why;

    ReadOnly(String why) {
        this.why = why;
    }

    /** --read-only asked, or the engine's answer that this user is a viewer. */
    public static ReadOnly of(boolean asked, boolean viewer) {
        return asked ? ASKED : viewer ? VIEWER : NO;
    }
}
