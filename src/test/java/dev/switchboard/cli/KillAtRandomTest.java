package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.Cidr;
import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.control.ControlClient;
import dev.switchboard.engine.OwnershipStore;
import dev.switchboard.net.Netns;
import dev.switchboard.net.NetState;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.Ownership;
import dev.switchboard.plan.PlannerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random instants of applies and tries, with the real program in a namespace: after
 * each restart the kernel must be exactly the config the engine runs on (no address left over,
 * none missing, plan clean), and owned.toml must name every address switchboard added. The
 * number of trials is {@code -Dswitchboard.killTrials=N} (CI runs a few; bench/kill-at-random.sh
 * runs a hundred and more).
 */
class KillAtRandomTest {
    static final int TRIALS = Integer.getInteger("switchboard.killTrials", 8);

    @TempDir
    Path dir;

    /** The seed, and the seed with a second address on eth3, another on eth4 and their metrics swapped. */
    static String other(String seed) {
        return seed.replace("addresses = [\"10.3.0.10/24\"]", "addresses = [\"10.3.0.10/24\", \"10.3.0.30/24\"]")
                .replace("addresses = [\"10.4.0.10/24\"]", "addresses = [\"10.4.0.40/24\"]")
                .replace("metric    = 3", "metric    = X").replace("metric    = 4", "metric    = 3").replace("metric    = X", "metric    = 4");
    }

    @Test
    void afterAKillAtAnyInstantTheKernelIsTheConfigAndEverythingAddedIsOwned() throws Exception {
        String seed = PlannerTest.seedText();
        String other = other(seed);
        assertTrue(!other.equals(seed));
        Path file = dir.resolve("switchboard.toml");
        Path state = dir.resolve("state");
        Path socket = dir.resolve("control.sock");
        Files.writeString(file, seed);
        Random random = new Random(Long.getLong("switchboard.killSeed", System.nanoTime()));
        ExecutorService asker = Executors.newSingleThreadExecutor();
        List<String> trials = new ArrayList<>();
        try (Netns ns = SeedBox.create("kill")) {
            RunCommandTest.Engine engine = RunCommandTest.start(ns, file, state, socket, dir.resolve("notify.sock"));
            try {
                engine.await("control socket");
                // how long a change takes, asked to answered: the kills are spread over that span and a little beyond
                long span = 0;
                for (String text : List.of(other, seed, other, seed)) {
                    Files.writeString(file, text);
                    long start = System.nanoTime();
                    assertTrue(ControlClient.ask(socket, "apply").orElseThrow().ok());
                    span = Math.max(span, System.nanoTime() - start);
                }
                for (int i = 0; i < TRIALS; i++) {
                    String next = Files.readString(file).equals(seed) ? other : seed;
                    Files.writeString(file, next);
                    String command = i % 2 == 0 ? "apply" : "try 60";
                    long delay = (long) (random.nextDouble() * span * 1.5);
                    trials.add(command + " killed after " + delay / 1000 + " us");
                    asker.submit(() -> ControlClient.ask(socket, command));
                    java.util.concurrent.locks.LockSupport.parkNanos(delay); // the instant of the kill is what is varied
                    engine.signal("KILL");
                    assertTrue(engine.process().waitFor(10, TimeUnit.SECONDS));
                    engine = RunCommandTest.start(ns, file, state, socket, dir.resolve("notify.sock"));
                    engine.await("control socket");
                    String context = "trial " + i + " (" + trials.get(i) + "): ";
                    Config running = ((ConfigLoader.Loaded) ConfigLoader.load(file)).config();
                    assertEquals(configured(running), onTheBox(ns.kernel().dump()), context + "the kernel's addresses are the config's");
                    Ownership owned = new OwnershipStore(state).load();
                    for (String a : onTheBox(ns.kernel().dump())) {
                        String[] p = a.split(" ");
                        assertTrue(owned.owns(p[0], Cidr.parse(p[1]).orElseThrow()), context + a + " is owned: " + owned);
                    }
                    String plan = ns.call(() -> cli(file, state, socket, "plan"));
                    assertEquals("no changes\n", plan, context + "plan is clean");
                }
            } finally {
                engine.close();
            }
        } finally {
            asker.shutdownNow();
        }
        System.out.println("kill-at-random: " + TRIALS + " trials, each checked: " + trials);
    }

    /** The addresses on eth0..eth4 ("eth3 10.3.0.10/24"), link-local ones aside: every one is switchboard's here. */
    static Set<String> onTheBox(NetState s) {
        Set<String> out = new TreeSet<>();
        s.addresses().forEach(a -> {
            String link = s.linkName(a.index());
            if (link.startsWith("eth") && !a.address().isLinkLocalAddress()) {
                out.add(link + " " + IpLiteral.format(a.address()) + "/" + a.prefixLength());
            }
        });
        return out;
    }

    static Set<String> configured(Config c) {
        Set<String> out = new TreeSet<>();
        c.interfaces().values().forEach(i -> i.addresses().forEach(a -> out.add(i.name() + " " + a)));
        return out;
    }

    static String cli(Path file, Path state, Path socket, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        List<String> all = new ArrayList<>(List.of("--config", file.toString(), "--state-dir", state.toString(), "--socket", socket.toString()));
        all.addAll(List.of(args));
        int code = Main.run(all.toArray(String[]::new), Map.of(), new java.io.PrintWriter(out), new java.io.PrintWriter(out));
        assertEquals(0, code, out.toString());
        return out.toString();
    }
}
