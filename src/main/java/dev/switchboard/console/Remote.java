package dev.switchboard.console;

import dev.switchboard.control.ControlClient;
import dev.switchboard.control.StateJson;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The engine of another process (`switchboard run`, systemd's), over its control socket: its
 * state ({@code show state json}) is read once a second and after each event or change, off the
 * drawing thread; events come through a subscription of its own, and edits go as base64 text.
 * Who may change things is the engine's decision (SO_PEERCRED), not ours.
 */
final class Remote implements Operations {
    private final Path socket;
    private volatile EngineState last = EngineState.empty("connecting...");
    private final AtomicLong asked = new AtomicLong(); // the readings of the state begun, counted
    private long shown; // the number of the reading in last; guarded by this

    /** Reads the engine's state now and then once a second, on a thread of its own: drawing never waits on the socket. */
    Remote(Path socket) {
        this.socket = socket;
        refresh();
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-remote-view");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 1, 1, TimeUnit.SECONDS);
    }

    private String ask(String command) throws IOException {
        return ControlClient.ask(socket, command).orElseThrow(() -> new IOException("the engine at " + socket + " is gone")).text();
    }

    /**
     * The engine's state, read again as the JSON of `show state json`; if it cannot be, the last
     * one, said to be stale. Readings run on three threads (the refresher, the events, a change's
     * answer) and may end out of order: one begun later is never replaced by one begun before it,
     * or a reading from before a try would hide the try the console has just applied.
     */
    private void refresh() {
        long reading = asked.incrementAndGet();
        EngineState read = null;
        String failure = null;
        try {
            String answer = ask("show state json");
            if (answer.startsWith("error: ")) {
                throw new IOException(answer.substring("error: ".length()).strip());
            }
            read = StateJson.decode(answer);
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage();
        }
        synchronized (this) {
            if (reading < shown) {
                return;
            }
            shown = reading;
            last = read != null ? read.withSummary(read.summary() + attached())
                    : last.withSummary("ENGINE UNREACHABLE: " + failure + attached());
        }
    }

    private String attached() {
        return "  (attached to " + socket + ")";
    }

    @Override
    public EngineState state() {
        return last;
    }

    @Override
    public String confirmedText() {
        try {
            return ask("show config");
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public List<String> audit(int lines) throws IOException {
        return ask("show audit " + lines).lines().toList();
    }

    @Override
    public Engine.Outcome plan(String text) throws IOException {
        return outcome("plan-edit " + base64(text));
    }

    @Override
    public Engine.Outcome tryApply(String text, int seconds) {
        return outcome("try-edit " + seconds + " " + base64(text));
    }

    @Override
    public Engine.Outcome confirm() {
        return outcome("confirm");
    }

    @Override
    public Engine.Outcome rollback() {
        return outcome("rollback");
    }

    @Override
    public Engine.Outcome setServerEnabled(String backend, String server, boolean enabled) {
        String name = backend + "/" + server;
        Engine.Outcome o = outcome((enabled ? "enable" : "disable") + " server " + name);
        // HAProxy's command, HAProxy's answer: nothing when done, else why not ("No such server.", "Permission denied")
        List<String> said = o.lines().stream().filter(l -> !l.isBlank()).toList();
        return !o.ok() ? o : said.isEmpty() ? new Engine.Outcome(true, List.of("server " + name + (enabled ? " enabled" : " disabled")))
                : new Engine.Outcome(false, said);
    }

    @Override
    public Engine.Outcome drain(String frontend) {
        return outcome("drain frontend " + frontend);
    }

    @Override
    public Engine.Outcome undrain(String frontend) {
        return outcome("enable frontend " + frontend);
    }

    /** An answer as an outcome: failed when it starts with "error: ". */
    private Engine.Outcome outcome(String command) {
        try {
            String text = ask(command);
            refresh(); // what the change did shows at once
            boolean ok = !text.startsWith("error: ");
            List<String> lines = new ArrayList<>(text.lines().toList());
            if (!ok) {
                lines.set(0, lines.get(0).substring("error: ".length()));
            }
            return new Engine.Outcome(ok, lines);
        } catch (IOException e) {
            return new Engine.Outcome(false, List.of(e.getMessage()));
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<Path> socket() {
        return Optional.of(socket);
    }

    @Override
    public AutoCloseable subscribe(Consumer<String> events) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("subscribe\n".getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            events.accept("no events from the engine: " + e.getMessage());
            return () -> { };
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("event: ")) {
                        refresh(); // before the console hears of it, so that it draws what changed
                        events.accept(line.substring("event: ".length()));
                    }
                }
                events.accept("the engine closed the event stream");
            } catch (IOException e) {
                // closed by us
            }
        }, "console-events");
        reader.setDaemon(true);
        reader.start();
        return ch::close;
    }
}
