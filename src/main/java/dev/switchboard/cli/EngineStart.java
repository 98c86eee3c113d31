package dev.switchboard.cli;

import dev.switchboard.engine.Engine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/** Starts the engine for run, console and demo; a start that cannot be made is said, not thrown. */
final class EngineStart {
    private EngineStart() {}

    static Optional<Engine> start(Path config, Path stateDir, int threads, Consumer<String> log, String who, PrintWriter err)
            throws IOException {
        try {
            return Optional.of(Engine.start(config, stateDir, threads, log, who));
        } catch (Engine.StartFailed e) {
            err.println("switchboard: " + e.getMessage());
            err.println("switchboard: nothing changed");
            return Optional.empty();
        }
    }
}
