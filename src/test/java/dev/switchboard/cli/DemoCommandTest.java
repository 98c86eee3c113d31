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
        assertTrue(out.contains("*  0       eth0       203.0.113.1   up    reachable  unchecked  switchboard  203.0.113.10/24"), out);
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
}
