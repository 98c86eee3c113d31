package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.net.Kernel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * `switchboard demo --headless` as a newcomer's script runs it: its own user and network
 * namespace, the seed's five gateways and two frontends, traffic that moves the counters, and
 * nothing left on the network it was started from.
 */
class DemoCommandTest {
    static List<String> links() throws Exception {
        try (Kernel k = Kernel.open()) {
            return k.dump().links().stream().map(l -> l.name()).sorted().toList();
        }
    }

    @Test
    void theSandboxRunsTheSeedWithTrafficAndLeavesNothingBehind() throws Exception {
        List<String> before = links();
        Process demo = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "demo", "--headless", "--for", "7").redirectErrorStream(true).start();
        String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(demo.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, demo.exitValue(), out);
        assertTrue(out.contains("demo: 5 networks with their gateways, 4 servers, 2 clients (behind eth0, behind eth2)"), out);
        // the demo checks its gateways: alive after two answers (the first tables may still say checking)
        assertTrue(out.contains("*  0       eth0       203.0.113.1   up    reachable  alive "), out);
        for (int i = 1; i <= 4; i++) {
            assertTrue(out.contains("   " + i + "       eth" + i), "gateway eth" + i + " shown\n" + out);
        }
        // the LAN client's connections arrive on the bind pinned to eth2, and their replies make it back
        Matcher lan = Pattern.compile("ft_exchange  tcp   10\\.2\\.0\\.10:443     eth2       listening  \\d+    (\\d+)").matcher(out);
        long first = -1;
        long last = -1;
        while (lan.find()) {
            last = Long.parseLong(lan.group(1));
            first = first < 0 ? last : first;
        }
        assertTrue(last > first && last > 3, "the LAN bind's counter moves: " + first + " -> " + last + "\n" + out);
        assertTrue(Pattern.compile("bk_www +web1 +10\\.3\\.0\\.21:80 +UP .* [1-9]\\d* +0\\n").matcher(out).find(), "web1 served requests\n" + out);
        assertTrue(out.endsWith("demo: stopped; the sandbox is gone\n"), out);
        assertEquals(before, links(), "no interface left behind where the demo was started");
    }

    /**
     * --bad-day: the internet gateway stops forwarding while its link stays up, and forwards again
     * thirty seconds later; the demo's health checks see it dead, its route moves behind eth1's,
     * then back. The ARP checks of the other gateways are no news each second.
     */
    @Test
    void onABadDayTheInternetGatewayFailsOverAndBack() throws Exception {
        Process demo = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "demo", "--headless", "--bad-day", "--for", "60").redirectErrorStream(true).start();
        String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(demo.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, demo.exitValue(), out);
        List<String> said = List.of(
                "demo: the bad day begins: eth0's gateway stops forwarding; its link stays up and it still answers ARP",
                "event: gateway 203.0.113.1 of eth0 is dead (was alive): 198.18.0.10: no echo reply within 1 s",
                "event: failover: eth0's gateway dead, its route moved behind eth1 (metric 5)",
                "   5       eth0       203.0.113.1   up    reachable  dead",
                "demo: the bad day ends: eth0's gateway forwards again",
                "event: gateway 203.0.113.1 of eth0 is alive (was dead): answered",
                "event: failback: eth0's gateway alive, its route back at metric 0",
                "*  0       eth0       203.0.113.1   up    reachable  alive");
        int at = 0;
        for (String line : said) {
            int found = out.indexOf(line, at);
            assertTrue(found >= 0, "\"" + line + "\" after what came before it\n" + out);
            at = found + line.length();
        }
        assertTrue(Pattern.compile("event: gateway 198\\.51\\.100\\.1 of eth1 is alive \\(was checking\\)").matcher(out).find(), out);
        assertTrue(!Pattern.compile("neighbour \\S+ dev \\S+ (stale|delay|probe)").matcher(out).find(), "NUD's own cycle is no news\n" + out);
    }
}
