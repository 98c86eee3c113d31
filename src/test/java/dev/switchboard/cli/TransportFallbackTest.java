package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.net.Netns;
import dev.switchboard.sys.Seccomp;
import io.netty.channel.uring.IoUring;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * io_uring is the default transport; where the kernel refuses it, `switchboard run` serves on
 * epoll and says so, rather than not at all. The refusal is real: the engine's process is started
 * under a seccomp filter that fails io_uring_setup(2), as `kernel.io_uring_disabled` or a
 * container's profile would.
 */
class TransportFallbackTest {
    @TempDir
    Path dir;

    /** Starts `run` (under the filter if asked), awaits the line that names its transport, asks the frontend; the lines up to there. */
    private java.util.List<String> serveThrough(boolean refuseIoUring, String transportLine) throws Exception {
        try (Netns ns = Netns.create("uring")) {
            ServerSocket server = RunCommandTest.named(ns, "a");
            int listen = ns.call(() -> {
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    return s.getLocalPort();
                }
            });
            Path file = dir.resolve("switchboard.toml");
            Files.writeString(file, RunCommandTest.config(listen, server.getLocalPort())); // no `transport`: the default
            java.util.concurrent.Callable<RunCommandTest.Engine> start = () -> RunCommandTest.start(ns, file, dir.resolve("state"),
                    dir.resolve("control.sock"), dir.resolve("notify.sock"));
            try (RunCommandTest.Engine run = refuseIoUring ? Seccomp.refusing(Seccomp.IO_URING_SETUP, start) : start.call()) {
                run.await(transportLine);
                run.await("ft 127.0.0.1:" + listen + ": listening");
                assertEquals("a", RunCommandTest.ask(ns, listen), "the frontend answers");
                return run.seen();
            } finally {
                server.close();
            }
        }
    }

    @Test
    void theDefaultIsIoUring() throws Exception {
        assumeTrue(IoUring.isAvailable(), () -> "this kernel refuses io_uring itself: " + IoUring.unavailabilityCause());
        java.util.List<String> lines = serveThrough(false, "proxy: on io_uring, 1 event loop");
        assertTrue(lines.stream().noneMatch(l -> l.contains("epoll")), lines.toString());
    }

    @Test
    void aKernelThatRefusesIoUringGetsEpoll() throws Exception {
        assumeTrue(Seccomp.supported(), "the seccomp filter is written for x86_64");
        java.util.List<String> lines = serveThrough(true, "proxy: on epoll, 1 event loop");
        assertTrue(lines.stream().anyMatch(l -> l.contains(" proxy: io_uring is not available here: ") && l.endsWith("; the proxy runs on epoll")),
                "the engine says why, with the kernel's reason: " + lines);
    }
}
