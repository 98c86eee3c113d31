package dev.switchboard.http1;

/**
 * A message that is not HTTP/1.1 as RFC 9112 has it: the status a request earns for it (400,
 * 414, 431, 505) and why, in words for the log. Thrown only on bad input, so it carries no
 * stack trace: a flood of garbage costs no more than garbage.
 */
public final class BadMessage extends Exception {
    private final int status;

    BadMessage(int status, String why) {
        super(why, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
