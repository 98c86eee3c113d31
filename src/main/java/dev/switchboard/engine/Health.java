package dev.switchboard.engine;

import dev.switchboard.proxy.Stats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The servers' and binds' health as events: each reading of the proxy's counters compared with
 * the last. A server seen for the first time is not news; a bind is (it listens, or why not).
 */
final class Health {
    private Map<String, String> servers; // backend/server -> state; null before the first reading
    private Map<String, Optional<String>> binds = Map.of(); // "frontend bind" -> why it does not listen

    List<EngineEvent> changes(Stats.Snapshot stats) {
        List<EngineEvent> out = new ArrayList<>();
        Map<String, String> nowServers = new HashMap<>();
        for (Stats.ServerStats s : stats.servers()) {
            String key = s.backend() + "/" + s.name();
            nowServers.put(key, s.state());
            String was = servers == null ? null : servers.get(key);
            if (was != null && !was.equals(s.state())) {
                out.add(new EngineEvent.ServerHealthChanged(s.backend(), s.name(), s.state(), was));
            }
        }
        servers = nowServers;
        Map<String, Optional<String>> nowBinds = new HashMap<>();
        for (Stats.FrontendStats f : stats.frontends()) {
            for (Stats.BindStats b : f.binds()) {
                String key = f.name() + " " + b.bind();
                nowBinds.put(key, b.error());
                if (!b.error().equals(binds.get(key))) {
                    out.add(b.error().<EngineEvent>map(e -> new EngineEvent.BindFailed(f.name(), b.bind().toString(), e))
                            .orElseGet(() -> new EngineEvent.BindListening(f.name(), b.bind().toString())));
                }
            }
        }
        binds = nowBinds;
        return out;
    }
}
