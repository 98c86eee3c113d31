package dev.switchboard.sys;

/** The open-files limit a proxy lives by: two descriptors per relayed connection. */
public final class Limits {
    private Limits() {}

    /** The hard limit on open files: what {@link #raiseOpenFiles} will raise the soft one to. */
    public static long openFilesHardLimit() throws SysException {
        long[] limits = new long[2];
        SysException.check(LibC.INSTANCE.getrlimit(LibC.RLIMIT_NOFILE, limits), "getrlimit(RLIMIT_NOFILE)");
        return limits[1] < 0 ? Long.MAX_VALUE : limits[1];
    }

    /** Raises the soft limit on open files to the hard one; returns the limit now in force. */
    public static long raiseOpenFiles() throws SysException {
        long[] limits = new long[2]; // struct rlimit: soft, hard
        SysException.check(LibC.INSTANCE.getrlimit(LibC.RLIMIT_NOFILE, limits), "getrlimit(RLIMIT_NOFILE)");
        if (limits[0] < limits[1]) {
            limits[0] = limits[1];
            SysException.check(LibC.INSTANCE.setrlimit(LibC.RLIMIT_NOFILE, limits), "setrlimit(RLIMIT_NOFILE)");
        }
        return limits[0] < 0 ? Long.MAX_VALUE : limits[0]; // RLIM_INFINITY reads as -1
    }

    /**
     * Lowers the calling thread's scheduling priority to {@code nice} (0 to 19): work that may wait
     * yields the CPU to work that may not. Best effort: false if the kernel refused.
     */
    public static boolean yieldingThread(int nice) {
        return LibC.INSTANCE.setpriority(LibC.PRIO_PROCESS, LibC.INSTANCE.gettid(), nice) == 0;
    }
}
