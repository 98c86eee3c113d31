package dev.switchboard.net;

import static org.junit.jupiter.api.Assertions.fail;

import dev.switchboard.config.IpLiteral;
import dev.switchboard.net.netlink.Nl;
import dev.switchboard.sys.SysException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The pure route lookup against the kernel's own answer (RTM_GETROUTE, as `ip route get DST from
 * SRC oif DEV mark MARK`), on random addresses, tables, routes (unicast, with and without gateway
 * and preferred source, and the rejecting types) and rules (from, to, iif, oif, fwmark, not,
 * suppress_prefixlength, goto, the rejecting actions) in a namespace: they must agree every time.
 * A failure prints the seed; {@code -Dlookup.seed=N} runs that one again.
 */
class RouteLookupPropertyTest {
    static final int ROUNDS = Integer.getInteger("lookup.rounds", 30);
    static final int QUERIES = 60;
    static final int LINKS = 4;
    static final int[] TABLES = {Route.TABLE_MAIN, 100, 101, 102};

    @Test
    void thePureLookupAgreesWithTheKernel() throws Exception {
        Long fixed = Long.getLong("lookup.seed");
        long base = fixed != null ? fixed : System.nanoTime();
        int rounds = fixed != null ? 1 : ROUNDS;
        int compared = 0;
        for (int round = 0; round < rounds; round++) {
            compared += round(base + round);
        }
        if (compared < rounds * QUERIES / 2) {
            fail("only " + compared + " of " + rounds * QUERIES + " queries were compared (seed " + base + ")");
        }
    }

    /** One random box and its queries; the number of queries compared. */
    static int round(long seed) throws Exception {
        Random random = new Random(seed);
        try (Netns ns = Netns.create("lookup")) {
            Kernel k = ns.kernel();
            Box box = build(k, random);
            NetState state = k.dump();
            int compared = 0;
            for (int i = 0; i < QUERIES; i++) {
                RouteLookup.Query q = query(random, box, state);
                RouteLookup.Answer kernel = k.routeGet(q);
                RouteLookup.Answer pure = RouteLookup.lookup(state, q);
                if (!same(kernel, pure)) {
                    fail("seed " + seed + " (rerun with -Dlookup.seed=" + seed + "): for " + describe(q, state) + "\n  kernel: "
                            + describe(kernel, state) + "\n  pure:   " + describe(pure, state) + "\n" + dump(state));
                }
                compared++;
            }
            return compared;
        }
    }

    static boolean same(RouteLookup.Answer a, RouteLookup.Answer b) {
        if (!a.error().equals(b.error())) {
            return false;
        }
        return a.error().isPresent()
                || a.type() == b.type() && a.oif() == b.oif() && a.gateway().equals(b.gateway()) && a.source().equals(b.source());
    }

    /** What the generator made: the links' indexes, the box's addresses, the prefixes and gateways it used. */
    record Box(List<Integer> links, List<InetAddress> local, List<Prefix> prefixes, List<InetAddress> gateways) {}

    record Prefix(InetAddress address, int length) {}

    static Box build(Kernel k, Random random) throws SysException {
        List<Integer> links = new ArrayList<>();
        List<InetAddress> local = new ArrayList<>();
        List<List<Prefix>> subnets = new ArrayList<>();
        for (int i = 0; i < LINKS; i++) {
            k.addVeth("eth" + i, "p" + i, -1);
            k.setUp("p" + i, true);
            k.setUp("eth" + i, true);
            links.add(k.index("eth" + i));
            List<Prefix> mine = new ArrayList<>();
            int count = random.nextInt(4); // none, one, two (maybe a secondary), three
            for (int a = 0; a < count; a++) {
                int length = random.nextInt(5) == 0 ? 16 : 24;
                int third = random.nextInt(3) == 0 ? 0 : random.nextInt(3);
                InetAddress address = v4(10, i, third, 10 + random.nextInt(5));
                if (local.contains(address)) {
                    continue;
                }
                try {
                    k.addAddress("eth" + i, address, length);
                } catch (SysException e) {
                    continue; // the same address with another length: refused, and nothing to learn
                }
                local.add(address);
                mine.add(new Prefix(masked(address, length), length));
            }
            subnets.add(mine);
        }
        List<Prefix> prefixes = new ArrayList<>(List.of(new Prefix(v4(0, 0, 0, 0), 0), new Prefix(v4(10, 0, 0, 0), 8),
                new Prefix(v4(192, 0, 2, 0), 24), new Prefix(v4(198, 51, 0, 0), 16), new Prefix(v4(198, 51, 100, 0), 24),
                new Prefix(v4(203, 0, 113, 0), 25), new Prefix(v4(192, 0, 2, 77), 32)));
        for (int i = 0; i < 4; i++) {
            prefixes.add(new Prefix(v4(10, random.nextInt(LINKS + 1), 0, 0), 16));
            prefixes.add(new Prefix(v4(10, random.nextInt(LINKS + 1), random.nextInt(3), 0), 24));
        }
        List<InetAddress> gateways = new ArrayList<>();
        int routes = 4 + random.nextInt(14);
        for (int r = 0; r < routes; r++) {
            Prefix p = prefixes.get(random.nextInt(prefixes.size()));
            int table = TABLES[random.nextInt(TABLES.length)];
            int type = random.nextInt(8) == 0 ? new int[] {Nl.RTN_UNREACHABLE, Nl.RTN_BLACKHOLE, Nl.RTN_PROHIBIT,
                    Nl.RTN_THROW}[random.nextInt(4)] : Nl.RTN_UNICAST;
            int link = random.nextInt(LINKS);
            Optional<InetAddress> gateway = Optional.empty();
            if (type == Nl.RTN_UNICAST && !subnets.get(link).isEmpty() && random.nextInt(5) < 3) {
                Prefix on = subnets.get(link).get(random.nextInt(subnets.get(link).size()));
                byte[] b = on.address().getAddress();
                gateway = Optional.of(v4(b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, 1 + random.nextInt(3)));
            }
            Optional<InetAddress> prefsrc = type == Nl.RTN_UNICAST && !local.isEmpty() && random.nextInt(6) == 0
                    ? Optional.of(local.get(random.nextInt(local.size()))) : Optional.empty();
            boolean unicast = type == Nl.RTN_UNICAST;
            Route route = new Route(Route.AF_INET, table, p.address(), p.length(), gateway, unicast ? links.get(link) : 0, random.nextInt(4), 4,
                    unicast && gateway.isEmpty() ? Sources.SCOPE_LINK : Sources.SCOPE_UNIVERSE, type, prefsrc);
            try {
                k.changeRoute(Requests.RouteOp.ADD, route, "eth" + link);
                gateway.ifPresent(gateways::add);
            } catch (SysException e) {
                // EEXIST (the same prefix and metric), a gateway not on the link: the kernel refused it, the box is as it is
            }
        }
        rules(k, random, local, prefixes);
        return new Box(links, local, prefixes, gateways);
    }

    static void rules(Kernel k, Random random, List<InetAddress> local, List<Prefix> prefixes) {
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
                    srcLength = 32;
                } else {
                    src = Optional.of(v4(10, random.nextInt(LINKS), 0, 0));
                    srcLength = 16;
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
                    random.nextInt(8) == 0 ? random.nextInt(2) * 8 : -1, gotoPriority);
            try {
                k.changeRule(true, new Rule(Route.AF_INET, action == Rule.FR_ACT_TO_TBL ? table : 0, priority, src, srcLength, 4, action, more));
            } catch (SysException e) {
                throw new AssertionError("the kernel refused a rule the generator made: " + e.getMessage(), e);
            }
        }
    }

    static RouteLookup.Query query(Random random, Box box, NetState state) {
        InetAddress dst;
        int pick = random.nextInt(10);
        if (pick == 0 && !box.local().isEmpty()) {
            dst = box.local().get(random.nextInt(box.local().size()));
        } else if (pick == 1 && !box.gateways().isEmpty()) {
            dst = box.gateways().get(random.nextInt(box.gateways().size()));
        } else if (pick == 2) {
            dst = v4(10, random.nextInt(LINKS + 1), random.nextInt(3), random.nextBoolean() ? 255 : 1 + random.nextInt(254));
        } else {
            Prefix p = box.prefixes().get(random.nextInt(box.prefixes().size()));
            dst = inside(p, random);
        }
        Optional<InetAddress> src = Optional.empty();
        int s = random.nextInt(10);
        if (s < 4 && !box.local().isEmpty()) {
            src = Optional.of(box.local().get(random.nextInt(box.local().size())));
        } else if (s == 4) {
            src = Optional.of(v4(10, 9, 9, 9)); // not the box's
        } else if (s == 5) {
            src = Optional.of(v4(127, 0, 0, 1));
        }
        int oif = random.nextBoolean() ? 0 : box.links().get(random.nextInt(box.links().size()));
        long mark = random.nextInt(3) == 0 ? random.nextInt(4) : 0;
        return new RouteLookup.Query(dst, src, oif, mark);
    }

    /** A host in {@code p}: its network bits, random host bits (never 0.0.0.0, multicast or 255.255.255.255). */
    static InetAddress inside(Prefix p, Random random) {
        while (true) {
            int net = bits(p.address());
            int mask = p.length() == 0 ? 0 : -1 << (32 - p.length());
            int a = (net & mask) | (random.nextInt() & ~mask);
            int first = a >>> 24;
            if (a != 0 && first != 0 && first != 127 && first < 224) {
                return v4(first, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff);
            }
        }
    }

    static int bits(InetAddress a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    static InetAddress masked(InetAddress a, int length) {
        int n = bits(a) & (length == 0 ? 0 : -1 << (32 - length));
        return v4(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
    }

    static InetAddress v4(int a, int b, int c, int d) {
        return IpLiteral.parse(a + "." + b + "." + c + "." + d).orElseThrow();
    }

    static String describe(RouteLookup.Query q, NetState s) {
        return IpLiteral.format(q.dst()) + q.src().map(x -> " from " + IpLiteral.format(x)).orElse("")
                + (q.oif() > 0 ? " oif " + s.linkName(q.oif()) : "") + (q.mark() != 0 ? " mark " + q.mark() : "");
    }

    static String describe(RouteLookup.Answer a, NetState s) {
        if (a.error().isPresent()) {
            return a.error().get();
        }
        return "type " + a.type() + " dev " + s.linkName(a.oif()) + a.gateway().map(g -> " via " + IpLiteral.format(g)).orElse("")
                + a.source().map(x -> " src " + IpLiteral.format(x)).orElse(" no source")
                + a.rule().map(r -> "  [rule " + r.describe() + "]").orElse("") + a.route().map(r -> "  [route " + r.describe(s.linkName(r.oif())) + "]").orElse("");
    }

    static String dump(NetState s) {
        StringBuilder b = new StringBuilder("addresses:\n");
        s.addresses().forEach(a -> b.append("  ").append(s.linkName(a.index())).append(' ').append(a).append('\n'));
        b.append("rules:\n");
        s.rules().stream().filter(Rule::isIpv4).forEach(r -> b.append("  ").append(r.describe()).append('\n'));
        b.append("routes:\n");
        s.routes().stream().filter(Route::isIpv4).forEach(r -> b.append("  ").append(r.describe(s.linkName(r.oif())))
                .append(r.prefsrc().map(x -> " src " + IpLiteral.format(x)).orElse("")).append(" type ")
                .append(r.type()).append(" scope ").append(r.scope()).append('\n'));
        return b.toString();
    }
}
