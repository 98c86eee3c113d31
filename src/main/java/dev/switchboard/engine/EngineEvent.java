package dev.switchboard.engine;

import java.time.Instant;

/**
 * What happens, as the engine tells its subscribers: values to be matched by type, never lines
 * to be searched. {@link #text} is the one line a person reads (the control socket's
 * {@code event:} lines, the console's log).
 */
public sealed interface EngineEvent {
    /** The line a person reads. */
    String text();

    /** A link changed state ("up", "down", "no-carrier", "deleted"), as netlink reports it. */
    record LinkChanged(String link, String state) implements EngineEvent {
        @Override
        public String text() {
            return "kernel: link " + link + " " + state;
        }
    }

    /** An address came or went. */
    record AddressChanged(boolean added, String address, String device) implements EngineEvent {
        @Override
        public String text() {
            return "kernel: " + (added ? "+" : "-") + " address " + address + " dev " + device;
        }
    }

    /** A route of the main table came or went; {@code route} in the words of `ip route`. */
    record RouteChanged(boolean added, String route) implements EngineEvent {
        @Override
        public String text() {
            return "kernel: " + (added ? "+" : "-") + " route " + route;
        }
    }

    /** A neighbour entry (a gateway's, most often) changed state: reachable, stale, failed. */
    record NeighbourChanged(String address, String device, String state) implements EngineEvent {
        @Override
        public String text() {
            return "kernel: neighbour " + address + " dev " + device + " " + state;
        }
    }

    /** What the kernel's watcher says of itself (events lost and re-read, stopped). */
    record KernelNote(String note) implements EngineEvent {
        @Override
        public String text() {
            return "kernel: " + note;
        }
    }

    /** A step of the kernel's part of a change was made. */
    record StepApplied(String step) implements EngineEvent {
        @Override
        public String text() {
            return "applying: " + step;
        }
    }

    /** A config was applied and is confirmed ({@code what}: "apply"). */
    record ApplyDone(String who, String what) implements EngineEvent {
        @Override
        public String text() {
            return what + " by " + who + ": done";
        }
    }

    /** A change was refused or failed, and nothing changed (or, in {@code why}, what could not be put back). */
    record ApplyFailed(String who, String what, String why) implements EngineEvent {
        @Override
        public String text() {
            return what + " by " + who + " failed: " + why;
        }
    }

    /** A try was applied; it is rolled back at {@code deadline} unless confirmed. */
    record TryStarted(String who, int seconds, Instant deadline) implements EngineEvent {
        @Override
        public String text() {
            return "try by " + who + ": applied; rolled back in " + seconds + " s unless confirmed";
        }
    }

    record TryConfirmed(String who) implements EngineEvent {
        @Override
        public String text() {
            return "confirmed by " + who;
        }
    }

    /** The try's countdown ran out; its rollback follows. */
    record TryExpired(String who) implements EngineEvent {
        @Override
        public String text() {
            return "the try by " + who + " was not confirmed in time";
        }
    }

    /** Back on the confirmed config; {@code verified} by a fresh dump of the kernel. */
    record TryRolledBack(String why, boolean verified) implements EngineEvent {
        @Override
        public String text() {
            return "ROLLED BACK: " + why + (verified ? "; the kernel matches the confirmed config (verified by a fresh dump)"
                    : "; THE KERNEL DOES NOT MATCH THE CONFIRMED CONFIG: run \"switchboard plan\"");
        }
    }

    /** An operator set a server ready, draining (no new traffic, what is under way finishes) or in maintenance. */
    record ServerStateSet(String backend, String server, String state, String who) implements EngineEvent {
        @Override
        public String text() {
            return "server " + backend + "/" + server + " set to " + state + " by " + who;
        }
    }

    /** An operator changed a server's weight (runtime only). */
    record WeightSet(String backend, String server, int weight, String who) implements EngineEvent {
        @Override
        public String text() {
            return "server " + backend + "/" + server + " weight set to " + weight + " by " + who;
        }
    }

    /** An operator took a server out of the rotation, or put it back. */
    record ServerToggled(String backend, String server, boolean enabled, String who) implements EngineEvent {
        @Override
        public String text() {
            return "server " + backend + "/" + server + (enabled ? " enabled" : " disabled") + " by " + who;
        }
    }

    /** A server's state changed: UP, DOWN (its health checks), MAINT (an operator), checking. */
    record ServerHealthChanged(String backend, String server, String state, String was) implements EngineEvent {
        @Override
        public String text() {
            return "server " + backend + "/" + server + " is " + state + " (was " + was + ")";
        }
    }

    record FrontendDrained(String frontend, String who) implements EngineEvent {
        @Override
        public String text() {
            return "frontend " + frontend + " drained by " + who;
        }
    }

    record FrontendEnabled(String frontend, String who) implements EngineEvent {
        @Override
        public String text() {
            return "frontend " + frontend + " enabled by " + who;
        }
    }

    /** A bind listens (again). */
    record BindListening(String frontend, String bind) implements EngineEvent {
        @Override
        public String text() {
            return "frontend " + frontend + " " + bind + ": listening";
        }
    }

    /** A bind does not listen, and why. */
    record BindFailed(String frontend, String bind, String reason) implements EngineEvent {
        @Override
        public String text() {
            return "frontend " + frontend + " " + bind + ": NOT listening: " + reason;
        }
    }

    /** A change someone was not allowed to make. */
    record Refused(String who, String what, String why) implements EngineEvent {
        @Override
        public String text() {
            return "refused: " + what + " by " + who + ": " + why;
        }
    }

    /** A gateway's judgement changed (states in {@code HealthState}'s words: checking, alive, dead, unchecked). */
    record GatewayHealthChanged(String iface, String gateway, String state, String was, String detail) implements EngineEvent {
        @Override
        public String text() {
            return "gateway " + gateway + " of " + iface + " is " + state + " (was " + was + ")" + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    /**
     * A dead gateway's default route was moved behind the live ones ({@code failback} false;
     * {@code behind}: the live gateway's interface that now wins, or empty if none is alive), or
     * a gateway alive again got its configured metric back ({@code failback} true). Never drift.
     */
    record GatewayFailover(String iface, boolean failback, String behind, long metric) implements EngineEvent {
        @Override
        public String text() {
            if (failback) {
                return "failback: " + iface + "'s gateway alive, its route back at metric " + metric;
            }
            return "failover: " + iface + "'s gateway dead, its route moved " + (behind.isEmpty() ? "to metric " + metric + " (no live gateway left)"
                    : "behind " + behind + " (metric " + metric + ")");
        }
    }

    /** Something switchboard manages was removed ({@code by}: "another process", "a link flap") and was put back. */
    record PutBack(String what, String by) implements EngineEvent {
        @Override
        public String text() {
            return what + " was deleted by " + by + "; put back";
        }
    }

    /** Something switchboard manages was removed, and putting it back failed ({@code why}); it is tried again each second. */
    record PutBackFailed(String what, String why) implements EngineEvent {
        @Override
        public String text() {
            return "could not put back " + what + ": " + why + "; tried again each second";
        }
    }

    /** Something switchboard manages was removed too often: it is no longer put back until the next change of config. */
    record PutBackStopped(String what, int times) implements EngineEvent {
        @Override
        public String text() {
            return "NOT PUTTING BACK " + what + " ANY MORE: removed " + times + " times within a minute (another daemon fighting over it?);"
                    + " the next apply puts it back";
        }
    }

    /** Events this subscriber did not get: it read too slowly, and its queue was full. */
    record EventsLost(long count) implements EngineEvent {
        @Override
        public String text() {
            return count + " events lost: read too slowly";
        }
    }
}
