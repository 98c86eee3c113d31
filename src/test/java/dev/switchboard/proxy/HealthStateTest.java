package dev.switchboard.proxy;

import static dev.switchboard.proxy.ProxyTest.freePort;
import static dev.switchboard.proxy.ProxyTest.stateOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.control.StateJson;
import dev.switchboard.control.Tables;
import dev.switchboard.engine.EngineState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A server's state before and after its first health check's result, as stats, tables and the control socket say it. */
class HealthStateTest {
    private final ProxyTest tcp = new ProxyTest();

    @AfterEach
    void tearDown() throws Exception {
        tcp.tearDown();
    }

    @Test
    void aCheckedServerReadsCheckingUntilItsFirstResult() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        int web = tcp.server(s -> {
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
            asked.countDown();
            try {
                answer.await();
            } catch (InterruptedException e) {
                return;
            }
            s.getOutputStream().write("HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        int plain = tcp.server(ProxyTest::echo);
        Proxy p = tcp.proxy(ProxyTest.tcp(freePort(), ProxyTest.server("web", web), "")
                + "health = { interval = 5, rise = 1, fall = 1, path = \"/health\" }\n"
                + "[backends.unchecked]\nservers = [ " + ProxyTest.server("plain", plain) + " ]\n");
        assertTrue(asked.await(5, TimeUnit.SECONDS), "the first check's GET");
        Stats.Snapshot before = p.stats();
        assertEquals("checking", stateOf(p, "web"), "no result yet");
        assertEquals("UP", stateOf(p, "plain"), "no checks: up, as configured");
        assertTrue(Tables.backends(before).lines().anyMatch(l -> l.matches("bk +web +\\S+ +checking .*")), Tables.backends(before));
        assertTrue(Tables.statCsv(before).contains(",checking,"), Tables.statCsv(before));
        EngineState sent = new EngineState("", "", Instant.EPOCH, List.of(), 0, Map.of(), before, List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
        assertEquals("checking", StateJson.decode(StateJson.encode(sent)).stats().servers().stream()
                .filter(s -> s.name().equals("web")).findFirst().orElseThrow().state(), "across the control socket");

        answer.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stateOf(p, "web").equals("checking") && System.nanoTime() < deadline) {
            Thread.sleep(20); // the check's answer is handled on the proxy's event loop; no event to wait on from here
        }
        assertEquals("UP", stateOf(p, "web"));
    }
}
