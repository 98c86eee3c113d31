package dev.switchboard.engine;

import dev.switchboard.engine.Engine.Outcome;
import dev.switchboard.proxy.BindStatus;
import dev.switchboard.proxy.Proxy;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/** The operator's acts on the running proxy (servers in and out of rotation, drains), audited and told. Used by the engine's loop alone. */
final class ProxyOps {
    private final Proxy proxy;
    private final Audit audit;
    private final Consumer<EngineEvent> publish;

    ProxyOps(Proxy proxy, Audit audit, Consumer<EngineEvent> publish) {
        this.proxy = proxy;
        this.audit = audit;
        this.publish = publish;
    }

    Outcome setServer(Command.SetServer s) {
        if (!proxy.setServerEnabled(s.backend(), s.server(), s.enabled())) {
            return Outcome.failed("no server " + s.backend() + "/" + s.server());
        }
        String name = s.backend() + "/" + s.server();
        audit.record(s.who(), (s.enabled() ? "enable" : "disable") + " server " + name, "done", List.of());
        publish.accept(new EngineEvent.ServerToggled(s.backend(), s.server(), s.enabled(), s.who()));
        return Outcome.ok(List.of("server " + name + (s.enabled() ? " enabled" : " disabled")));
    }

    Outcome setState(Command.SetServerState s) {
        if (!proxy.setServerState(s.backend(), s.server(), s.state())) {
            return Outcome.failed("no server " + s.backend() + "/" + s.server());
        }
        String name = s.backend() + "/" + s.server();
        String state = s.state().name().toLowerCase(Locale.ROOT);
        audit.record(s.who(), "set server " + name + " state " + state, "done", List.of());
        publish.accept(new EngineEvent.ServerStateSet(s.backend(), s.server(), state, s.who()));
        return Outcome.ok(List.of("server " + name + " set to " + state));
    }

    Outcome setWeight(Command.SetWeight w) {
        if (!proxy.setServerWeight(w.backend(), w.server(), w.weight())) {
            return Outcome.failed("no server " + w.backend() + "/" + w.server());
        }
        String name = w.backend() + "/" + w.server();
        audit.record(w.who(), "set weight " + name + " " + w.weight(), "done", List.of());
        publish.accept(new EngineEvent.WeightSet(w.backend(), w.server(), w.weight(), w.who()));
        return Outcome.ok(List.of("server " + name + " weight " + w.weight()));
    }

    Outcome drain(Command.Drain d) {
        if (!proxy.drain(d.frontend())) {
            return Outcome.failed("no frontend " + d.frontend());
        }
        audit.record(d.who(), "drain frontend " + d.frontend(), "done", List.of());
        publish.accept(new EngineEvent.FrontendDrained(d.frontend(), d.who()));
        return Outcome.ok(List.of("frontend " + d.frontend() + " no longer accepts; its connections finish"));
    }

    Outcome undrain(Command.Undrain u) {
        Optional<List<BindStatus>> stillShut = proxy.undrain(u.frontend());
        if (stillShut.isEmpty()) {
            return Outcome.failed("no frontend " + u.frontend());
        }
        List<String> lines = stillShut.get().stream().map(b -> "frontend " + u.frontend() + " " + b.bind() + ": cannot listen: "
                + b.error().orElse("")).toList();
        audit.record(u.who(), "enable frontend " + u.frontend(), lines.isEmpty() ? "done" : "failed", lines);
        publish.accept(new EngineEvent.FrontendEnabled(u.frontend(), u.who()));
        return lines.isEmpty() ? Outcome.ok(List.of("frontend " + u.frontend() + " accepts again")) : new Outcome(false, lines);
    }
}
