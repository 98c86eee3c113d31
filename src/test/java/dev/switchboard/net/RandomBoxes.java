package dev.switchboard.net;

import static org.junit.jupiter.api.Assertions.fail;

import dev.switchboard.config.IpLiteral;
import dev.switchboard.net.netlink.Message;
import dev.switchboard.net.netlink.Nl;
import dev.switchboard.sys.SysException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;

/**
 * What the route lookup property tests share, whatever the family: random boxes in a namespace
 * (addresses on veth links, routes in several tables of every type, rules with every selector and
 * action), random queries, and the comparison of the pure lookup's answer with the kernel's. A
 * {@link Family} says how that family's addresses look. A failure names the seed and how to run
 * that one again ({@code -Dlookup.seed=N}); {@code -Dlookup.rounds=N} sets how many boxes.
 */
final class RandomBoxes {
    static final int ROUNDS = Integer.getInteger("lookup.rounds", 30);
    static final int QUERIES = 60;
    static final int LINKS = 4;
    static final int[] TABLES = {Route.TABLE_MAIN, 100, 101, 102};

    private RandomBoxes() {}

    /** Runs the rounds of {@code test} (its class name, for the rerun hint) and fails unless most queries were compared. */
    static void run(Family family, String test) throws Exception {
        Long fixed = Long.getLong("lookup.seed");
        long base = fixed != null ? fixed : System.nanoTime();
        int rounds = fixed != null ? 1 : ROUNDS;
        int compared = 0;
        for (int round = 0; round < rounds; round++) {
            compared += round(family, test, base + round);
        }
        if (compared < rounds * QUERIES / 2) {
            fail("only " + compared + " of " + rounds * QUERIES + " queries were compared (seed " + base + ")");
        }
    }

    /** One random box and its queries; the number of queries compared. */
    static int round(Family family, String test, long seed) throws Exception {
        Random random = new Random(seed);
        try (Netns ns = Netns.create("lookup")) {
            Kernel k = ns.kernel();
            Box box = build(family, k, ns, random);
            NetState state = k.dump();
            int compared = 0;
            for (int i = 0; i < QUERIES; i++) {
                RouteLookup.Query q = query(family, random, box);
                RouteLookup.Answer kernel = k.routeGet(q);
 
                Optional<Route> match = k.routeMatch(q);
                RouteLookup.Answer pure = RouteLookup.lookup(state, q);
                if (!same(kernel, match, pure)) {
                    fail("seed " + seed + " (rerun with -Dtest=" + test + " -Dlookup.seed=" + seed + "): for " + describe(q, state)
                            + "\n  kernel: " + describe(kernel, state) + match.map(r -> "  [route " + r.describe(state.linkName(r.oif())) + "]")
                                    .orElse("")
                            + "\n  pure:   " + describe(pure, state) + "\n" + dump(state, family.shape().af()));
                }
                compared++;
            }
            return compared;
        }
    }

    /**
     * Whether the kernel's answer and the pure one agree: the error, or the type, interface, gateway
     * and source, and the route that decided (the kernel's `fibmatch`: table, prefix, metric).
     */
    static boolean same(RouteLookup.Answer kernel, Optional<Route> match, RouteLookup.Answer pure) {
        if (!kernel.error().equals(pure.error())) {
            return false;
        }
        return kernel.error().isPresent() || kernel.type() == pure.type() && kernel.oif() == pure.oif() && kernel.gateway().equals(pure.gateway())
                && kernel.source().equals(pure.source()) && match.map(RandomBoxes::identity).equals(pure.route().map(RandomBoxes::identity));
    }

    /**
     * A route as the kernel tells it apart: table, prefix, metric. Not IPv4's table: its answer
     * names main for a local route while the kernel keeps the two tables merged (no rule added).
     */
    static List<Object> identity(Route r) {
        return List.of(r.isIpv4() ? 0 : r.table(), r.dst(), r.dstLength(), r.metric());
    }

    /** What the generator made: the links' indexes, the box's addresses, the prefixes and gateways it used. */
    record Box(List<Integer> links, List<InetAddress> local, List<Prefix> prefixes, List<InetAddress> gateways) {}

    record Prefix(InetAddress address, int length) {}

    /**
     * A family's constants: its number, its two subnet lengths (16 and 24 bits for IPv4), the
     * suppress_prefixlength a rule may have besides 0, a source the box does not have, the
     * loopback, and prefixes every box's routes and rules may use.
     */
    record Shape(int af, int[] subnets, int suppress, InetAddress foreign, InetAddress loopback, List<Prefix> fixed) {}

    /** How one family's random boxes look: {@code address(random, net, sub, host)} is IPv4's 10.net.sub.host. */
    interface Family {
        Shape shape();

        InetAddress address(Random random, int net, int sub, int host);

        /** The subnet number link {@code link}'s addresses are in. */
        int net(Random random, int link);

        /** A gateway that no subnet of the box need hold (IPv6's link-local ones), or none. */
        Optional<InetAddress> linkGateway(Random random);

        /** Whether a random address is a host the test may ask about (not 0.0.0.0, not multicast). */
        boolean host(InetAddress a);

        /** Before a link is up. */
        default void prepare(Kernel k, String link) throws SysException {}

        /** Adds an address; false when the kernel refused it. */
        default boolean addAddress(Kernel k, String link, InetAddress address, int length) {
            try {
                k.addAddress(link, address, length);
                return true;
            } catch (SysException e) {
                return false; // the same address with another length: refused, and nothing to learn
            }
        }

        /** More addresses on link {@code i} (IPv6's link-local ones). */
        default void more(Kernel k, Random random, int i, List<InetAddress> local) {}

        /** After a route through {@code gateway} on link {@code index} went in. */
        default void gateway(Kernel k, Random random, int index, InetAddress gateway) throws SysException {}

        /** Once the box is built, before it is read: waits for what the kernel does after its answers. */
        default void settle(Netns ns, Kernel k, List<InetAddress> local, Runnable build) throws Exception {
            build.run();
        }
    }

    static Box build(Family f, Kernel k, Netns ns, Random random) throws Exception {
        List<Integer> links = new ArrayList<>();
        List<InetAddress> local = new ArrayList<>();
        List<List<Prefix>> subnets = new ArrayList<>();
        List<Prefix> prefixes = new ArrayList<>(f.shape().fixed());
        List<InetAddress> gateways = new ArrayList<>();
        f.settle(ns, k, local, () -> {
            try {
                for (int i = 0; i < LINKS; i++) {
                    k.addVeth("eth" + i, "p" + i, -1);
                    f.prepare(k, "p" + i);
                    f.prepare(k, "eth" + i);
                    k.setUp("p" + i, true);
                    k.setUp("eth" + i, true);
                    links.add(k.index("eth" + i));
                    subnets.add(addresses(f, k, random, i, local));
                    f.more(k, random, i, local);
                }
            } catch (SysException e) {
                throw new IllegalStateException(e);
            }
        });
        int[] lengths = f.shape().subnets();
        for (int i = 0; i < 4; i++) {
            prefixes.add(new Prefix(masked(f.address(random, random.nextInt(LINKS + 1), 0, 0), lengths[0]), lengths[0]));
            prefixes.add(new Prefix(masked(f.address(random, random.nextInt(LINKS + 1), random.nextInt(3), 0), lengths[1]), lengths[1]));
        }
        int routes = 4 + random.nextInt(14);
        for (int r = 0; r < routes; r++) {
            Prefix p = prefixes.get(random.nextInt(prefixes.size()));
            int table = TABLES[random.nextInt(TABLES.length)];
            int type = random.nextInt(8) == 0 ? new int[] {Nl.RTN_UNREACHABLE, Nl.RTN_BLACKHOLE, Nl.RTN_PROHIBIT,
                    Nl.RTN_THROW}[random.nextInt(4)] : Nl.RTN_UNICAST;
            int link = random.nextInt(LINKS);
            boolean unicast = type == Nl.RTN_UNICAST;
            Optional<InetAddress> gateway = Optional.empty();
            if (unicast && random.nextInt(5) < 3) {
                gateway = f.linkGateway(random);
                if (gateway.isEmpty() && !subnets.get(link).isEmpty()) {
                    Prefix on = subnets.get(link).get(random.nextInt(subnets.get(link).size()));
                    gateway = Optional.of(withHost(on.address(), 1 + random.nextInt(3)));
                }
            }
            Optional<InetAddress> prefsrc = unicast && !local.isEmpty() && random.nextInt(6) == 0
                    ? Optional.of(local.get(random.nextInt(local.size()))) : Optional.empty();
            Route route = new Route(f.shape().af(), table, p.address(), p.length(), gateway, unicast ? links.get(link) : 0, random.nextInt(4), 4,
                    unicast && gateway.isEmpty() ? Sources.SCOPE_LINK : Sources.SCOPE_UNIVERSE, type, prefsrc);
            try {
                k.changeRoute(Requests.RouteOp.ADD, route, "eth" + link);
            } catch (SysException e) {
                continue; // EEXIST (the same prefix and metric), a gateway not on the link: the kernel refused it, the box is as it is
            }
            if (gateway.isPresent()) {
                gateways.add(gateway.get());
                f.gateway(k, random, links.get(link), gateway.get());
            }
        }
        rules(f, k, random, local, prefixes);
        return new Box(links, local, prefixes, gateways);
    }

    /** Link {@code i}'s random addresses (none to three, maybe in one subnet); their subnets. */
    private static List<Prefix> addresses(Family f, Kernel k, Random random, int i, List<InetAddress> local) {
        List<Prefix> mine = new ArrayList<>();
        int count = random.nextInt(4);
        for (int a = 0; a < count; a++) {
            int length = f.shape().subnets()[random.nextInt(5) == 0 ? 0 : 1];
            int third = random.nextInt(3) == 0 ? 0 : random.nextInt(3);
            InetAddress address = f.address(random, f.net(random, i), third, 10 + random.nextInt(5));
            if (!local.contains(address) && f.addAddress(k, "eth" + i, address, length)) {
                local.add(address);
                mine.add(new Prefix(masked(address, length), length));
            }
        }
        return mine;
    }

    static void rules(Family f, Kernel k, Random random, List<InetAddress> local, List<Prefix> prefixes) {
        TreeSet<Long> priorities = new TreeSet<>();
        int count = random.nextInt(6);
        while (priorities.size() < count) {
            priorities.add(100L + random.nextInt(30000));
        }
        for (long priority : priorities) {
            Optional<InetAddress> src = Optional.empty();
            int srcLength = 0;
            if (random.nextInt(5) < 2) {
                if (!local.isEmpty() && random.nextBoolean()) {
                    src = Optional.of(local.get(random.nextInt(local.size())));
                    srcLength = 8 * src.get().getAddress().length;
                } else if (random.nextInt(6) == 0) {
                    src = Optional.of(Route.any(f.shape().af() == Route.AF_INET)); // holds a query without a source (IPv4), or not (IPv6)
                    srcLength = 8;
                } else {
                    src = Optional.of(masked(f.address(random, random.nextInt(LINKS), 0, 0), f.shape().subnets()[0]));
                    srcLength = f.shape().subnets()[0];
                }
            }
            Optional<InetAddress> dst = Optional.empty();
            int dstLength = 0;
            if (random.nextInt(10) < 3) {
                Prefix p = prefixes.get(random.nextInt(prefixes.size()));
                if (p.length() > 0) {
                    dst = Optional.of(p.address());
                    dstLength = p.length();
                }
            }
            String iif = random.nextInt(7) == 0 ? (random.nextBoolean() ? "lo" : "eth1") : "";
            String oif = random.nextInt(5) == 0 ? "eth" + random.nextInt(LINKS) : "";
            long mark = 0;
            long mask = 0;
            if (random.nextInt(5) == 0) {
                mark = 1 + random.nextInt(3);
                mask = random.nextBoolean() ? 0xffffffffL : 0x1;
            }
            int action = Rule.FR_ACT_TO_TBL;
            int pick = random.nextInt(20);
            long gotoPriority = 0;
            if (pick == 0) {
                action = Rule.FR_ACT_UNREACHABLE;
            } else if (pick == 1) {
                action = Rule.FR_ACT_BLACKHOLE;
            } else if (pick == 2) {
                action = Rule.FR_ACT_PROHIBIT;
            } else if (pick == 3) {
                action = Rule.FR_ACT_NOP;
            } else if (pick == 4 && priorities.higher(priority) != null) {
                action = Rule.FR_ACT_GOTO;
                gotoPriority = priorities.higher(priority);
            }
            int table = new int[] {100, 101, 102, Route.TABLE_MAIN, 253, 555}[random.nextInt(6)];
            Rule.Selectors more = new Rule.Selectors(dst, dstLength, iif, oif, mark, mask, random.nextInt(10) == 0,
                    random.nextInt(8) == 0 ? random.nextInt(2) * f.shape().suppress() : -1, gotoPriority);
            try {
                k.changeRule(true, new Rule(f.shape().af(), action == Rule.FR_ACT_TO_TBL ? table : 0, priority, src, srcLength, 4, action, more));
            } catch (SysException e) {
                throw new AssertionError("the kernel refused a rule the generator made: " + e.getMessage(), e);
            }
        }
    }

    static RouteLookup.Query query(Family f, Random random, Box box) {
        InetAddress dst;
        int pick = random.nextInt(10);
        if (pick == 0) {
            int i = random.nextInt(box.local().size() + 1);
            dst = i < box.local().size() ? box.local().get(i) : f.shape().loopback();
        } else if (pick == 1 && !box.gateways().isEmpty()) {
            dst = box.gateways().get(random.nextInt(box.gateways().size()));
        } else if (pick == 2) {
            dst = f.address(random, random.nextInt(LINKS + 1), random.nextInt(3), random.nextBoolean() ? 255 : 1 + random.nextInt(254));
        } else {
            Prefix p = box.prefixes().get(random.nextInt(box.prefixes().size()));
            dst = inside(f, p, random);
        }
        Optional<InetAddress> src = Optional.empty();
        int s = random.nextInt(10);
        if (s < 4 && !box.local().isEmpty()) {
            src = Optional.of(box.local().get(random.nextInt(box.local().size())));
        } else if (s == 4) {
            src = Optional.of(f.shape().foreign());
        } else if (s == 5) {
            src = Optional.of(f.shape().loopback());
        }
        int oif = random.nextBoolean() ? 0 : box.links().get(random.nextInt(box.links().size()));
        long mark = random.nextInt(3) == 0 ? random.nextInt(4) : 0;
        return new RouteLookup.Query(dst, src, oif, mark);
    }

    /** A host in {@code p}: its network bits, random host bits, one the family takes for a host. */
    static InetAddress inside(Family f, Prefix p, Random random) {
        while (true) {
            byte[] b = p.address().getAddress();
            for (int bit = p.length(); bit < 8 * b.length; bit++) {
                int mask = 0x80 >> (bit % 8);
                b[bit / 8] = (byte) (random.nextBoolean() ? b[bit / 8] | mask : b[bit / 8] & ~mask);
            }
            InetAddress a = of(b);
            if (f.host(a)) {
                return a;
            }
        }
    }

    static InetAddress masked(InetAddress a, int length) {
        byte[] b = a.getAddress();
        for (int bit = length; bit < 8 * b.length; bit++) {
            b[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        return of(b);
    }

    /** {@code prefix} with its last byte {@code host}. */
    static InetAddress withHost(InetAddress prefix, int host) {
        byte[] b = prefix.getAddress();
        b[b.length - 1] = (byte) host;
        return of(b);
    }

    static InetAddress of(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Prefix prefix(String address, int length) {
        return new Prefix(ip(address), length);
    }

    static InetAddress ip(String literal) {
        return IpLiteral.parse(literal).orElseThrow();
    }

    /**
     * Waits, on a netlink socket subscribed to {@code group} before the change, until every one of
     * {@code awaited} has come in a notification that {@code key} maps to it (at most 10 s).
     */
    static void await(Netns ns, int group, java.util.Collection<InetAddress> awaited,
            java.util.function.Function<Message, Optional<InetAddress>> key, Runnable change) throws Exception {
        try (NetlinkSocket events = ns.call(() -> NetlinkSocket.open(group))) {
            events.receiveTimeout(200);
            change.run();
            java.util.Set<InetAddress> missing = new HashSet<>(awaited); // what the change added
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                for (Message m : events.receive("await notifications")) {
                    key.apply(m).ifPresent(missing::remove);
                }
            }
            if (!missing.isEmpty()) {
                fail("the kernel never told of " + missing);
            }
        }
    }

    static String describe(RouteLookup.Query q, NetState s) {
        return IpLiteral.format(q.dst()) + q.src().map(x -> " from " + IpLiteral.format(x)).orElse("")
                + (q.oif() > 0 ? " oif " + s.linkName(q.oif()) : "") + (q.mark() != 0 ? " mark " + q.mark() : "");
    }

    static String describe(RouteLookup.Answer a, NetState s) {
        if (a.error().isPresent()) {
            return a.error().get();
        }
        return "type " + a.type() + " table " + a.table() + " dev " + s.linkName(a.oif())
                + a.gateway().map(g -> " via " + IpLiteral.format(g)).orElse("") + a.source().map(x -> " src " + IpLiteral.format(x)).orElse(" no source")
                + a.rule().map(r -> "  [rule " + r.describe() + "]").orElse("")
                + a.route().map(r -> "  [route " + r.describe(s.linkName(r.oif())) + "]").orElse("");
    }

    static String dump(NetState s, int family) {
        StringBuilder b = new StringBuilder("addresses:\n");
        s.addresses().forEach(a -> b.append("  ").append(s.linkName(a.index())).append(' ').append(a).append('\n'));
        b.append("neighbours:\n");
        s.neighbours().forEach(n -> b.append("  ").append(s.linkName(n.index())).append(' ').append(IpLiteral.format(n.address()))
                .append(" state ").append(n.state()).append('\n'));
        b.append("rules:\n");
        s.rules().stream().filter(r -> r.family() == family).forEach(r -> b.append("  ").append(r.describe()).append('\n'));
        b.append("routes:\n");
        s.routes().stream().filter(r -> r.family() == family).forEach(r -> b.append("  ").append(r.describe(s.linkName(r.oif())))
                .append(r.prefsrc().map(x -> " src " + IpLiteral.format(x)).orElse("")).append(" type ")
                .append(r.type()).append(" scope ").append(r.scope()).append('\n'));
        return b.toString();
    }
}
