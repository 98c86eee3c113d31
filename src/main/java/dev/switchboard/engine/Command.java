package dev.switchboard.engine;

import dev.switchboard.net.NetState;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the engine's loop is asked to do, from the CLI, the control socket, the console, the
 * countdown, the kernel's watcher and the clock: one at a time, in the order they came. A
 * command that answers completes its {@code reply}.
 */
sealed interface Command {
    /** A command that answers: its reply is completed by the loop, or failed if the engine stops first. */
    interface Asking<R> {
        CompletableFuture<R> reply();
    }

    /** A command that changes the config in force: {@code who} is changing things while it runs. */
    sealed interface Change extends Command {
        String who();

        /** "apply", "try 30", "confirm": how the change is named while it runs and in the audit log. */
        String what();
    }

    record Apply(String text, String who, boolean allowEmpty, CompletableFuture<Engine.Outcome> reply) implements Change, Asking<Engine.Outcome> {
        @Override
        public String what() {
            return "apply";
        }
    }

    record Try(String text, int seconds, String who, boolean allowEmpty, CompletableFuture<Engine.Outcome> reply) implements Change, Asking<Engine.Outcome> {
        @Override
        public String what() {
            return "try " + seconds;
        }
    }

    record Confirm(String who, CompletableFuture<Engine.Outcome> reply) implements Change, Asking<Engine.Outcome> {
        @Override
        public String what() {
            return "confirm";
        }
    }

    /** Ends the pending try; empty reply if there was none ({@code leaving}: the last act of a console, said only if there was one). */
    record EndTry(String who, boolean leaving, CompletableFuture<Optional<Engine.Outcome>> reply) implements Change, Asking<Optional<Engine.Outcome>> {
        @Override
        public String what() {
            return "rollback";
        }
    }

    /** Goes back {@code back} confirmed configs, as a try. */
    record RollbackTo(int back, int seconds, String who, CompletableFuture<Engine.Outcome> reply) implements Change, Asking<Engine.Outcome> {
        @Override
        public String what() {
            return "rollback " + back;
        }
    }

    /** The countdown of try {@code id} ran out. */
    record Expire(long id) implements Change {
        @Override
        public String who() {
            return "the try's countdown";
        }

        @Override
        public String what() {
            return "rollback";
        }
    }

    record Plan(String text, CompletableFuture<Engine.Outcome> reply) implements Command, Asking<Engine.Outcome> {}

    record SetServer(String backend, String server, boolean enabled, String who, CompletableFuture<Engine.Outcome> reply) implements Command, Asking<Engine.Outcome> {}

    /** HAProxy's "set server B/S state ready|drain|maint". */
    record SetServerState(String backend, String server, dev.switchboard.proxy.Stats.Admin state, String who,
            CompletableFuture<Engine.Outcome> reply) implements Command, Asking<Engine.Outcome> {}

    /** HAProxy's "set weight B/S N". */
    record SetWeight(String backend, String server, int weight, String who, CompletableFuture<Engine.Outcome> reply)
            implements Command, Asking<Engine.Outcome> {}

    record Drain(String frontend, String who, CompletableFuture<Engine.Outcome> reply) implements Command, Asking<Engine.Outcome> {}

    record Undrain(String frontend, String who, CompletableFuture<Engine.Outcome> reply) implements Command, Asking<Engine.Outcome> {}

    /** A change someone was refused (already in the audit log): told as an event. */
    record Refusal(String who, String what, String why) implements Command {}

    /** The kernel changed: its state now ({@code null} if it could not be read), what happened, and when it was queued (System.nanoTime). */
    record KernelChanged(NetState state, List<String> happened, long queued) implements Command {}

    /** A gateway's judgement changed: the routes follow the gateways dead now. */
    record HealthChanged(dev.switchboard.health.HealthChange change) implements Command {}

    /** Once a second: the counters read again. */
    record Tick() implements Command {}

    record Stop(int drainSeconds, CompletableFuture<Void> reply) implements Command, Asking<Void> {}
}
