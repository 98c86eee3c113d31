package dev.switchboard.health;

import static dev.switchboard.health.GatewayTopology.config;
import static dev.switchboard.health.GatewayTopology.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.plan.Failover;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The monitor against real gateways in namespaces ({@link GatewayTopology}). Intervals are the
 * config's own: fractional seconds (0.2) are part of the contract, so no test-only knob is needed.
 * Changes are awaited on the callback's queue, never slept for.
 */
class HealthMonitorTest {
    static final String ICMP = "check = { method = \"icmp\", targets = [\"198.18.0.5\"], interval = 0.2, timeout = 0.2, rise = 2, fall = 3 }";

    private final BlockingQueue<HealthChange> changes = new LinkedBlockingQueue<>();

    static Config parse(String text) {
        return assertInstanceOf(ConfigLoader.Loaded.class, ConfigLoader.parse(text, "test.toml"), text).config();
    }

    private HealthChange next() throws InterruptedException {
        return next(changes);
    }

    /** The next change heard on {@code changes}, within 15 s. */
    static HealthChange next(BlockingQueue<HealthChange> changes) throws InterruptedException {
        HealthChange c = changes.poll(15, TimeUnit.SECONDS);
        assertNotNull(c, "no change within 15 s");
        return c;
    }

    static String words(HealthChange c) {
        return c.iface() + " " + c.from().word() + "->" + c.to().word();
    }

    private HealthMonitor start(GatewayTopology t, Config config) throws Exception {
        return t.appliance.call(() -> HealthMonitor.start(config, changes::add)); // threads born in the appliance's namespace
    }

    @Test
    void icmpBeyondTheGatewayFallsAfterFallRoundsAndRisesAfterRise() throws Exception {
        try (GatewayTopology t = GatewayTopology.create()) {
            Config config = parse(config(ICMP, ""));
            try (HealthMonitor monitor = start(t, config)) {
                assertEquals("eth0 checking->alive", words(next()));
                Map<String, GatewayStatus> statuses = monitor.statuses();
                assertTrue(statuses.get("eth0").word(java.time.Instant.now()).matches("alive [0-9.]+ms"), statuses.toString());
                assertEquals(HealthState.UNCHECKED, statuses.get("eth1").state(), "no check: never judged");
                assertEquals(Set.of(), monitor.dead());

                long off = System.nanoTime();
                t.forwarding(0, false);
                HealthChange dead = next();
                assertEquals("eth0 alive->dead", words(dead));
                // fall = 3 failed rounds, 0.2 s apart, the last one waited out: never sooner than 0.4 s
                assertTrue(System.nanoTime() - off >= Duration.ofMillis(350).toNanos(), "dead too soon: not after 3 rounds");
                assertEquals("198.18.0.5: no echo reply within 0.2 s", dead.status().detail());
                assertEquals(Set.of("eth0"), monitor.dead());
                assertEquals(Map.of("eth0", 2L, "eth1", 1L), Failover.metrics(config, monitor.dead()), "eth0's route goes behind eth1's");

                long on = System.nanoTime();
                t.forwarding(0, true);
                assertEquals("eth0 dead->alive", words(next()));
                assertTrue(System.nanoTime() - on >= Duration.ofMillis(150).toNanos(), "rise = 2: two good rounds, 0.2 s apart");
                assertEquals(Set.of(), monitor.dead());
                assertNull(changes.poll(), "eth1 is never judged");
            }
        }
    }

    @Test
    void aLinkWithoutCarrierIsDeadAtOnce() throws Exception {
        try (GatewayTopology t = GatewayTopology.create()) {
            // fall = 50: probes alone would take 10 s to say it
            String check = ICMP.replace("fall = 3", "fall = 50").replace("rise = 2", "rise = 1");
            try (HealthMonitor monitor = start(t, parse(config("", check)))) {
                assertEquals("eth1 checking->alive", words(next()));
                long cut = System.nanoTime();
                t.gw1.kernel().setUp("a1", false); // the gateway's side goes down: eth1 loses its carrier
                HealthChange dead = next();
                assertEquals("eth1 alive->dead", words(dead));
                assertEquals("no carrier", dead.status().detail());
                assertTrue(System.nanoTime() - cut < Duration.ofSeconds(5).toNanos(), "not by probes");
                t.gw1.kernel().setUp("a1", true);
                assertEquals("eth1 dead->alive", words(next()));
            }
        }
    }

    @Test
    void arpOfTheGatewayItself() throws Exception {
        try (GatewayTopology t = GatewayTopology.create()) {
            String arp = "check = { interval = 0.3, timeout = 0.3, fall = 2 }"; // method and targets: arp, the gateway
            try (HealthMonitor monitor = start(t, parse(config(arp, "")))) {
                assertEquals("eth0 checking->alive", words(next()));
                t.gw0.kernel().deleteAddress("a0", ip("10.0.0.1"), 24);
                assertEquals("eth0 alive->dead", words(next()));
                t.gw0.kernel().addAddress("a0", ip("10.0.0.1"), 24);
                assertEquals("eth0 dead->alive", words(next()));
            }
        }
    }

    @Test
    void aReconfigureKeepsAnUnchangedJudgementAndRestartsAChangedOne() throws Exception {
        try (GatewayTopology t = GatewayTopology.create()) {
            Config config = parse(config(ICMP, ""));
            try (HealthMonitor monitor = start(t, config)) {
                assertEquals("eth0 checking->alive", words(next()));
                t.forwarding(0, false);
                assertEquals("eth0 alive->dead", words(next()));

                t.appliance.call(() -> {
                    monitor.reconfigure(parse(config(ICMP, "")));
                    return null;
                });
                assertEquals(Set.of("eth0"), monitor.dead(), "an apply of the same check keeps the gateway dead");

                t.appliance.call(() -> {
                    monitor.reconfigure(parse(config(ICMP.replace("fall = 3", "fall = 4"), "")));
                    return null;
                });
                assertEquals("eth0 dead->checking", words(next()), "a new check judges afresh, and says so");
                assertEquals("eth0 checking->dead", words(next()));

                t.appliance.call(() -> {
                    monitor.reconfigure(parse(config("", "")));
                    return null;
                });
                assertEquals("eth0 dead->unchecked", words(next()));
                assertEquals(Set.of(), monitor.dead());
            }
        }
    }
}
