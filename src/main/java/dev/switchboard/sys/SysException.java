package dev.switchboard.sys;

import java.io.IOException;

/** A system call that failed: which call, on what, and the errno by name and meaning. */
public class SysException extends IOException {
    private final int errno;
    private final String reason;

    public SysException(String what, int errno) {
        this(what, errno, "");
    }

    /** {@code detail}: the kernel's own words where it gives them (netlink extended ack). */
    public SysException(String what, int errno, String detail) {
        this(what, errno, Errno.describe(errno) + (detail == null || detail.isEmpty() ? "" : ": " + detail), true);
    }

    private SysException(String what, int errno, String reason, boolean unused) {
        super(what + ": " + reason);
        this.errno = errno;
        this.reason = reason;
    }

    /** Why, without what: {@code EEXIST (File exists)}, with the kernel's words if any. */
    public String reason() {
        return reason;
    }

    public int errno() {
        return errno;
    }

    public String errnoName() {
        return Errno.name(errno);
    }

    /** Throws for a negative return value of a libc call. */
    public static int check(int result, String what) throws SysException {
        if (result < 0) {
            throw new SysException(what, Errno.last());
        }
        return result;
    }
}
