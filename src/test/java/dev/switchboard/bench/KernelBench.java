package dev.switchboard.bench;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.engine.KernelRunner;
import dev.switchboard.engine.Transaction;
import dev.switchboard.net.Kernel;
import dev.switchboard.net.Monitor;
import dev.switchboard.net.Netns;
import dev.switchboard.net.Requests.RouteOp;
import dev.switchboard.net.Route;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.Observe;
import dev.switchboard.plan.Observed;
import dev.switchboard.plan.Ownership;
import dev.switchboard.plan.Plan;
import dev.switchboard.plan.PlanResult;
import dev.switchboard.plan.Planner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Kernel-layer figures, run by bench/kernel.sh in namespaces of its own:
 * the time to plan and apply the seed's five interfaces from scratch (15 steps), and the time
 * from a route change to the monitor's event with a fresh snapshot.
 */
public final class KernelBench {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Config seed = ((ConfigLoader.Loaded) ConfigLoader.load(Path.of("conf/switchboard.toml"))).config();
        List<Double> applyMs = new ArrayList<>();
        List<Double> planMs = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            try (Netns ns = SeedBox.create("bench-" + i)) {
                Kernel k = ns.kernel();
                long t0 = System.nanoTime();
                Observed basis = Observe.from(k.dump());
                Plan plan = ((PlanResult.Planned) Planner.plan(basis, seed, Ownership.none())).plan();
                long t1 = System.nanoTime();
                if (!(Transaction.apply(plan, basis, new KernelRunner(k)) instanceof Transaction.Outcome.Applied)) {
                    throw new IllegalStateException("apply failed");
                }
                long t2 = System.nanoTime();
                planMs.add((t1 - t0) / 1e6);
                applyMs.add((t2 - t1) / 1e6);
            }
        }
        List<Double> eventMs = new ArrayList<>();
        try (Netns ns = SeedBox.create("bench-monitor")) {
            Kernel k = ns.kernel();
            k.setUp("eth2", true);
            k.addAddress("eth2", IpLiteral.parse("10.2.0.10").orElseThrow(), 24);
            LinkedBlockingQueue<Long> seen = new LinkedBlockingQueue<>();
            try (Monitor m = ns.call(() -> Monitor.start((state, lines) -> {
                if (lines.stream().anyMatch(l -> l.startsWith("+ route default"))) {
                    seen.add(System.nanoTime());
                }
            }))) {
                for (int i = 0; i < rounds * 3; i++) {
                    long t0 = System.nanoTime();
                    k.changeDefaultRoute(RouteOp.ADD, IpLiteral.parse("10.2.0.1").orElseThrow(), "eth2", 100 + i, Route.PROTO_SWITCHBOARD);
                    Long t1 = seen.poll(2, TimeUnit.SECONDS);
                    if (t1 == null) {
                        throw new IllegalStateException("no event");
                    }
                    eventMs.add((t1 - t0) / 1e6);
                    k.changeDefaultRoute(RouteOp.DELETE, IpLiteral.parse("10.2.0.1").orElseThrow(), "eth2", 100 + i, Route.PROTO_SWITCHBOARD);
                    Thread.sleep(5);
                }
            }
        }
        print("plan, seed from scratch (dump + plan)", planMs);
        print("apply, seed from scratch (15 steps)", applyMs);
        print("kernel change -> monitor event (with re-dump)", eventMs);
    }

    private static void print(String what, List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        Collections.sort(s);
        System.out.printf("%-48s median %7.2f ms   p90 %7.2f ms   min %7.2f ms   max %7.2f ms   (n=%d)%n", what,
                s.get(s.size() / 2), s.get((int) (s.size() * 0.9)), s.get(0), s.get(s.size() - 1), s.size());
    }
}
