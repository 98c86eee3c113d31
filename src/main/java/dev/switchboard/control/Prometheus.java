package dev.switchboard.control;

import dev.switchboard.config.Config;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineState;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.health.GatewayStatus;
import dev.switchboard.health.HealthState;
import dev.switchboard.proxy.Stats;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The page Prometheus scrapes at /metrics, in the text exposition format (0.0.4), with the names
 * and labels of HAProxy's own exporter (its promex README: proxy, server, state, code), so the
 * Grafana haproxy mixin and its alerts work unchanged, and ours for what HAProxy has not:
 * gateways, default routes, a try under way. Pure: the engine's state, the counters and the
 * config in force in, text out.
 */
public final class Prometheus {
    private Prometheus() {
    }

    /** HAProxy's states of a frontend and a backend, and of a server, one series each. */
    private static final List<String> PROXY_STATES = List.of("DOWN", "UP");
    private static final List<String> SERVER_STATES = List.of("DOWN", "UP", "MAINT", "DRAIN", "NOLB");

    /** Has {@code engine}'s proxy answer /metrics with this page (where [appliance] metrics says). */
    public static void serve(Engine engine) {
        double started = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0;
        engine.metricsPage(stats -> page(engine.state(), stats, engine.running(), started));
    }

    /** The whole page; {@code startSeconds} is when this process started (epoch seconds). */
    public static String page(EngineState state, Stats.Snapshot stats, Config config, double startSeconds) {
        Page p = new Page();
        p.family("haproxy_process_start_time_seconds", "gauge", "Start time in seconds");
        p.sample("haproxy_process_start_time_seconds", "", startSeconds);
        p.family("haproxy_process_current_connections", "gauge", "Number of active sessions");
        p.sample("haproxy_process_current_connections", "", stats.frontends().stream().mapToLong(Stats.FrontendStats::current).sum());
        frontends(p, stats, config);
        backends(p, stats, config);
        servers(p, stats, config);
        ours(p, state);
        return p.text();
    }

    private static void frontends(Page p, Stats.Snapshot stats, Config config) {
        List<Stats.FrontendStats> fs = stats.frontends();
        List<Stats.FrontendStats> http = fs.stream().filter(f -> f.mode().equalsIgnoreCase("http")).toList();
        status(p, "haproxy_frontend_status", fs, Stats.FrontendStats::name,
                f -> f.binds().stream().anyMatch(Stats.BindStats::listening) ? "UP" : "DOWN");
        p.counters("haproxy_frontend_current_sessions", "gauge", "Number of current sessions", fs, f -> proxy(f.name()), f -> f.current());
        p.counters("haproxy_frontend_limit_sessions", "gauge", "Configured session limit", fs, f -> proxy(f.name()),
                f -> HaproxyCsv.limit(config, stats, f.name()));
        p.counters("haproxy_frontend_sessions_total", "counter", "Total number of sessions", fs, f -> proxy(f.name()), f -> f.total());
        p.counters("haproxy_frontend_bytes_in_total", "counter", "Current total of incoming bytes", fs, f -> proxy(f.name()),
                f -> f.bytesIn());
        p.counters("haproxy_frontend_bytes_out_total", "counter", "Current total of outgoing bytes", fs, f -> proxy(f.name()),
                f -> f.bytesOut());
        p.counters("haproxy_frontend_request_errors_total", "counter", "Total number of request errors", fs, f -> proxy(f.name()),
                f -> f.errors());
        p.counters("haproxy_frontend_http_requests_total", "counter", "Total number of HTTP requests received", http,
                f -> proxy(f.name()), f -> f.requests());
        responses(p, "haproxy_frontend_http_responses_total", http, Stats.FrontendStats::name, Stats.FrontendStats::http);
    }

    private static void backends(Page p, Stats.Snapshot stats, Config config) {
        List<Stats.BackendStats> bs = stats.backends();
        status(p, "haproxy_backend_status", bs, Stats.BackendStats::name, Stats.BackendStats::state);
        p.counters("haproxy_backend_current_queue", "gauge", "Number of current queued connections", bs, b -> proxy(b.name()), b -> 0);
        p.counters("haproxy_backend_current_sessions", "gauge", "Number of current sessions", bs, b -> proxy(b.name()), b -> b.current());
        p.counters("haproxy_backend_connection_errors_total", "counter", "Total number of connection errors", bs, b -> proxy(b.name()),
                b -> b.failedConnects());
        List<Stats.BackendStats> http = bs.stream().filter(b -> HaproxyCsv.mode(config, b.name()).equals("http")).toList();
        p.counters("haproxy_backend_response_errors_total", "counter", "Total number of response errors", http, b -> proxy(b.name()),
                b -> b.http().responseErrors());
        p.counters("haproxy_backend_response_time_average_seconds", "gauge",
                "Avg. response time for last 1024 successful connections", http, b -> proxy(b.name()), b -> b.responseSeconds());
        responses(p, "haproxy_backend_http_responses_total", http, Stats.BackendStats::name, Stats.BackendStats::http);
    }

    private static void servers(Page p, Stats.Snapshot stats, Config config) {
        List<Stats.ServerStats> ss = stats.servers();
        p.family("haproxy_server_status", "gauge", "Current status of the service");
        for (Stats.ServerStats s : ss) {
            boolean checked = Optional.ofNullable(config.backends().get(s.backend())).flatMap(b -> b.health()).isPresent();
            String now = serverState(HaproxyCsv.status(s, checked));
            SERVER_STATES.forEach(st -> p.sample("haproxy_server_status", labels("proxy", s.backend(), "server", s.name(), "state", st),
                    st.equals(now) ? 1 : 0));
        }
        p.counters("haproxy_server_current_sessions", "gauge", "Number of current sessions", ss, s -> server(s), s -> s.current());
        p.counters("haproxy_server_check_up_down_total", "counter", "Total number of UP->DOWN transitions", ss, s -> server(s),
                s -> s.checkDowns());
        p.counters("haproxy_server_connection_errors_total", "counter", "Total number of connection errors", ss, s -> server(s),
                s -> s.failedConnects());
        p.counters("haproxy_server_response_errors_total", "counter", "Total number of response errors", ss, s -> server(s),
                s -> s.http().responseErrors());
    }

    /** Ours: gateways (by interface and family: an interface may have both), their routes' metrics, a try waiting for its confirm. */
    private static void ours(Page p, EngineState state) {
        List<GatewayRow> gws = state.gateways();
        p.counters("switchboard_gateway_up", "gauge", "1 while the gateway answers its checks (unchecked: while its link is up)", gws,
                Prometheus::gateway, g -> up(g) ? 1 : 0);
        List<GatewayRow> timed = gws.stream().filter(g -> g.health().flatMap(GatewayStatus::rtt).isPresent()).toList();
        p.counters("switchboard_gateway_rtt_seconds", "gauge", "Round trip of the gateway's last answered check", timed,
                Prometheus::gateway, g -> g.health().flatMap(GatewayStatus::rtt).get().toNanos() / 1e9);
        p.counters("switchboard_default_route_metric", "gauge", "Metric of the interface's default route in the kernel", gws,
                Prometheus::gateway, g -> g.metric());
        p.family("switchboard_try_pending", "gauge", "1 while an apply waits for its confirm (it rolls back otherwise)");
        p.sample("switchboard_try_pending", "", state.pending().isPresent() ? 1 : 0);
    }

    static boolean up(GatewayRow g) {
        HealthState h = g.health().map(GatewayStatus::state).orElse(HealthState.UNCHECKED);
        return h == HealthState.ALIVE || (h != HealthState.DEAD && g.link().equals("up"));
    }

    /** HAProxy's exporter's state of a server from "show stat"'s word. */
    private static String serverState(String status) {
        return switch (status) {
            case "MAINT", "DRAIN", "DOWN" -> status;
            default -> "UP"; // UP, "no check"
        };
    }

    /** A frontend's or backend's status: a series per HAProxy state, 1 for the current. */
    private static <T> void status(Page p, String name, List<T> of, Function<T, String> proxy, Function<T, String> state) {
        p.family(name, "gauge", "Current status of the service");
        for (T x : of) {
            String now = state.apply(x);
            PROXY_STATES.forEach(s -> p.sample(name, labels("proxy", proxy.apply(x), "state", s), s.equals(now) ? 1 : 0));
        }
    }

    /** Answers by class of status: code 1xx..5xx and other. */
    private static <T> void responses(Page p, String name, List<T> of, Function<T, String> proxy, Function<T, Stats.Http> http) {
        p.family(name, "counter", "Total number of HTTP responses");
        for (T x : of) {
            Stats.Http h = http.apply(x);
            for (int c = 1; c <= 5; c++) {
                p.sample(name, labels("proxy", proxy.apply(x), "code", c + "xx"), h.ofClass(c));
            }
            p.sample(name, labels("proxy", proxy.apply(x), "code", "other"), h.other());
        }
    }

    private static String proxy(String name) {
        return labels("proxy", name);
    }

    private static String server(Stats.ServerStats s) {
        return labels("proxy", s.backend(), "server", s.name());
    }

    private static String gateway(GatewayRow g) {
        return labels("interface", g.device(), "family", g.family().toLowerCase(Locale.ROOT));
    }

    /** {@code {k="v",...}}, values escaped as the format asks (backslash, quote, newline). */
    static String labels(String... kv) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < kv.length; i += 2) {
            b.append(i == 0 ? "" : ",").append(kv[i]).append("=\"")
                    .append(kv[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        return b.append('}').toString();
    }

    /** The text being written: a family's HELP and TYPE, then its samples. */
    private static final class Page {
        private final StringBuilder out = new StringBuilder(8192);

        void family(String name, String type, String help) {
            out.append("# HELP ").append(name).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }

        void sample(String name, String labels, double value) {
            out.append(name).append(labels).append(' ');
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                out.append((long) value);
            } else {
                out.append(value);
            }
            out.append('\n');
        }

        <T> void counters(String name, String type, String help, List<T> of, Function<T, String> labels,
                java.util.function.ToDoubleFunction<T> value) {
            family(name, type, help);
            of.forEach(x -> sample(name, labels.apply(x), value.applyAsDouble(x)));
        }

        String text() {
            return out.toString();
        }
    }
}
