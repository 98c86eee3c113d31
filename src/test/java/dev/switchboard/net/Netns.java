package dev.switchboard.net;

import dev.switchboard.demo.Place;
import dev.switchboard.sys.SysException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh network namespace for one test ({@link Place}), or the test skipped, saying why, where
 * the kernel refuses one.
 */
public final class Netns implements AutoCloseable {
    private final Place place;

    private Netns(Place place) {
        this.place = place;
    }

    public static Netns create(String name) throws Exception {
        try {
            return new Netns(Place.create(name));
        } catch (SysException s) {
            if (s.errnoName().equals("EPERM") || s.errnoName().equals("EACCES")) {
                Assumptions.abort("the kernel refuses a new network namespace here (" + s.getMessage()
                        + "): run as root, or where unprivileged user namespaces are allowed");
            }
            throw s;
        }
    }

    public Kernel kernel() {
        return place.kernel();
    }

    public int fd() {
        return place.fd();
    }

    public <T> T call(Callable<T> task) throws Exception {
        return place.call(task);
    }

    /** Threads that run in this namespace (a proxy's, whose connections to servers are made on them). */
    public java.util.concurrent.ThreadFactory threads() {
        int fd = fd();
        return r -> new Thread(() -> {
            try {
                dev.switchboard.sys.Namespaces.enterNet(fd);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            r.run();
        });
    }

    public Place place() {
        return place;
    }

    @Override
    public void close() {
        place.close();
    }
}
