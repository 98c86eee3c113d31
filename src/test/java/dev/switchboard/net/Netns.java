package dev.switchboard.net;

import dev.switchboard.sys.Namespaces;
import dev.switchboard.sys.SysException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh network namespace for one test, made without touching the host's: a thread of its
 * own unshares and stays there; its {@link Kernel} acts on that namespace from any thread, and
 * {@link #call} runs code on that thread (for sockets, which are born in their thread's
 * namespace). Closing it lets the namespace disappear.
 */
public final class Netns implements AutoCloseable {
    private final ExecutorService thread;
    private final int fd;
    private final Kernel kernel;

    private Netns(ExecutorService thread, int fd, Kernel kernel) {
        this.thread = thread;
        this.fd = fd;
        this.kernel = kernel;
    }

    /** A new namespace with `lo` up; the test is skipped, saying why, where the kernel refuses one. */
    public static Netns create(String name) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "netns-" + name));
        try {
            int[] fd = new int[1];
            Kernel kernel = thread.submit(() -> {
                Namespaces.unshareNet();
                fd[0] = Namespaces.openCurrentNet();
                Kernel k = Kernel.open();
                k.setUp("lo", true);
                return k;
            }).get();
            return new Netns(thread, fd[0], kernel);
        } catch (ExecutionException e) {
            thread.shutdownNow();
            if (e.getCause() instanceof SysException s && (s.errnoName().equals("EPERM") || s.errnoName().equals("EACCES"))) {
                Assumptions.abort("the kernel refuses a new network namespace here (" + s.getMessage()
                        + "): run as root, or where unprivileged user namespaces are allowed");
            }
            throw e;
        }
    }

    public Kernel kernel() {
        return kernel;
    }

    /** An fd of this namespace, e.g. to move a veth peer into it. */
    public int fd() {
        return fd;
    }

    public <T> T call(Callable<T> task) throws Exception {
        try {
            return thread.submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        kernel.close();
        Namespaces.close(fd);
        thread.shutdownNow();
    }
}
