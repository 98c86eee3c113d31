package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.config.Config;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The one comparison of two proxy configs: what `plan` shows is what a reconfigure does. */
class ProxyChangesTest {
    private static final String BEFORE = """
            [frontends.web]
            backend = "app"
            binds = [ { address = "127.0.0.1:8080" }, { address = "127.0.0.1:8081" } ]
            [frontends.admin]
            backend = "old"
            binds = [ { address = "127.0.0.1:9000" } ]
            [backends.app]
            servers = [ { name = "a", address = "127.0.0.1:7001" } ]
            [backends.old]
            servers = [ { name = "o", address = "127.0.0.1:7002" } ]
            """;

    private static final String AFTER = """
            [frontends.web]
            backend = "app"
            binds = [ { address = "127.0.0.1:8080" }, { address = "127.0.0.1:8082" } ]
            [frontends.admin]
            backend = "new"
            binds = [ { address = "127.0.0.1:9000" } ]
            [backends.app]
            servers = [ { name = "a", address = "127.0.0.1:7001" }, { name = "b", address = "127.0.0.1:7003" } ]
            [backends.new]
            servers = [ { name = "n", address = "127.0.0.1:7004" } ]
            """;

    @Test
    void aMovedBindAChangedBackendAndAReplacedOneAreNamedOnce() {
        ProxyChanges c = ProxyChanges.between(ProxyTest.config(BEFORE), ProxyTest.config(AFTER));
        assertEquals(List.of("web 127.0.0.1:8082"), strings(c.opened()));
        assertEquals(List.of("web 127.0.0.1:8081"), strings(c.closed()));
        assertEquals(List.of("admin"), c.frontendsChanged());
        assertEquals(List.of("new"), c.backendsAdded());
        assertEquals(List.of("app"), c.backendsReplaced());
        assertEquals(List.of("old"), c.backendsRemoved());
    }

    @Test
    void theSameConfigChangesNothingButABindThatIsNotListeningOpensAgain() {
        Config config = ProxyTest.config(AFTER);
        ProxyChanges none = ProxyChanges.between(config, config);
        assertEquals(new ProxyChanges(List.of(), List.of(), List.of(), List.of(), List.of(), List.of()), none);

        // a running proxy whose bind 127.0.0.1:8082 could not open: reconfiguring to the same config tries it again
        Set<ProxyChanges.Bind> listening = Set.of(new ProxyChanges.Bind("web", config.frontends().get("web").binds().get(0)),
                new ProxyChanges.Bind("admin", config.frontends().get("admin").binds().get(0)));
        ProxyChanges running = ProxyChanges.between(listening, config.frontends(), config.backends(), config);
        assertEquals(List.of("web 127.0.0.1:8082"), strings(running.opened()));
        assertEquals(List.of(), running.closed());
        assertEquals(List.of(), running.backendsReplaced());
    }

    private static List<String> strings(List<ProxyChanges.Bind> binds) {
        return binds.stream().map(ProxyChanges.Bind::toString).collect(Collectors.toList());
    }
}
