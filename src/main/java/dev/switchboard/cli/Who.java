package dev.switchboard.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;

/** How a change names its maker to whoever finds the lock taken: user, terminal, process, since when. */
final class Who {
    private Who() {}

    /** "alice on pts/3 (the console, pid 4242)". */
    static String is(String doing) {
        return System.getProperty("user.name") + " on " + tty() + " (" + doing + ", pid " + ProcessHandle.current().pid() + ")";
    }

    /** As {@link #is}, and since now: for a lock held for the length of one command. */
    static String am(String doing) {
        return is(doing) + " since " + LocalTime.now().withNano(0);
    }

    /** The terminal on standard input (/dev/pts/3, ttyS0), or "no terminal". */
    static String tty() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/") ? target.substring(5) : "no terminal";
        } catch (IOException | UnsupportedOperationException e) {
            return "no terminal";
        }
    }
}
