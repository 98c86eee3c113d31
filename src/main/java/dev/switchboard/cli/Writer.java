package dev.switchboard.cli;

import dev.switchboard.control.ControlClient;
import dev.switchboard.engine.EngineLock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Who may change the kernel for a command of the CLI: the running engine, over its socket, or,
 * with none running, this very process, holding the state directory's engine lock for as long as
 * it changes anything. Whether an engine runs is the lock's to say; a socket that does not
 * answer never lets the CLI change the kernel behind an engine's back.
 */
final class Writer {
    private Writer() {}

    sealed interface Found {
        /** An engine answers at the socket; {@code holder} is empty if it keeps another state directory. */
        record Engine(Optional<EngineLock.Holder> holder) implements Found {}

        /** An engine holds the state directory, but nobody answers at the socket we were given. */
        record Unreachable(EngineLock.Holder holder) implements Found {}

        /** No engine: this process now holds the engine lock, and must close it. */
        record Alone(EngineLock lock) implements Found {}
    }

    static Found find(Path stateDir, Path socket, Path config, String who) throws IOException {
        Optional<EngineLock.Holder> holder = EngineLock.holder(stateDir);
        if (holder.isPresent()) {
            return ControlClient.answers(socket) ? new Found.Engine(holder) : new Found.Unreachable(holder.get());
        }
        if (ControlClient.answers(socket)) {
            return new Found.Engine(Optional.empty());
        }
        EngineLock.Acquired acquired = EngineLock.acquire(stateDir, EngineLock.me(socket, config, who));
        if (acquired instanceof EngineLock.Acquired.Held held) { // an engine started this very moment
            return ControlClient.answers(socket) ? new Found.Engine(Optional.of(held.by())) : new Found.Unreachable(held.by());
        }
        return new Found.Alone(((EngineLock.Acquired.Taken) acquired).lock());
    }

    /** What the CLI says when an engine holds the state directory but does not answer where we asked. */
    static String unreachable(Path stateDir, Path socket, EngineLock.Holder holder) {
        String elsewhere = !holder.socket().isEmpty() && !holder.socket().equals(socket.toString())
                ? "; it listens at " + holder.socket() + " (--socket " + holder.socket() + ")" : "";
        return "switchboard: an engine is running on " + stateDir + " (" + holder.describe() + ") but does not answer at "
                + socket + elsewhere + "; nothing changed";
    }
}
