package dev.switchboard.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.engine.Engine;
import dev.switchboard.net.Netns;
import dev.switchboard.proxy.Stats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /metrics of a real engine in a namespace: an HTTP frontend on two servers that answer the
 * status their path names; the page is read by the Prometheus project's own text-format parser
 * (Debian's python3-prometheus-client) and its counters compared with the traffic sent. The
 * servers' runtime states (maint, drain, weight) are checked by where the requests then go.
 */
class MetricsTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final int FRONT = 8080;
    static final int METRICS = 9101;

    @TempDir
    Path dir;
    final List<String> log = new CopyOnWriteArrayList<>();

    /** A server that answers /NNN with status NNN and counts what it got. */
    record Backend(HttpServer server, AtomicInteger got) {
        static Backend start() throws IOException {
            AtomicInteger got = new AtomicInteger();
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            s.setExecutor(Executors.newFixedThreadPool(2));
            s.createContext("/", ex -> {
                got.incrementAndGet();
                byte[] body = "hi".getBytes(StandardCharsets.US_ASCII);
                ex.sendResponseHeaders(Integer.parseInt(ex.getRequestURI().getPath().substring(1)), body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            });
            s.start();
            return new Backend(s, got);
        }

        int port() {
            return server.getAddress().getPort();
        }
    }

    @Test
    void countersMatchTheTrafficAndServerStatesActAtOnce() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON) && run(PYTHON.toString(), "-c", "import prometheus_client.parser").isEmpty(),
                "python3-prometheus-client is not installed (apt-get install python3-prometheus-client)");
        try (Netns ns = Netns.create("metrics")) {
            Backend s1 = ns.call(Backend::start);
            Backend s2 = ns.call(Backend::start);
            Files.writeString(dir.resolve("switchboard.toml"), "[appliance]\nmetrics = \"127.0.0.1:" + METRICS + "\"\n\n"
                    + "[frontends.ft_web]\nmode = \"http\"\nbackend = \"bk_web\"\nbinds = [ { address = \"127.0.0.1:" + FRONT + "\" } ]\n\n"
                    + "[backends.bk_web]\nservers = [ { name = \"s1\", address = \"127.0.0.1:" + s1.port() + "\" },"
                    + " { name = \"s2\", address = \"127.0.0.1:" + s2.port() + "\" } ]\n");
            try (Engine engine = ns.call(() -> Engine.start(dir.resolve("switchboard.toml"), dir.resolve("state"), 1, log::add, "test"))) {
                Prometheus.serve(engine);
                for (int i = 0; i < 6; i++) {
                    assertEquals(200, ns.call(() -> status(FRONT, "GET /200")));
                }
                for (int i = 0; i < 3; i++) {
                    assertEquals(404, ns.call(() -> status(FRONT, "GET /404")));
                }
                for (int i = 0; i < 2; i++) {
                    assertEquals(503, ns.call(() -> status(FRONT, "GET /503")));
                }
                assertEquals(301, ns.call(() -> status(FRONT, "GET /301")));
                Map<String, Double> m = scrape(ns);
                String ft = "{code=\"%s\",proxy=\"ft_web\"}";
                assertEquals(6.0, m.get("haproxy_frontend_http_responses_total" + ft.formatted("2xx")));
                assertEquals(1.0, m.get("haproxy_frontend_http_responses_total" + ft.formatted("3xx")));
                assertEquals(3.0, m.get("haproxy_frontend_http_responses_total" + ft.formatted("4xx")));
                assertEquals(2.0, m.get("haproxy_frontend_http_responses_total" + ft.formatted("5xx")));
                assertEquals(0.0, m.get("haproxy_frontend_http_responses_total" + ft.formatted("other")));
                assertEquals(12.0, m.get("haproxy_frontend_http_requests_total{proxy=\"ft_web\"}"));
                assertEquals(3.0, m.get("haproxy_backend_http_responses_total{code=\"4xx\",proxy=\"bk_web\"}"));
                assertEquals(12.0, m.get("haproxy_frontend_sessions_total{proxy=\"ft_web\"}"), "one connection a request");
                assertTrue(m.get("haproxy_frontend_bytes_in_total{proxy=\"ft_web\"}") >= 12 * "GET /200 HTTP/1.1\r\n".length(), m.toString());
                assertEquals(1.0, m.get("haproxy_frontend_status{proxy=\"ft_web\",state=\"UP\"}"));
                assertEquals(1.0, m.get("haproxy_server_status{proxy=\"bk_web\",server=\"s1\",state=\"UP\"}"));
                assertEquals(0.0, m.get("haproxy_server_status{proxy=\"bk_web\",server=\"s1\",state=\"MAINT\"}"));
                assertEquals(0.0, m.get("switchboard_try_pending"));
                // no maxconn of its own: ft_web's limit is the budget all frontends share, which show info's Maxconn says
                int budget = engine.stats().budget();
                assertTrue(budget > 1, "the budget the open-files limit allows: " + budget);
                assertEquals(budget, m.get("haproxy_frontend_limit_sessions{proxy=\"ft_web\"}"));
                assertTrue(new HaproxyCommands(engine).info().lines().toList().contains("Maxconn: " + budget));
                assertEquals(12, s1.got().get() + s2.got().get());
                assertEquals(6, s1.got().get(), "round robin");

                // maint: s1 gets nothing more, and says so
                assertTrue(engine.setServerState("bk_web", "s1", Stats.Admin.MAINT, "test").ok());
                // show stat has the same counters, in HAProxy's columns (the state is published after each command)
                List<Map<String, String>> rows = HaproxyCsvTest.rows(HaproxyCsv.stat(engine.stats(), engine.running(), 0, HaproxyCsv.Filter.ALL));
                Map<String, String> front = rows.get(0);
                Map<String, String> back = rows.get(3);
                assertEquals(List.of("ft_web/FRONTEND", "bk_web/s1", "bk_web/s2", "bk_web/BACKEND"),
                        rows.stream().map(r -> r.get("pxname") + "/" + r.get("svname")).toList());
                assertEquals(List.of("0", "6", "1", "3", "2", "0", "12"), List.of(front.get("hrsp_1xx"), front.get("hrsp_2xx"),
                        front.get("hrsp_3xx"), front.get("hrsp_4xx"), front.get("hrsp_5xx"), front.get("hrsp_other"), front.get("req_tot")));
                assertEquals(List.of("6", "3", "2", "12", "12"), List.of(back.get("hrsp_2xx"), back.get("hrsp_4xx"), back.get("hrsp_5xx"),
                        back.get("req_tot"), back.get("lbtot")));
                assertEquals(6, Integer.parseInt(rows.get(1).get("hrsp_2xx")) + Integer.parseInt(rows.get(2).get("hrsp_2xx")));
                assertEquals("MAINT", rows.get(1).get("status"));
                assertEquals(String.valueOf(budget), front.get("slim"));
                assertEquals("no check", rows.get(2).get("status"));
                assertEquals("1", rows.get(2).get("weight"));
                int s1Before = s1.got().get();
                for (int i = 0; i < 4; i++) {
                    assertEquals(200, ns.call(() -> status(FRONT, "GET /200")));
                }
                assertEquals(s1Before, s1.got().get(), "a server in maintenance gets no traffic");
                m = scrape(ns);
                assertEquals(1.0, m.get("haproxy_server_status{proxy=\"bk_web\",server=\"s1\",state=\"MAINT\"}"));
                assertEquals(0.0, m.get("haproxy_server_status{proxy=\"bk_web\",server=\"s1\",state=\"UP\"}"));
                assertEquals(10.0, m.get("haproxy_frontend_http_responses_total" + ft.formatted("2xx")));

                // drain the other, s1 ready again: everything goes to s1
                assertTrue(engine.setServerState("bk_web", "s2", Stats.Admin.DRAIN, "test").ok());
                assertTrue(engine.setServerState("bk_web", "s1", Stats.Admin.READY, "test").ok());
                int s2Before = s2.got().get();
                for (int i = 0; i < 3; i++) {
                    assertEquals(200, ns.call(() -> status(FRONT, "GET /200")));
                }
                assertEquals(s2Before, s2.got().get(), "a draining server gets no new request");
                assertEquals(1.0, scrape(ns).get("haproxy_server_status{proxy=\"bk_web\",server=\"s2\",state=\"DRAIN\"}"));

                // weight 0 takes s1 out as well: nobody is left, the backend answers 503 itself
                assertTrue(engine.setServerWeight("bk_web", "s1", 0, "test").ok());
                assertEquals(503, ns.call(() -> status(FRONT, "GET /200")));
                assertEquals(0.0, scrape(ns).get("haproxy_backend_status{proxy=\"bk_web\",state=\"UP\"}"));
                assertTrue(engine.auditTail(10).stream().anyMatch(l -> l.contains("set server bk_web/s2 state drain")), log.toString());
                assertTrue(engine.state().events().stream().map(e -> e.event().text()).toList().containsAll(List.of(
                        "server bk_web/s2 set to drain by test", "server bk_web/s1 weight set to 0 by test")), "told as events");
            }
            ns.call(() -> {
                s1.server().stop(0);
                s2.server().stop(0);
                return null;
            });
        }
    }

    @Test
    void aServerThatClosesIsAResponseErrorAndOneThatRefusesAConnectionError() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON) && run(PYTHON.toString(), "-c", "import prometheus_client.parser").isEmpty(),
                "python3-prometheus-client is not installed (apt-get install python3-prometheus-client)");
        try (Netns ns = Netns.create("metricserr")) {
            java.net.ServerSocket closer = ns.call(() -> new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()));
            Thread t = new Thread(() -> {
                while (!closer.isClosed()) {
                    try (Socket s = closer.accept()) {
                        s.getInputStream().read(); // the request's first byte, then the connection ends unanswered
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.start();
            Files.writeString(dir.resolve("switchboard.toml"), "[appliance]\nmetrics = \"127.0.0.1:" + METRICS + "\"\n\n"
                    + "[frontends.ft]\nmode = \"http\"\nbackend = \"bk\"\nbinds = [ { address = \"127.0.0.1:" + FRONT + "\" } ]\n\n"
                    + "[backends.bk]\nservers = [ { name = \"closer\", address = \"127.0.0.1:" + closer.getLocalPort() + "\" } ]\n");
            try (Engine engine = ns.call(() -> Engine.start(dir.resolve("switchboard.toml"), dir.resolve("state"), 1, log::add, "test"))) {
                Prometheus.serve(engine);
                assertEquals(502, ns.call(() -> status(FRONT, "GET /")));
                assertEquals(502, ns.call(() -> status(FRONT, "GET /")));
                Map<String, Double> m = scrape(ns);
                assertEquals(2.0, m.get("haproxy_server_response_errors_total{proxy=\"bk\",server=\"closer\"}"));
                assertEquals(2.0, m.get("haproxy_backend_response_errors_total{proxy=\"bk\"}"));
                assertEquals(2.0, m.get("haproxy_backend_http_responses_total{code=\"5xx\",proxy=\"bk\"}"));
                assertEquals(0.0, m.get("haproxy_server_connection_errors_total{proxy=\"bk\",server=\"closer\"}"));
                closer.close();
                t.join();
                assertEquals(503, ns.call(() -> status(FRONT, "GET /")), "nobody listens: no server could be reached");
                assertEquals(1.0, scrape(ns).get("haproxy_server_connection_errors_total{proxy=\"bk\",server=\"closer\"}"));
            }
        }
    }

    @Test
    void onlyGetMetricsIsServed() throws Exception {
        try (Netns ns = Netns.create("metrics404")) {
            Files.writeString(dir.resolve("switchboard.toml"), "[appliance]\nmetrics = \"127.0.0.1:" + METRICS + "\"\n\n"
                    + "[frontends.ft]\nbackend = \"bk\"\nbinds = [ { address = \"127.0.0.1:" + FRONT + "\" } ]\n\n"
                    + "[backends.bk]\nservers = [ { name = \"s\", address = \"127.0.0.1:1\" } ]\n");
            try (Engine engine = ns.call(() -> Engine.start(dir.resolve("switchboard.toml"), dir.resolve("state"), 1, log::add, "test"))) {
                Prometheus.serve(engine);
                assertEquals(404, ns.call(() -> status(METRICS, "GET /")));
                assertEquals(404, ns.call(() -> status(METRICS, "GET /metricsx")));
                assertEquals(405, ns.call(() -> status(METRICS, "POST /metrics")));
                assertEquals(405, ns.call(() -> status(METRICS, "DELETE /metrics")));
                assertEquals(200, ns.call(() -> status(METRICS, "GET /metrics?x=1")));
                assertEquals(400, ns.call(() -> status(METRICS, "GET /metrics HTTP/1.1\r\nX: " + "a".repeat(20_000) + "\r\nY")),
                        "a head over 8 KiB");
                // an apply moves it: the new port answers, the old one is closed; without the key, none
                String config = Files.readString(dir.resolve("switchboard.toml"));
                String moved = config.replace(":" + METRICS, ":" + (METRICS + 1));
                assertTrue(engine.plan(moved).lines().contains("~ metrics at 127.0.0.1:" + (METRICS + 1) + " (was at 127.0.0.1:" + METRICS + ")"),
                        engine.plan(moved).lines().toString());
                assertTrue(engine.apply(moved, "test").ok());
                assertEquals(200, ns.call(() -> status(METRICS + 1, "GET /metrics")));
                assertThrows(java.net.ConnectException.class, () -> ns.call(() -> status(METRICS, "GET /metrics")));
                assertTrue(engine.apply(config.replaceFirst("metrics = .*\n", ""), "test").ok());
                assertThrows(java.net.ConnectException.class, () -> ns.call(() -> status(METRICS + 1, "GET /metrics")));
            }
        }
    }

    /** Sends {@code request} (method and path, or more) as HTTP/1.1 with Connection: close; the status of the answer. */
    static int status(int port, String request) throws IOException {
        String answer = exchange(port, request);
        return Integer.parseInt(answer.substring(9, 12));
    }

    static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            String line = request.contains(" HTTP/1.1") ? request : request + " HTTP/1.1";
            s.getOutputStream().write((line + "\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** GET /metrics, parsed by the Prometheus client's parser: each sample as name{labels sorted} to value. */
    Map<String, Double> scrape(Netns ns) throws Exception {
        String answer = ns.call(() -> exchange(METRICS, "GET /metrics"));
        assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
        assertTrue(answer.toLowerCase().contains("content-type: text/plain; version=0.0.4; charset=utf-8\r\n"), answer);
        Path page = dir.resolve("metrics.txt");
        Files.writeString(page, answer.substring(answer.indexOf("\r\n\r\n") + 4));
        String json = run(PYTHON.toString(), "-c", """
                import json, sys
                from prometheus_client.parser import text_string_to_metric_families
                out = {}
                for family in text_string_to_metric_families(open(sys.argv[1]).read()):
                    for s in family.samples:
                        key = s.name + ("{" + ",".join('%s="%s"' % kv for kv in sorted(s.labels.items())) + "}" if s.labels else "")
                        if key in out:
                            raise SystemExit("duplicate series " + key)
                        out[key] = s.value
                print(json.dumps(out))
                """, page.toString());
        return new ObjectMapper().readValue(json, new TypeReference<Map<String, Double>>() { });
    }

    /** Runs a program; its output, or a failure with what it wrote on stderr. */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(false).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        return out;
    }
}
