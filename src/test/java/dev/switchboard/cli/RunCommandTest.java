package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.net.Netns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `switchboard run` as systemd runs it: a process of its own (in a namespace the test made, so
 * the host's network is out of reach), reloaded by SIGHUP, stopped by SIGTERM.
 */
class RunCommandTest {
    @TempDir
    Path dir;

    /** A server on the namespace's loopback that answers its name. */
    static ServerSocket named(Netns ns, String name) throws Exception {
        ServerSocket ss = ns.call(() -> new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try (Socket s = ss.accept()) {
                    s.getOutputStream().write(name.getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return ss;
    }

    static String ask(Netns ns, int port) throws Exception {
        return ns.call(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(5000);
                return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            }
        });
    }

    static String config(int listen, int server) {
        return "[frontends.ft]\nbackend = \"bk\"\nbinds = [ { address = \"127.0.0.1:" + listen + "\" } ]\n"
                + "[backends.bk]\nservers = [ { name = \"s" + server + "\", address = \"127.0.0.1:" + server + "\" } ]\n";
    }

    static String await(BlockingQueue<String> lines, String fragment, List<String> seen) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (line.contains(fragment)) {
                    return line;
                }
            }
        }
        throw new AssertionError("no line with \"" + fragment + "\" in " + seen);
    }

    @Test
    void runsReloadsOnHangupAndStopsOnTerm() throws Exception {
        try (Netns ns = Netns.create("run")) {
            ServerSocket a = named(ns, "a");
            ServerSocket b = named(ns, "b");
            int listen = ns.call(() -> {
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    return s.getLocalPort();
                }
            });
            Path file = dir.resolve("switchboard.toml");
            Files.writeString(file, config(listen, a.getLocalPort()));
            long tid = ns.call(() -> dev.switchboard.sys.LibC.INSTANCE.gettid());
            Process run = new ProcessBuilder("nsenter", "--net=/proc/" + ProcessHandle.current().pid() + "/task/" + tid + "/ns/net",
                    System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "--config", file.toString(), "--state-dir", dir.resolve("state").toString(), "run", "--drain", "1")
                    .redirectErrorStream(true).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            List<String> seen = new ArrayList<>();
            Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(run.getInputStream())).lines().forEach(lines::add));
            reader.setDaemon(true);
            reader.start();
            try {
                await(lines, "ft 127.0.0.1:" + listen + ": listening", seen);
                await(lines, "running " + file + ": 0 interfaces, 1 frontends (1 binds), 1 backends (1 servers)", seen);
                assertEquals("a", ask(ns, listen));
                String connection = await(lines, "ft: 127.0.0.1:", seen);
                assertTrue(connection.contains(" -> bk/s" + a.getLocalPort() + " 127.0.0.1:" + a.getLocalPort()), connection);
                await(lines, "closed after", seen);

                Files.writeString(file, config(listen, b.getLocalPort()));
                new ProcessBuilder("kill", "-HUP", Long.toString(run.pid())).start().waitFor();
                await(lines, "reloaded", seen);
                assertEquals("b", ask(ns, listen));

                Files.writeString(file, "[frontends.ft]\nbackend = \"nothing\"\n");
                new ProcessBuilder("kill", "-HUP", Long.toString(run.pid())).start().waitFor();
                await(lines, "reload refused: the config has problems; still running the previous one", seen);
                assertEquals("b", ask(ns, listen), "still serving the previous config");

                // not Process.destroy(): it also closes our end of the pipe, and the last lines with it
                new ProcessBuilder("kill", "-TERM", Long.toString(run.pid())).start().waitFor();
                await(lines, "stopping: connections may finish for 1 s", seen);
                await(lines, "stopped", seen);
                assertTrue(run.waitFor(10, TimeUnit.SECONDS));
                assertEquals(0, run.exitValue());
            } finally {
                run.destroyForcibly();
                a.close();
                b.close();
            }
        }
    }
}
