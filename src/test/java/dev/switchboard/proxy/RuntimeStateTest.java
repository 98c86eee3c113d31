package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * What an operator set at runtime (a server's state, its weight) outlives an apply that rebuilds
 * its backend, as HAProxy's server-state file does across a reload; a weight the new config
 * changes is the config's.
 */
class RuntimeStateTest {
    private static Config config(String text) {
        return ((ConfigLoader.Loaded) ConfigLoader.parse(text, "test.toml")).config();
    }

    private static String servers(Proxy p) {
        return p.stats().servers().stream().map(s -> s.name() + " " + s.admin() + " " + s.weight()).toList().toString();
    }

    @Test
    void aBackendRebuiltByAnApplyKeepsItsServersStatesAndChangedWeights() throws Exception {
        int listen;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listen = s.getLocalPort();
        }
        String two = ProxyTest.server("s1", 1) + ", " + ProxyTest.server("s2", 2) + ", " + ProxyTest.server("s4", 4);
        Proxy p = Proxy.start(config(ProxyTest.tcp(listen, two, "")), 1, Executors.defaultThreadFactory(), line -> { });
        try {
            assertTrue(p.setServerState("bk", "s1", Stats.Admin.MAINT));
            assertTrue(p.setServerWeight("bk", "s2", 7));
            assertTrue(p.setServerWeight("bk", "s4", 9));
            // a server added, and s4's weight changed in the config: the backend is rebuilt
            String three = ProxyTest.server("s1", 1) + ", " + ProxyTest.server("s2", 2) + ", "
                    + "{ name = \"s4\", address = \"127.0.0.1:4\", weight = 3 }, " + ProxyTest.server("s3", 3);
            assertTrue(p.reconfigure(config(ProxyTest.tcp(listen, three, ""))).applied());
            assertEquals(List.of("s1 MAINT 1", "s2 READY 7", "s4 READY 3", "s3 READY 1").toString(), servers(p),
                    "s1 still in maintenance, s2 still at the operator's 7; s4 at the config's new 3; s3 new");
        } finally {
            p.close();
        }
    }
}
