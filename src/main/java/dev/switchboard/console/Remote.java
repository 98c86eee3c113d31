package dev.switchboard.console;

import dev.switchboard.control.ControlClient;
import dev.switchboard.control.Snapshot;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.proxy.Stats;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The engine of another process (`switchboard run`, systemd's), over its control socket: the
 * console reads one {@code show view} per drawing at most every so often, hears events through a
 * subscription of its own, and sends its edits as base64 text. Who may change things is the
 * engine's decision (SO_PEERCRED), not ours.
 */
final class Remote implements Operations {
    private static final long FRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    private final Path socket;
    private Snapshot last = new Snapshot("connecting...", List.of(), Map.of(), new Stats.Snapshot(0, List.of(), List.of(), List.of()),
            List.of(), Optional.empty(), Optional.empty());
    private long lastAt;

    Remote(Path socket) {
        this.socket = socket;
    }

    private String ask(String command) throws IOException {
        return ControlClient.ask(socket, command).orElseThrow(() -> new IOException("the engine at " + socket + " is gone")).text();
    }

    /** The engine's state, read again when the last reading is older than a few hundred ms. */
    private synchronized Snapshot view() {
        if (System.nanoTime() - lastAt > FRESH_NANOS) {
            try {
                last = Snapshot.decode(ask("show view"));
            } catch (IOException | RuntimeException e) {
                last = new Snapshot("ENGINE UNREACHABLE: " + e.getMessage(), last.gateways(), last.linkBytes(), last.stats(), last.replies(),
                        last.pending(), last.changer());
            }
            lastAt = System.nanoTime();
        }
        return last;
    }

    private synchronized void stale() {
        lastAt = 0;
    }

    @Override
    public List<GatewayRow> gateways() {
        return view().gateways();
    }

    @Override
    public Map<String, long[]> linkBytes() {
        return view().linkBytes();
    }

    @Override
    public Stats.Snapshot stats() {
        return view().stats();
    }

    @Override
    public List<ReplyRoute> replyRoutes() {
        return view().replies();
    }

    @Override
    public Optional<Engine.PendingTry> pending() {
        return view().pending();
    }

    @Override
    public Optional<String> changer() {
        return view().changer();
    }

    @Override
    public String summary() {
        return view().summary() + "  (attached to " + socket + ")";
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
        return outcome((enabled ? "enable" : "disable") + " server " + backend + "/" + server);
    }

    @Override
    public Engine.Outcome drain(String frontend) {
        return outcome("drain frontend " + frontend);
    }

    /** An answer as an outcome: failed when it starts with "error: ". */
    private Engine.Outcome outcome(String command) {
        try {
            String text = ask(command);
            stale();
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
                        stale();
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
