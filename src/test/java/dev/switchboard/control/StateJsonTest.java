package dev.switchboard.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.config.BindSpec;
import dev.switchboard.config.HostPort;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineEvent;
import dev.switchboard.engine.EngineLock;
import dev.switchboard.engine.EngineState;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.proxy.BindStatus;
import dev.switchboard.proxy.Stats;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engine's state as JSON, and the JSON of the tables: names scripts rely on, and back again unchanged. */
class StateJsonTest {
    static final GatewayRow ETH0 = new GatewayRow("inet", "eth0", List.of("203.0.113.10/24"), "203.0.113.1", 0, "up", "reachable", true, true);
    static final GatewayRow ETH6 = new GatewayRow("inet6", "eth1", List.of(), "fe80::1", 1, "no-carrier", "none", false, false);

    static EngineState sample() {
        BindSpec pinned = new BindSpec(HostPort.parse("10.2.0.10:443").orElseThrow(), Optional.of("eth2"), false, true);
        BindSpec v6 = new BindSpec(HostPort.parse("[2001:db8::10]:80").orElseThrow(), Optional.empty(), true, false);
        Stats.Snapshot stats = new Stats.Snapshot(42, List.of(new Stats.FrontendStats("ft_exchange", "tcp", 1, 9, 0, 0, 100, 200, 0, List.of(
                new Stats.BindStats(new BindStatus("ft_exchange", pinned, Optional.of(new InetSocketAddress(pinned.address().address(), 443)),
                        Optional.empty()), 1, 9),
                new Stats.BindStats(new BindStatus("ft_exchange", v6, Optional.empty(), Optional.of("Address already in use")), 0, 0)))),
                List.of(new Stats.BackendStats("bk_exchange", "roundrobin", 1, 2, 1, 9, 100, 200, 3)),
                List.of(new Stats.ServerStats("bk_exchange", "ex1", "10.4.0.21:443", true, true, false, Instant.parse("2030-01-02T03:04:05Z"), 1, 9,
                        100, 200, 0), new Stats.ServerStats("bk_exchange", "ex2", "10.4.0.22:443", false, false, false, Instant.EPOCH, 0, 0, 0, 0, 3)));
        ReplyRoute route = new ReplyRoute("ft_exchange", pinned, Optional.of("eth2"), Optional.of("eth0"), Optional.of("203.0.113.1"),
                Optional.of("traffic arrives on eth2 but replies leave by eth0 via 203.0.113.1"));
        Instant at = Instant.parse("2030-01-02T03:04:06Z");
        return new EngineState("5 interfaces", "/etc/switchboard/switchboard.toml", at, List.of(ETH0, ETH6), 7,
                Map.of("eth0", new EngineState.LinkBytes(1, 2)), stats, List.of(route),
                Optional.of(new Engine.PendingTry("alice on pts/3", at, at.plusSeconds(60))), Optional.of("bob (apply, since 03:04:06)"),
                Optional.of(new EngineLock.Holder(4242, "/run/switchboard/control.sock", "/etc/switchboard/switchboard.toml", "switchboard run", "2030-01-02T03:00:00Z")),
                List.of(new EngineState.Logged(1, at, new EngineEvent.LinkChanged("eth3", "no-carrier")),
                        new EngineState.Logged(2, at, new EngineEvent.TryStarted("alice on pts/3", 60, at.plusSeconds(60))),
                        new EngineState.Logged(3, at, new EngineEvent.ServerHealthChanged("bk_exchange", "ex2", "DOWN", "UP"))));
    }

    @Test
    void theStateIsOneDocumentWithItsPartsNamed() throws Exception {
        String json = StateJson.encode(sample());
        assertTrue(!json.contains("\n"), "one line: the control socket's answer ends at an empty line");
        JsonNode s = new ObjectMapper().readTree(json);
        assertEquals("eth0", s.at("/gateways/0/interface").asText(), json);
        assertEquals("reachable", s.at("/gateways/0/neighbour").asText());
        assertEquals("10.2.0.10:443", s.at("/stats/frontends/0/binds/0/status/bind/address").asText());
        assertEquals("10.2.0.10:443", s.at("/stats/frontends/0/binds/0/status/local").asText());
        assertEquals("Address already in use", s.at("/stats/frontends/0/binds/1/status/error").asText());
        assertEquals("[2001:db8::10]:80", s.at("/stats/frontends/0/binds/1/status/bind/address").asText());
        assertEquals("eth0", s.at("/replies/0/device").asText());
        assertTrue(s.at("/replies/0/problem").asText().startsWith("traffic arrives on eth2"));
        assertEquals("UP", s.at("/stats/backends/0/state").asText());
        assertEquals("MAINT", s.at("/stats/servers/1/state").asText());
        assertEquals("2030-01-02T03:04:05Z", s.at("/stats/servers/0/lastChange").asText());
        assertEquals("alice on pts/3", s.at("/pending/who").asText());
        assertEquals("2030-01-02T03:05:06Z", s.at("/pending/deadline").asText());
        assertEquals(4242, s.at("/engine/pid").asLong());
        assertEquals("LinkChanged", s.at("/events/0/event/type").asText());
        assertEquals("kernel: link eth3 no-carrier", s.at("/events/0/event/text").asText());
        assertEquals("ServerHealthChanged", s.at("/events/2/event/type").asText());
        assertEquals(3, s.at("/events/2/seq").asLong());
    }

    @Test
    void anAttachedConsoleReadsBackWhatWasSent() throws Exception {
        EngineState sent = sample();
        assertEquals(sent, StateJson.decode(StateJson.encode(sent)));
        EngineState nothing = EngineState.empty("connecting...");
        assertEquals(nothing, StateJson.decode(StateJson.encode(nothing)));
        String newer = StateJson.encode(sent).replaceFirst("^\\{", "{\"from\":\"a newer engine\",").replace("\"type\":\"LinkChanged\",",
                "\"type\":\"LinkChanged\",\"mtu\":1500,");
        assertEquals(sent, StateJson.decode(newer), "what it does not know is skipped");
    }

    @Test
    void aGatewaysHealthIsAnObjectAfterTheRowsFieldsAndComesBack() throws Exception {
        GatewayRow dead = ETH0.withHealth(Optional.of(new dev.switchboard.health.GatewayStatus(dev.switchboard.health.HealthState.DEAD,
                Optional.of(java.time.Duration.ofMillis(12)), 1.0, Instant.parse("2030-01-02T03:00:00Z"), "no answer")));
        assertEquals("{\"gateways\":[{\"family\":\"inet\",\"interface\":\"eth0\",\"addresses\":[\"203.0.113.10/24\"],\"gateway\":\"203.0.113.1\","
                + "\"metric\":0,\"link\":\"up\",\"neighbour\":\"reachable\",\"managed\":true,\"winner\":true,"
                + "\"health\":{\"state\":\"dead\",\"rtt_ms\":12.0,\"loss\":1.0,\"since\":\"2030-01-02T03:00:00Z\",\"detail\":\"no answer\"}}]}\n",
                Tables.gatewaysJson(List.of(dead)));
        EngineState sent = EngineState.empty("x");
        sent = new EngineState("x", "", Instant.EPOCH, List.of(dead, ETH6), 0, java.util.Map.of(), sent.stats(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of());
        assertEquals(sent, StateJson.decode(StateJson.encode(sent)));
    }

    @Test
    void theTablesJsonKeepsItsNamesAndOrder() throws Exception {
        assertEquals("{\"gateways\":[{\"family\":\"inet\",\"interface\":\"eth0\",\"addresses\":[\"203.0.113.10/24\"],\"gateway\":\"203.0.113.1\","
                + "\"metric\":0,\"link\":\"up\",\"neighbour\":\"reachable\",\"managed\":true,\"winner\":true,\"health\":null}]}\n", Tables.gatewaysJson(List.of(ETH0)));
        EngineLock.Holder holder = new EngineLock.Holder(42, "/run/s.sock", "/etc/s.toml", "run \"x\"", "2030-01-02T03:00:00Z");
        assertEquals("{\"gateways\":[],\"engine\":{\"pid\":42,\"who\":\"run \\\"x\\\"\",\"since\":\"2030-01-02T03:00:00Z\",\"socket\":\"/run/s.sock\"},"
                + "\"try\":{\"state\":\"pending\",\"text\":\"pending, by alice\"},\"kept_converged\":null,\"replies\":[]}\n",
                Tables.statusJson(List.of(), new Tables.EngineStatus(Optional.of(holder), Optional.of("pending, by alice"), Optional.empty()), List.of()));
        assertEquals("{\"gateways\":[],\"engine\":null,\"try\":{\"state\":\"orphaned\",\"by\":\"alice at 2030\"},\"kept_converged\":null,\"replies\":[]}\n",
                Tables.statusJson(List.of(), new Tables.EngineStatus(Optional.empty(), Optional.empty(), Optional.of("alice at 2030")), List.of()));
        assertEquals("{\"gateways\":[],\"engine\":null,\"try\":null,\"kept_converged\":null,\"replies\":[]}\n",
                Tables.statusJson(List.of(), new Tables.EngineStatus(Optional.empty(), Optional.empty(), Optional.empty()), List.of()));

        // what keeping the kernel converged did: counted, and what it gave up on named, for people and scripts
        var kept = new dev.switchboard.engine.KeptConverged(3, 1, List.of("eth0's default route"));
        Tables.EngineStatus running = new Tables.EngineStatus(Optional.of(holder), Optional.empty(), Optional.empty(), Optional.of(kept));
        assertTrue(Tables.statusJson(List.of(), running, List.of()).endsWith(",\"try\":null,\"kept_converged\":{\"put_back\":3,\"failed\":1,"
                + "\"given_up\":[\"eth0's default route\"]},\"replies\":[]}\n"), Tables.statusJson(List.of(), running, List.of()));
        assertTrue(Tables.engineStatus(running).endsWith("try: none\nkept converged: 3 put back, 1 failed\n"
                + "NOT PUT BACK any more (removed 5 times within a minute): eth0's default route; the next apply puts it back\n"),
                Tables.engineStatus(running));
        EngineState empty = EngineState.empty("x");
        EngineState sent = new EngineState("x", "", Instant.EPOCH, List.of(), 0, java.util.Map.of(), empty.stats(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), kept);
        assertEquals(kept, StateJson.decode(StateJson.encode(sent)).converged(), "an attached console reads it back");
    }
}
