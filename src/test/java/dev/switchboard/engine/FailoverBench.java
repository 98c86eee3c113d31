package dev.switchboard.engine;

import dev.switchboard.health.GatewayTopology;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Failover and failback times and the probes' CPU, for five checked gateways at interval = 1
 * (bench/failover.sh): gw0 stops forwarding, and the time until eth0's route stands behind the
 * others is measured from the engine's events; then it forwards again, until it is back. The
 * probes' CPU is their threads' CPU time over an idle stretch, as a share of one core.
 */
public final class FailoverBench {
    static final String CHECK = "check = { method = \"icmp\", targets = [\"198.18.0.5\"], interval = 1, timeout = 1, fall = 3, rise = 2 }";

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        StringBuilder config = new StringBuilder();
        for (int n = 0; n < 5; n++) {
            config.append("[interfaces.eth").append(n).append("]\naddresses = [\"10.").append(n).append(".0.10/24\"]\ngateway = \"10.")
                    .append(n).append(".0.1\"\nmetric = ").append(n).append('\n').append(CHECK).append('\n');
        }
        Path dir = Files.createTempDirectory("failover-bench");
        Path file = dir.resolve("switchboard.toml");
        Files.writeString(file, config);
        try (GatewayTopology t = GatewayTopology.create(5);
                Engine engine = t.appliance.call(() -> Engine.start(file, dir.resolve("state"), 1, l -> { }, "bench"));
                Subscription events = engine.events()) {
            int alive = 0;
            while (alive < 5) {
                EngineEvent e = events.poll(30, TimeUnit.SECONDS);
                if (e == null) {
                    throw new IllegalStateException("the gateways were not all judged alive within 30 s");
                }
                if (e instanceof EngineEvent.GatewayHealthChanged h && h.state().equals("alive")) {
                    alive++;
                }
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu0 = probeCpu(threads);
            long wall0 = System.nanoTime();
            events.poll(idleSeconds, TimeUnit.SECONDS); // an idle stretch: nothing is expected (a note would end it early)
            double cpuShare = (probeCpu(threads) - cpu0) / (double) (System.nanoTime() - wall0);
            List<Double> fail = new ArrayList<>();
            List<Double> back = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                t.forwarding(0, false);
                await(events, false);
                fail.add((System.nanoTime() - t0) / 1e9);
                t0 = System.nanoTime();
                t.forwarding(0, true);
                await(events, true);
                back.add((System.nanoTime() - t0) / 1e9);
            }
            System.out.printf("five gateways, icmp, interval = 1 s, timeout = 1 s, fall = 3, rise = 2; %d rounds%n", rounds);
            System.out.printf("failover (gw0 stops forwarding -> eth0's route behind the others): median %.2f s, max %.2f s%n",
                    median(fail), Collections.max(fail));
            System.out.printf("failback (gw0 forwards again -> eth0's route at metric 0):           median %.2f s, max %.2f s%n",
                    median(back), Collections.max(back));
            System.out.printf("probes' CPU (5 health threads, %d s idle): %.3f%% of one core%n", idleSeconds, cpuShare * 100);
        }
    }

    private static void await(Subscription events, boolean failback) throws InterruptedException {
        for (EngineEvent e = events.poll(30, TimeUnit.SECONDS); e != null; e = events.poll(30, TimeUnit.SECONDS)) {
            if (e instanceof EngineEvent.GatewayFailover f && f.iface().equals("eth0") && f.failback() == failback) {
                return;
            }
        }
        throw new IllegalStateException("no " + (failback ? "failback" : "failover") + " within 30 s");
    }

    private static long probeCpu(ThreadMXBean threads) {
        long sum = 0;
        for (ThreadInfo i : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (i != null && (i.getThreadName().startsWith("health-"))) {
                sum += Math.max(0, threads.getThreadCpuTime(i.getThreadId()));
            }
        }
        return sum;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
