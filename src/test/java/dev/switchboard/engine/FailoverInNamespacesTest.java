package dev.switchboard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.control.StateJson;
import dev.switchboard.control.Tables;
import dev.switchboard.health.GatewayTopology;
import dev.switchboard.health.HealthState;
import dev.switchboard.net.Address;
import dev.switchboard.net.NetState;
import dev.switchboard.net.Requests.RouteOp;
import dev.switchboard.net.Route;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine between two checked gateways, in namespaces of its own: gw0 stops forwarding and its
 * route is moved behind eth1's within fall × interval plus a second, and back within rise ×
 * interval plus a second when it forwards again; a managed route, rule or address another process deletes is put
 * back within a second; all of it told as typed events, in order, and none of it drift.
 */
class FailoverInNamespacesTest {
    static final String CHECK = "check = { method = \"icmp\", targets = [\"198.18.0.5\"], interval = 0.2, timeout = 0.2, fall = 2, rise = 2 }";
    static final Duration INTERVAL = Duration.ofMillis(200);

    @TempDir
    Path dir;

    final List<String> log = new CopyOnWriteArrayList<>();

    /** Interface → metric of the kernel's default routes, read through our own dump. */
    static Map<String, Long> metrics(GatewayTopology t) throws Exception {
        NetState s = t.appliance.kernel().dump();
        Map<String, Long> out = new TreeMap<>();
        s.defaultRoutes().forEach(r -> out.put(s.linkName(r.oif()), r.metric()));
        return out;
    }

    /** The appliance's own connection to the internet host, unpinned: the address it leaves from says by which interface. */
    static String connectFrom(GatewayTopology t, int port) throws Exception {
        return t.appliance.call(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(GatewayTopology.ip("198.18.0.5"), port), 1000);
                return s.getLocalAddress().getHostAddress();
            }
        });
    }

    /** {@code ip …} run in the appliance's namespace: another process, iproute2 itself. */
    static void ip(GatewayTopology t, String... args) throws Exception {
        long tid = t.appliance.call(() -> dev.switchboard.sys.LibC.INSTANCE.gettid());
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=/proc/" + ProcessHandle.current().pid() + "/task/" + tid + "/ns/net",
                "ip"));
        command.addAll(List.of(args));
        assertEquals(0, new ProcessBuilder(command).inheritIO().start().waitFor(), String.join(" ", command));
    }

    /** The two gateways, an engine between them, and its events. */
    record Rig(GatewayTopology t, Engine engine, Subscription events) implements AutoCloseable {
        @Override
        public void close() {
            events.close();
            engine.close();
            t.close();
        }
    }

    /**
     * The rig with {@code configText} in force, once eth0's gateway is judged alive and both
     * default routes stand at their configured metrics.
     */
    Rig rig(String configText, List<EngineEvent> seen) throws Exception {
        Path config = dir.resolve("switchboard.toml");
        Files.writeString(config, configText);
        GatewayTopology t = GatewayTopology.create();
        Rig rig = null;
        try {
            Engine engine = t.appliance.call(() -> Engine.start(config, dir.resolve("state"), 1, log::add, "test"));
            rig = new Rig(t, engine, engine.events());
            Awaiting.awaitState(engine, rig.events(), s -> Awaiting.alive(s, "eth0"), Duration.ofSeconds(15), seen);
            assertEquals(Map.of("eth0", 0L, "eth1", 1L), metrics(t));
            return rig;
        } catch (Exception | Error e) {
            if (rig != null) {
                rig.close();
            } else {
                t.close();
            }
            throw e;
        }
    }

    /** The metrics of the default routes in {@code table}, read through our own dump. */
    static List<Long> tableDefaults(GatewayTopology t, int table) throws Exception {
        return t.appliance.kernel().dump().routes(table).stream().filter(r -> r.dstLength() == 0).map(Route::metric).toList();
    }

    /** Events until one that {@code wanted} matches, within {@code within}; the others seen on the way are kept in {@code seen}. */
    <T extends EngineEvent> T await(Subscription events, Class<T> type, Predicate<T> wanted, Duration within, List<EngineEvent> seen)
            throws InterruptedException {
        try {
            return Awaiting.await(events, type, wanted, within, seen);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nlog: " + log);
        }
    }

    static HealthState eth0Health(Engine engine) {
        return engine.state().gateways().stream().filter(r -> r.device().equals("eth0")).findFirst().orElseThrow()
                .health().orElseThrow().state();
    }

    /**
     * Probes so slow that only the link can judge within a second (three failures in a row take
     * 30 s): the gateway's end of eth0 set down makes eth0's gateway dead at once, and its route
     * moves behind eth1's; set up again, one good round brings it back.
     */
    @Test
    void aLinkSetDownOnTheGatewaySideMakesItsGatewayDeadAtOnce() throws Exception {
        String slow = "check = { method = \"icmp\", targets = [\"198.18.0.5\"], interval = 10, timeout = 1, fall = 3, rise = 1 }";
        List<EngineEvent> seen = new ArrayList<>();
        try (Rig rig = rig(GatewayTopology.config(slow + "\ntable = 100", slow), seen)) { // eth0's replies by its own table too
            GatewayTopology t = rig.t();
            Engine engine = rig.engine();
            Subscription events = rig.events();

            t.gw0.kernel().setUp("a0", false); // the gateway's side: the appliance's eth0 stays up, without carrier
            EngineEvent.GatewayHealthChanged dead = await(events, EngineEvent.GatewayHealthChanged.class,
                    // 5 s is "at once" here: the probes alone would take 30 s (fall 3 x interval 10); 1 s
                    // was missed on a loaded CI machine with the event already in the log
                    e -> e.iface().equals("eth0") && e.state().equals("dead"), Duration.ofSeconds(5), seen);
            assertEquals("no carrier", dead.detail());
            await(events, EngineEvent.GatewayFailover.class, e -> e.iface().equals("eth0") && !e.failback(), Duration.ofSeconds(1), seen); // after its cause
            assertTrue(metrics(t).get("eth0") > 1, "eth0's route moved behind eth1's: " + metrics(t));
            assertEquals(1L, metrics(t).get("eth1"));
            assertEquals(List.of(metrics(t).get("eth0")), tableDefaults(t, 100), "moved in eth0's own table too");
            assertEquals(List.of("no changes"), engine.plan().lines(), "a failover is not drift");

            t.gw0.kernel().setUp("a0", true);
            await(events, EngineEvent.GatewayFailover.class, e -> e.iface().equals("eth0") && e.failback(), Duration.ofSeconds(12), seen);
            assertEquals(Map.of("eth0", 0L, "eth1", 1L), metrics(t));
            assertEquals(List.of(0L), tableDefaults(t, 100), "and back");

            // kept converged in eth0's own table too: its rule and its default route there, deleted with ip, come back
            // (within a second, as the main table's below; two here, on a machine shared with a dozen builds)
            ip(t, "rule", "del", "from", "10.0.0.10", "lookup", "100", "priority", "1000");
            EngineEvent.PutBack rule = await(events, EngineEvent.PutBack.class, e -> true, Duration.ofSeconds(2), seen);
            assertEquals("table 100's rule from 10.0.0.10", rule.what());
            assertTrue(t.appliance.kernel().dump().rules().contains(dev.switchboard.net.Rule.fromAddress(GatewayTopology.ip("10.0.0.10"), 100, 1000)));
            ip(t, "route", "del", "default", "via", "10.0.0.1", "dev", "eth0", "table", "100");
            EngineEvent.PutBack route = await(events, EngineEvent.PutBack.class, e -> true, Duration.ofSeconds(2), seen);
            assertEquals("eth0's default route in table 100", route.what());
            assertEquals(List.of(0L), tableDefaults(t, 100));

            // a managed address deleted with ip addr del comes back (the kernel drops eth0's routes with it: they come back too)
            ip(t, "addr", "del", "10.0.0.10/24", "dev", "eth0");
            await(events, EngineEvent.PutBack.class, e -> e.what().equals("eth0's address 10.0.0.10/24"), Duration.ofSeconds(2), seen);
            assertTrue(log.contains("eth0's address 10.0.0.10/24 was deleted by another process; put back"), log.toString());
            NetState now = t.appliance.kernel().dump();
            int eth0 = now.link("eth0").orElseThrow().index();
            assertEquals(List.of("10.0.0.10/24"), now.addresses(eth0).stream().filter(Address::isIpv4).map(Address::toString).toList(),
                    "back in the kernel");
            assertEquals(Map.of("eth0", 0L, "eth1", 1L), metrics(t), "its default route too");
            assertEquals(List.of(0L), tableDefaults(t, 100), "and its own table's");
        }
    }

    @Test
    void aDeadGatewayIsMovedBehindTheLiveOneAndBackAndADeletedRouteComesBack() throws Exception {
        List<EngineEvent> seen = new ArrayList<>();
        try (Rig rig = rig(GatewayTopology.config(CHECK, CHECK), seen)) {
            GatewayTopology t = rig.t();
            Engine engine = rig.engine();
            Subscription events = rig.events();
            ServerSocket internet = t.internet.call(() -> new ServerSocket(8080, 50, GatewayTopology.ip("198.18.0.5")));
            assertEquals("10.0.0.10", connectFrom(t, 8080), "the box's own traffic leaves by eth0");

            t.forwarding(0, false);
            Duration fall = INTERVAL.multipliedBy(2).plusSeconds(1);
            await(events, EngineEvent.GatewayFailover.class, e -> e.iface().equals("eth0") && !e.failback(), fall, seen);
            long moved = metrics(t).get("eth0");
            assertTrue(moved > 1, "eth0's route moved behind eth1's: " + metrics(t));
            assertEquals(moved, engine.gateways().stream().filter(r -> r.device().equals("eth0")).findFirst().orElseThrow().metric(),
                    "what the engine shows holds the route where the failover moved it");
            assertEquals(1L, metrics(t).get("eth1"));
            assertEquals("10.1.0.10", connectFrom(t, 8080), "and by eth1 now, gw0 forwarding nothing");
            assertEquals(HealthState.DEAD, eth0Health(engine));
            assertTrue(Tables.gateways(engine.gateways()).contains("dead 00:00:0"), Tables.gateways(engine.gateways()));
            assertTrue(StateJson.encode(engine.state()).contains("\"health\":{\"state\":\"dead\""), "show state json says it");
            assertEquals(List.of("no changes"), engine.plan().lines(), "a failover is not drift");
            assertTrue(log.stream().anyMatch(l -> l.startsWith("failover: eth0's gateway dead, its route moved behind eth1")), log.toString());
            // the plan of an edit made meanwhile says which of its steps are the failover's
            List<String> edit = engine.plan(GatewayTopology.config(CHECK, CHECK).replace("metric = 1", "metric = 7")).lines();
            assertEquals("failover: eth0's gateway 10.0.0.1 is dead: its default route stands behind the live ones at metric 8 (configured 0)",
                    edit.get(0), edit.toString());
            assertTrue(edit.contains("+ route default via 10.0.0.1 dev eth0 metric 8  (failover: eth0's gateway is dead)"), edit.toString());
            assertTrue(edit.contains("+ route default via 10.1.0.1 dev eth1 metric 7"), edit.toString());

            t.forwarding(0, true);
            Duration rise = INTERVAL.multipliedBy(2).plusSeconds(1);
            await(events, EngineEvent.GatewayFailover.class, e -> e.iface().equals("eth0") && e.failback(), rise, seen);
            assertEquals(Map.of("eth0", 0L, "eth1", 1L), metrics(t));
            assertEquals(HealthState.ALIVE, eth0Health(engine));
            assertEquals("10.0.0.10", connectFrom(t, 8080), "back by eth0");
            internet.close();

            // another process deletes eth0's default route: ip route del
            ip(t, "route", "del", "default", "via", "10.0.0.1", "dev", "eth0", "metric", "0");
            EngineEvent.PutBack back = await(events, EngineEvent.PutBack.class, e -> true, Duration.ofSeconds(1), seen);
            assertEquals("eth0's default route", back.what());
            assertEquals(Map.of("eth0", 0L, "eth1", 1L), metrics(t));
            assertTrue(log.contains("eth0's default route was deleted by another process; put back"), log.toString());

            List<String> ours = seen.stream().filter(e -> e instanceof EngineEvent.GatewayFailover || e instanceof EngineEvent.PutBack
                    || e instanceof EngineEvent.GatewayHealthChanged g && g.iface().equals("eth0") && !g.state().equals("checking"))
                    .map(EngineEvent::text).map(l -> l.replaceAll(" \\(metric \\d+\\)|: .*", ""))
                    .filter(l -> !l.equals("gateway 10.0.0.1 of eth0 is alive (was checking)")).toList(); // the engine's start: maybe before we listened
            assertEquals(List.of(
                    "gateway 10.0.0.1 of eth0 is dead (was alive)",
                    "failover",
                    "gateway 10.0.0.1 of eth0 is alive (was dead)",
                    "failback",
                    "eth0's default route was deleted by another process; put back"), ours);
            assertFalse(engine.pending().isPresent(), "never a try");

            // a daemon that fights over it: put back at most MAX_PUT_BACKS times a minute, then said loudly and left alone
            for (int n = 1; n < GatewayWatch.MAX_PUT_BACKS; n++) {
                t.appliance.kernel().changeDefaultRoute(RouteOp.DELETE, GatewayTopology.ip("10.0.0.1"), "eth0", 0, Route.PROTO_SWITCHBOARD);
                await(events, EngineEvent.PutBack.class, e -> true, Duration.ofSeconds(1), seen);
            }
            t.appliance.kernel().changeDefaultRoute(RouteOp.DELETE, GatewayTopology.ip("10.0.0.1"), "eth0", 0, Route.PROTO_SWITCHBOARD);
            EngineEvent.PutBackStopped stopped = await(events, EngineEvent.PutBackStopped.class, e -> true, Duration.ofSeconds(1), seen);
            assertEquals("eth0's default route", stopped.what());
            assertEquals(Map.of("eth1", 1L), metrics(t), "left alone");
            assertTrue(log.stream().anyMatch(l -> l.startsWith("NOT PUTTING BACK eth0's default route ANY MORE")), log.toString());
            KeptConverged kept = engine.state().converged();
            assertEquals(List.of("eth0's default route"), kept.givenUp(), "shown: status, status --json, the dashboard");
            assertEquals(GatewayWatch.MAX_PUT_BACKS, kept.putBack(), kept.toString());
            assertTrue(engine.apply("alice").ok(), "an apply puts it back");
            assertTrue(metrics(t).containsKey("eth0"), "put back by the apply (where its gateway stands by now: " + metrics(t) + ")");
            assertEquals(List.of(), engine.state().converged().givenUp(), "tried again after a change of config");

            // a put-back that fails (another change holds the apply lock) is told, counted, and tried again each second
            long metric = metrics(t).get("eth0");
            try (ApplyLock bob = ApplyLock.tryAcquire(dir.resolve("state"), "bob's apply", new StringBuilder()).orElseThrow()) {
                t.appliance.kernel().changeDefaultRoute(RouteOp.DELETE, GatewayTopology.ip("10.0.0.1"), "eth0", metric, Route.PROTO_SWITCHBOARD);
                EngineEvent.PutBackFailed failed = await(events, EngineEvent.PutBackFailed.class, e -> true, Duration.ofSeconds(1), seen);
                assertEquals("eth0's default route", failed.what());
                assertTrue(failed.why().contains("bob's apply"), failed.text());
                assertEquals(1, engine.state().converged().failed());
                assertTrue(log.stream().anyMatch(l -> l.startsWith("put back FAILED: ") && l.endsWith("; tried again each second")), log.toString());
            }
            await(events, EngineEvent.PutBack.class, e -> e.what().equals("eth0's default route"), Duration.ofSeconds(2), seen);
            // (where its gateway stands by then: without its route, eth0's probes fail, and it may have been judged dead meanwhile)
            assertTrue(metrics(t).containsKey("eth0"), "put back once the lock was free: " + metrics(t));
            assertTrue(engine.state().converged().failed() >= 1, "the failures stay counted");
        }
    }
}
