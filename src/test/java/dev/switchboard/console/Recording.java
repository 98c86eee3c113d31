package dev.switchboard.console;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An engine that says yes to everything and writes down what it was asked: for the console's
 * logic without a namespace or a terminal. Its view is whatever the test gives the Ui.
 */
class Recording implements Operations {
    final List<String> calls = new ArrayList<>();
    private final String confirmed;

    Recording(String confirmed) {
        this.confirmed = confirmed;
    }

    private Engine.Outcome ok(String call, String answer) {
        calls.add(call);
        return new Engine.Outcome(true, List.of(answer));
    }

    /** What changed the appliance, as asked (reading is not counted). */
    List<String> changes() {
        return calls.stream().filter(c -> !c.startsWith("plan") && !c.startsWith("audit") && !c.equals("confirmedText")).toList();
    }

    @Override
    public EngineState state() {
        return EngineState.empty("recording");
    }

    @Override
    public String confirmedText() {
        calls.add("confirmedText");
        return confirmed;
    }

    @Override
    public List<String> audit(int lines) {
        calls.add("audit " + lines);
        return List.of("an audit line");
    }

    @Override
    public Engine.Outcome plan(String text) {
        return ok("plan", "+ something");
    }

    @Override
    public Engine.Outcome tryApply(String text, int seconds) {
        return ok("tryApply " + seconds, "applied");
    }

    @Override
    public Engine.Outcome confirm() {
        return ok("confirm", "confirmed");
    }

    @Override
    public Engine.Outcome rollback() {
        return ok("rollback", "rolled back");
    }

    @Override
    public Engine.Outcome setServerEnabled(String backend, String server, boolean enabled) {
        String what = "server " + backend + "/" + server + (enabled ? " enabled" : " disabled");
        return ok(what, what);
    }

    @Override
    public Engine.Outcome drain(String frontend) {
        return ok("drain " + frontend, "frontend " + frontend + " no longer accepts; its connections finish");
    }

    @Override
    public Engine.Outcome undrain(String frontend) {
        return ok("undrain " + frontend, "frontend " + frontend + " accepts again");
    }

    @Override
    public AutoCloseable subscribe(Consumer<String> events) {
        return () -> { };
    }
}
