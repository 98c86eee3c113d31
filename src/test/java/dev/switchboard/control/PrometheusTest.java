package dev.switchboard.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.Config;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineState;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.health.GatewayStatus;
import dev.switchboard.health.HealthState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The /metrics page from a state: our gateway series, a try pending, and HAProxy's server states (pure). */
class PrometheusTest {
    static final Instant T = Instant.parse("2030-01-02T03:04:05Z");

    static GatewayRow row(String device, long metric, String link, Optional<GatewayStatus> health) {
        return new GatewayRow("inet", device, List.of("10.0.0.10/24"), "10.0.0.1", metric, link, "reachable", true, metric == 0, health);
    }

    @Test
    void gatewaysAndATryPendingInOurNames() throws Exception {
        Config c = HaproxyCsvTest.seed();
        EngineState state = new EngineState("s", "f", T, List.of(
                row("eth0", 0, "up", Optional.of(new GatewayStatus(HealthState.ALIVE, Optional.of(Duration.ofMillis(12)), 0, T, "ok"))),
                row("eth1", 1, "up", Optional.of(new GatewayStatus(HealthState.DEAD, Optional.empty(), 1, T, "no answer"))),
                row("eth2", 2, "up", Optional.empty()),
                row("eth3", 3, "no-carrier", Optional.of(GatewayStatus.unchecked(T)))),
                0, Map.of(), HaproxyCsvTest.snapshot(c), List.of(), Optional.of(new Engine.PendingTry("root", T, T.plusSeconds(60))),
                Optional.empty(), Optional.empty(), List.of());
        String page = Prometheus.page(state, state.stats(), c, 1_900_000_000.5);
        List<String> lines = page.lines().toList();
        assertTrue(lines.contains("switchboard_gateway_up{interface=\"eth0\",family=\"inet\"} 1"), page);
        assertTrue(lines.contains("switchboard_gateway_up{interface=\"eth1\",family=\"inet\"} 0"), "dead");
        assertTrue(lines.contains("switchboard_gateway_up{interface=\"eth2\",family=\"inet\"} 1"), "unchecked, its link up");
        assertTrue(lines.contains("switchboard_gateway_up{interface=\"eth3\",family=\"inet\"} 0"), "unchecked, no carrier");
        assertTrue(lines.contains("switchboard_gateway_rtt_seconds{interface=\"eth0\",family=\"inet\"} 0.012"), page);
        assertFalse(page.contains("switchboard_gateway_rtt_seconds{interface=\"eth1\""), "no answer, no round trip");
        assertTrue(lines.contains("switchboard_default_route_metric{interface=\"eth2\",family=\"inet\"} 2"), page);
        assertTrue(lines.contains("switchboard_try_pending 1"), page);
        assertTrue(lines.contains("haproxy_process_start_time_seconds 1.9000000005E9"), page);
        // one series per state, 1 for the current: web2 is in maintenance, ex1 down
        assertTrue(lines.contains("haproxy_server_status{proxy=\"bk_www\",server=\"web2\",state=\"MAINT\"} 1"), page);
        assertTrue(lines.contains("haproxy_server_status{proxy=\"bk_www\",server=\"web2\",state=\"UP\"} 0"), page);
        assertTrue(lines.contains("haproxy_server_status{proxy=\"bk_exchange\",server=\"ex1\",state=\"DOWN\"} 1"), page);
        assertEquals(5, lines.stream().filter(l -> l.startsWith("haproxy_server_status{proxy=\"bk_www\",server=\"web1\"")).count());
        assertTrue(lines.contains("haproxy_frontend_status{proxy=\"ft_exchange\",state=\"DOWN\"} 1"), "not listening");
        assertTrue(lines.contains("# TYPE haproxy_frontend_http_responses_total counter"), page);
        assertTrue(lines.contains("haproxy_frontend_http_responses_total{proxy=\"ft_www\",code=\"2xx\"} 240"), page);
        assertFalse(page.contains("haproxy_frontend_http_responses_total{proxy=\"ft_exchange\""), "a tcp frontend has no HTTP answers");
        assertTrue(lines.contains("haproxy_backend_response_time_average_seconds{proxy=\"bk_www\"} 0.012"), page);
        assertTrue(lines.contains("haproxy_frontend_limit_sessions{proxy=\"ft_www\"} 4096"), "its own maxconn");
        assertTrue(lines.contains("haproxy_frontend_limit_sessions{proxy=\"ft_exchange\"} 9000"), "none of its own: the budget all share");
    }

    @Test
    void labelValuesAreEscaped() {
        assertEquals("{proxy=\"a\\\\b\\\"c\\nd\"}", Prometheus.labels("proxy", "a\\b\"c\nd"));
    }
}
