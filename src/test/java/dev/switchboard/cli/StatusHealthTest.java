package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.control.ControlServer;
import dev.switchboard.control.Protocol;
import dev.switchboard.engine.Awaiting;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineEvent;
import dev.switchboard.engine.Subscription;
import dev.switchboard.health.GatewayTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `switchboard status` as an operator runs it beside a running engine, between two checked
 * gateways in namespaces of their own: gw0 stops forwarding, and status says eth0's gateway is
 * dead (HEALTH, and --json's health object), and flags the bind pinned to eth0.
 */
class StatusHealthTest {
    static final String CHECK = "check = { method = \"icmp\", targets = [\"198.18.0.5\"], interval = 0.2, timeout = 0.2, fall = 2, rise = 2 }";
    static final String FRONTEND = """

            [frontends.ft_web]
            mode    = "tcp"
            backend = "bk"
            binds   = [ { address = "10.0.0.10:8443", interface = "eth0" } ]

            [backends.bk]
            servers = [ { name = "s1", address = "198.18.0.5:80" } ]
            """;

    @TempDir
    Path dir;

    final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void statusSaysTheGatewayIsDeadAndFlagsTheBindPinnedToIt() throws Exception {
        Path config = dir.resolve("switchboard.toml");
        Files.writeString(config, GatewayTopology.config(CHECK, CHECK) + FRONTEND);
        Path socket = dir.resolve("control.sock");
        try (GatewayTopology t = GatewayTopology.create();
                Engine engine = t.appliance.call(() -> Engine.start(config, dir.resolve("state"), 1, log::add, "test"));
                ControlServer server = t.appliance.call(() -> ControlServer.start(socket, new Protocol(engine), log::add));
                Subscription events = engine.events()) {
            List<EngineEvent> seen = new ArrayList<>();
            Awaiting.awaitState(engine, events, s -> Awaiting.alive(s, "eth0"), Duration.ofSeconds(10), seen);
            t.forwarding(0, false);
            Awaiting.await(events, EngineEvent.GatewayFailover.class, f -> f.iface().equals("eth0") && !f.failback(), Duration.ofSeconds(2), seen);

            String[] where = {"--state-dir", dir.resolve("state").toString(), "--socket", socket.toString()};
            CheckCommandTest.Run text = t.appliance.call(() -> CheckCommandTest.run(Map.of(), "status", where[0], where[1], where[2], where[3]));
            assertEquals(0, text.code(), text.err());
            String eth0 = text.out().lines().filter(l -> l.matches("\\s+\\d+\\s+eth0\\s.*")).findFirst().orElseThrow(() -> new AssertionError(text.out()));
            assertTrue(eth0.matches(" +\\d+ +eth0 +10\\.0\\.0\\.1 +up +\\S+ +dead 00:00:0\\d +switchboard +10\\.0\\.0\\.10/24"), eth0);
            assertTrue(text.out().contains("\nkept converged: 0 put back, 0 failed\n"), text.out());
            assertTrue(text.out().contains("\nft_web    10.0.0.10:8443  eth0 dead  pinned to eth0\n"
                    + "dead: replies leave by a gateway judged dead (pinned, or its table's)\n"), text.out());

            CheckCommandTest.Run json = t.appliance.call(() -> CheckCommandTest.run(Map.of(), "status", "--json", where[0], where[1], where[2],
                    where[3]));
            assertTrue(json.out().matches("(?s).*\"interface\":\"eth0\",[^}]*\"health\":\\{\"state\":\"dead\",\"rtt_ms\":(null|[0-9.]+),"
                    + "\"loss\":[0-9.]+,\"since\":\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\".*"), json.out());
            assertTrue(json.out().contains("\"kept_converged\":{\"put_back\":0,\"failed\":0,\"given_up\":[]}"), json.out());
            assertTrue(json.out().contains("{\"frontend\":\"ft_web\",\"bind\":\"10.0.0.10:8443\",\"interface\":\"eth0\",\"leaves_by\":\"eth0\","
                    + "\"gateway\":\"10.0.0.1\",\"decided_by\":\"pinned to eth0\",\"gateway_dead\":true,\"problem\":null}"), json.out());
        }
    }
}
