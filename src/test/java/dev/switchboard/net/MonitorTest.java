package dev.switchboard.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.IpLiteral;
import dev.switchboard.net.Requests.RouteOp;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The live watch sees other processes' changes within 100 ms, with a fresh snapshot. */
class MonitorTest {
    record Event(long nanos, NetState state, String line) {}

    static Event await(BlockingQueue<Event> events, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Event e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.line().startsWith(prefix)) {
                return e;
            }
        }
        throw new AssertionError("no event " + prefix);
    }

    /** Another process: iproute2 itself, entered into the namespace. */
    static void ip(Netns ns, String... args) throws Exception {
        long tid = ns.call(() -> dev.switchboard.sys.LibC.INSTANCE.gettid());
        List<String> command = new java.util.ArrayList<>(List.of("nsenter", "--net=/proc/" + ProcessHandle.current().pid() + "/task/" + tid + "/ns/net", "ip"));
        command.addAll(List.of(args));
        assertEquals(0, new ProcessBuilder(command).inheritIO().start().waitFor(), String.join(" ", command));
    }

    @Test
    void reportsARouteAddedByAnotherProcessAndALinkGoingDown() throws Exception {
        try (Netns ns = SeedBox.create("monitor")) {
            Kernel k = ns.kernel();
            k.setUp("eth2", true);
            k.addAddress("eth2", IpLiteral.parse("10.2.0.10").orElseThrow(), 24);
            BlockingQueue<Event> events = new LinkedBlockingQueue<>();
            try (Monitor monitor = ns.call(() -> Monitor.start((state, lines) ->
                    lines.forEach(l -> events.add(new Event(System.nanoTime(), state, l)))))) {
                ip(ns, "route", "add", "default", "via", "10.2.0.1", "dev", "eth2", "metric", "42");
                long done = System.nanoTime();
                Event route = await(events, "+ route default via 10.2.0.1 dev eth2 metric 42");
                long routeMillis = TimeUnit.NANOSECONDS.toMillis(route.nanos() - done);
                assertTrue(routeMillis < 100, "route event after " + routeMillis + " ms");
                assertTrue(route.state().defaultRoutes().stream().anyMatch(r -> r.metric() == 42), "the snapshot has the route");

                long before = System.nanoTime();
                k.setUp("peer2", false); // the cable is pulled: eth2 loses its carrier
                Event down = await(events, "link eth2 no-carrier");
                long downMillis = TimeUnit.NANOSECONDS.toMillis(down.nanos() - before);
                assertTrue(downMillis < 100, "link event after " + downMillis + " ms");
                assertEquals("no-carrier", down.state().link("eth2").orElseThrow().linkWord());
            }
        }
    }

    @Test
    void describesNotificationsInTheWordsOfIpMonitor() throws Exception {
        try (Netns ns = SeedBox.create("monitor-words")) {
            BlockingQueue<Event> events = new LinkedBlockingQueue<>();
            try (Monitor monitor = ns.call(() -> Monitor.start((state, lines) ->
                    lines.forEach(l -> events.add(new Event(System.nanoTime(), state, l)))))) {
                Kernel k = ns.kernel();
                k.setUp("eth1", true);
                k.addAddress("eth1", IpLiteral.parse("198.51.100.10").orElseThrow(), 24);
                k.changeDefaultRoute(RouteOp.ADD, IpLiteral.parse("198.51.100.1").orElseThrow(), "eth1", 1, Route.PROTO_SWITCHBOARD);
                await(events, "link eth1 up");
                await(events, "+ address 198.51.100.10/24 dev eth1");
                await(events, "+ route default via 198.51.100.1 dev eth1 metric 1 proto switchboard");
            }
        }
    }

    /**
     * A gateway probed by ARP each second cycles through reachable, stale, delay and probe: only
     * its becoming usable or failing is news, else it buries every other event (the console's
     * last event, a snapshot's recent ones). `ip neigh replace` is another process setting states.
     */
    @Test
    void aNeighbourIsNewsWhenItBecomesUsableOrFailsNotAsNudCyclesIt() throws Exception {
        try (Netns ns = SeedBox.create("monitor-neigh")) {
            ns.kernel().setUp("eth2", true);
            ns.kernel().addAddress("eth2", IpLiteral.parse("10.2.0.10").orElseThrow(), 24);
            BlockingQueue<String> neighbours = new LinkedBlockingQueue<>();
            try (Monitor monitor = ns.call(() -> Monitor.start((state, lines) ->
                    lines.stream().filter(l -> l.startsWith("neighbour ")).forEach(neighbours::add)))) {
                for (String nud : List.of("reachable", "stale", "delay", "probe", "reachable", "stale", "failed", "delay", "incomplete",
                        "reachable")) {
                    ip(ns, "neigh", "replace", "10.2.0.1", "lladdr", "02:00:00:00:02:01", "nud", nud, "dev", "eth2");
                }
                assertEquals("neighbour 10.2.0.1 dev eth2 reachable", neighbours.poll(10, TimeUnit.SECONDS));
                assertEquals("neighbour 10.2.0.1 dev eth2 failed", neighbours.poll(10, TimeUnit.SECONDS), "stale, delay, probe are no news");
                assertEquals("neighbour 10.2.0.1 dev eth2 delay", neighbours.poll(10, TimeUnit.SECONDS), "usable again after failing");
                ip(ns, "neigh", "replace", "10.2.0.9", "lladdr", "02:00:00:00:02:09", "nud", "permanent", "dev", "eth2");
                assertEquals("neighbour 10.2.0.9 dev eth2 permanent", neighbours.poll(10, TimeUnit.SECONDS), "the next news is the next entry's");
            }
        }
    }

    @Test
    void anOverrunSocketIsHealedByReadingTheStateAfresh() throws Exception {
        try (Netns ns = SeedBox.create("monitor-overrun")) {
            Kernel k = ns.kernel();
            k.setUp("eth2", true);
            k.addAddress("eth2", IpLiteral.parse("10.2.0.10").orElseThrow(), 24);
            BlockingQueue<Event> events = new LinkedBlockingQueue<>();
            java.util.concurrent.CountDownLatch flooded = new java.util.concurrent.CountDownLatch(1);
            // a listener that is slow at first, and a tiny buffer: notifications pile up and are lost
            try (Monitor monitor = ns.call(() -> Monitor.start((state, lines) -> {
                try {
                    flooded.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                lines.forEach(l -> events.add(new Event(System.nanoTime(), state, l)));
            }, 4096))) {
                for (int m = 1; m <= 500; m++) {
                    k.changeDefaultRoute(RouteOp.ADD, IpLiteral.parse("10.2.0.1").orElseThrow(), "eth2", m, Route.PROTO_SWITCHBOARD);
                }
                flooded.countDown();
                Event overrun = await(events, "events were lost (socket overrun): state re-read");
                assertEquals(500, overrun.state().defaultRoutes().size(), "the re-read state has every route");
            }
        }
    }
}
