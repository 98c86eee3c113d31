package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.switchboard.config.HostPort;
import dev.switchboard.config.ServerSpec;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The balancers' choices, on servers whose connections the test opens and closes itself. */
class BalancerTest {
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    private static Server server(String name, int weight) {
        return new Server(new ServerSpec(name, HostPort.parse("127.0.0.1:80").orElseThrow(), weight, false), false);
    }

    @Test
    void leastconnWeighsConnectionsByWeight() {
        Server ex1 = server("ex1", 1);
        Server ex2 = server("ex2", 2);
        List<Server> both = List.of(ex1, ex2);
        Balancer leastconn = new Balancer.LeastConnections();
        for (int i = 0; i < 300; i++) { // long connections: none closes
            leastconn.pick(both, CLIENT).opened();
        }
        assertEquals(List.of(100, 200), List.of(ex1.active(), ex2.active()), "connections held, by weight 1:2");
    }

    @Test
    void leastconnPrefersTheLighterLoadPerWeight() {
        Server ex1 = server("ex1", 1);
        Server ex2 = server("ex2", 2);
        for (int i = 0; i < 10; i++) {
            ex1.opened();
        }
        for (int i = 0; i < 15; i++) {
            ex2.opened();
        }
        // (10 + 1) / 1 against (15 + 1) / 2: ex2 is less loaded for its weight
        assertSame(ex2, new Balancer.LeastConnections().pick(List.of(ex1, ex2), CLIENT));
    }

    @Test
    void leastconnTiesGoRoundNotAllToTheFirst() {
        List<Server> three = List.of(server("a", 1), server("b", 1), server("c", 1));
        Balancer leastconn = new Balancer.LeastConnections();
        Map<String, Integer> picked = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 9; i++) { // short requests: each is over before the next comes
            Server s = leastconn.pick(three, CLIENT);
            s.opened();
            s.closed();
            picked.merge(s.spec().name(), 1, Integer::sum);
            order.add(s.spec().name());
        }
        assertEquals(Map.of("a", 3, "b", 3, "c", 3), picked, order.toString());
    }

    private static String picks(Balancer b, List<Server> candidates, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(b.pick(candidates, CLIENT).spec().name());
        }
        return s.toString();
    }

    /** Smooth weighted round robin, as nginx's: weights 5:1:1 spread, not five in a row. */
    @Test
    void roundRobinSpreadsByWeight() {
        assertEquals("aabacaa", picks(new Balancer.SmoothWeighted(), List.of(server("a", 5), server("b", 1), server("c", 1)), 7));
    }

    /**
     * A server that left the rotation (down, or already tried for this request) starts afresh
     * when it is back, whatever came and went meanwhile: a credit kept from before would skew
     * the first picks after it.
     */
    @Test
    void aServerBackInTheRotationStartsAfresh() {
        Server a = server("a", 1);
        Server b = server("b", 1);
        Server c = server("c", 1);
        Balancer.SmoothWeighted fresh = new Balancer.SmoothWeighted();
        String expected = picks(fresh, List.of(a, b), 2);
        for (List<List<Server>> meanwhile : List.of(List.of(List.of(b), List.of(a)), List.of(List.of(a, c)), List.of(List.of(b), List.of(c)))) {
            Balancer.SmoothWeighted rr = new Balancer.SmoothWeighted();
            picks(rr, List.of(a, b), 1);
            meanwhile.forEach(servers -> picks(rr, servers, 1));
            assertEquals(expected, picks(rr, List.of(a, b), 2), "after " + meanwhile.stream().map(l -> l.stream().map(x -> x.spec().name()).toList()).toList());
        }
    }
}
