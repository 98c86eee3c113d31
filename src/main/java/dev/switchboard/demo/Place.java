package dev.switchboard.demo;

import dev.switchboard.net.Kernel;
import dev.switchboard.sys.Namespaces;
import dev.switchboard.sys.SysException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A network namespace of its own, made without touching the one we run in: a thread unshares and
 * stays there; {@link #kernel} acts on the namespace from any thread, and {@link #call} runs code
 * on its thread (sockets are born in their thread's namespace). Closing it lets it disappear.
 */
public final class Place implements AutoCloseable {
    private final String name;
    private final ExecutorService thread;
    private final int fd;
    private final Kernel kernel;

    private Place(String name, ExecutorService thread, int fd, Kernel kernel) {
        this.name = name;
        this.thread = thread;
        this.fd = fd;
        this.kernel = kernel;
    }

    /** A new namespace with `lo` up. */
    public static Place create(String name) throws SysException {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netns-" + name);
            t.setDaemon(true);
            return t;
        });
        try {
            int[] fd = new int[1];
            Kernel kernel = thread.submit(() -> {
                Namespaces.unshareNet();
                fd[0] = Namespaces.openCurrentNet();
                Kernel k = Kernel.open();
                k.setUp("lo", true);
                return k;
            }).get();
            return new Place(name, thread, fd[0], kernel);
        } catch (ExecutionException e) {
            thread.shutdownNow();
            if (e.getCause() instanceof SysException s) {
                throw s;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** An fd of this namespace, e.g. to move a veth peer into it. */
    public int fd() {
        return fd;
    }

    /** Runs {@code task} on the namespace's own thread. */
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

    /** Starts {@code task} on a new thread in this namespace. */
    public Thread spawn(String threadName, Runnable task) throws Exception {
        return call(() -> {
            Thread t = new Thread(task, threadName);
            t.setDaemon(true);
            t.start();
            return t;
        });
    }

    @Override
    public void close() {
        kernel.close();
        Namespaces.close(fd);
        thread.shutdownNow();
    }
}
