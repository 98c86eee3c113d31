package dev.switchboard.console;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineState;
import java.util.List;
import java.util.function.Consumer;

/**
 * An engine that was: the state a snapshot recorded, shown as the console shows a live one, with
 * {@code banner} (snapshot of HOST at TIME) in its title. Nothing changes it, and nothing can be
 * changed through it: each change is refused, saying why.
 */
final class Frozen implements Operations {
    private static final String REFUSED = "a snapshot: nothing here can change";
    private final EngineState state;
    private final String config;
    private final List<String> audit;

    Frozen(EngineState recorded, String banner, String config, List<String> audit) {
        this.state = recorded.withSummary(banner);
        this.config = config;
        this.audit = List.copyOf(audit);
    }

    @Override
    public EngineState state() {
        return state;
    }

    @Override
    public String confirmedText() {
        return config;
    }

    @Override
    public List<String> audit(int lines) {
        return audit.subList(Math.max(0, audit.size() - lines), audit.size());
    }

    @Override
    public Engine.Outcome plan(String text) {
        return refused();
    }

    @Override
    public Engine.Outcome tryApply(String text, int seconds) {
        return refused();
    }

    @Override
    public Engine.Outcome confirm() {
        return refused();
    }

    @Override
    public Engine.Outcome rollback() {
        return refused();
    }

    @Override
    public Engine.Outcome setServerEnabled(String backend, String server, boolean enabled) {
        return refused();
    }

    @Override
    public Engine.Outcome drain(String frontend) {
        return refused();
    }

    @Override
    public Engine.Outcome undrain(String frontend) {
        return refused();
    }

    @Override
    public AutoCloseable subscribe(Consumer<String> events) {
        return () -> { };
    }

    private static Engine.Outcome refused() {
        return new Engine.Outcome(false, List.of(REFUSED));
    }
}
