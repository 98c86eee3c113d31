package dev.switchboard.sys;

/**
 * Network namespaces belong to threads in Linux: a thread that unshares or enters one, and the
 * sockets it opens there, stay in it. These calls act on the calling thread only.
 */
public final class Namespaces {
    private Namespaces() {}

    /** Moves the calling thread into a new, empty network namespace (needs CAP_SYS_ADMIN). */
    public static void unshareNet() throws SysException {
        SysException.check(LibC.INSTANCE.unshare(LibC.CLONE_NEWNET), "unshare(CLONE_NEWNET)");
    }

    /** Opens the calling thread's network namespace, to enter it again later from another thread. */
    public static int openCurrentNet() throws SysException {
        return SysException.check(LibC.INSTANCE.open("/proc/thread-self/ns/net", LibC.O_RDONLY | LibC.O_CLOEXEC),
                "open /proc/thread-self/ns/net");
    }

    /** Moves the calling thread into the network namespace behind {@code fd}. */
    public static void enterNet(int fd) throws SysException {
        SysException.check(LibC.INSTANCE.setns(fd, LibC.CLONE_NEWNET), "setns(CLONE_NEWNET)");
    }

    public static void close(int fd) {
        LibC.INSTANCE.close(fd);
    }
}
