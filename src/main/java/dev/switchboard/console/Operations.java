package dev.switchboard.console;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the console reads and asks of the engine. In-process it is the engine itself
 * ({@link #of(Engine, String)}); the screens and keys know nothing else.
 */
interface Operations {
    /** What the engine shows now, as last published: never waits for a change under way. */
    EngineState state();

    String confirmedText();

    List<String> audit(int lines) throws IOException;

    Engine.Outcome plan(String text) throws IOException;

    Engine.Outcome tryApply(String text, int seconds);

    Engine.Outcome confirm();

    Engine.Outcome rollback();

    Engine.Outcome setServerEnabled(String backend, String server, boolean enabled);

    Engine.Outcome drain(String frontend);

    /** Undoes a drain: the frontend's binds listen again. */
    Engine.Outcome undrain(String frontend);

    AutoCloseable subscribe(Consumer<String> events);

    /** The control socket another session may confirm a try through; empty when there is none it may use (the demo's is private). */
    default Optional<Path> socket() {
        return Optional.empty();
    }

    static Operations of(Engine engine, String who) {
        return of(engine, who, listener -> { });
    }

    /**
     * In-process: the engine's events, the recent ones first; {@code engineLog} lets a listener
     * hear what is not the engine's (the JVM's warnings, Netty's) too.
     */
    static Operations of(Engine engine, String who, Consumer<Consumer<String>> engineLog) {
        return of(engine, who, engineLog, Optional.empty());
    }

    /** As above, the engine answering at {@code socket} too. */
    static Operations of(Engine engine, String who, Consumer<Consumer<String>> engineLog, Optional<Path> socket) {
        return new Operations() {
            @Override
            public Optional<Path> socket() {
                return socket;
            }

            @Override
            public EngineState state() {
                return engine.state();
            }

            @Override
            public String confirmedText() {
                return engine.confirmedText();
            }

            @Override
            public List<String> audit(int lines) throws IOException {
                return engine.auditTail(lines);
            }

            @Override
            public Engine.Outcome plan(String text) throws IOException {
                return engine.plan(text);
            }

            @Override
            public Engine.Outcome tryApply(String text, int seconds) {
                return engine.tryApply(text, seconds, who);
            }

            @Override
            public Engine.Outcome confirm() {
                return engine.confirm(who);
            }

            @Override
            public Engine.Outcome rollback() {
                return engine.endTry(who);
            }

            @Override
            public Engine.Outcome setServerEnabled(String backend, String server, boolean enabled) {
                return engine.setServerEnabled(backend, server, enabled, who);
            }

            @Override
            public Engine.Outcome drain(String frontend) {
                return engine.drain(frontend, who);
            }

            @Override
            public Engine.Outcome undrain(String frontend) {
                return engine.undrain(frontend, who);
            }

            @Override
            public AutoCloseable subscribe(Consumer<String> events) {
                engineLog.accept(events);
                return engine.subscribe(e -> events.accept(e.text()), true); // what happened before the console came, first
            }
        };
    }
}
