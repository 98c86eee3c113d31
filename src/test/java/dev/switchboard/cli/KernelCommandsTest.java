package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan, apply and status as an operator runs them, in a namespace with the seed's interfaces. */
class KernelCommandsTest {
    @TempDir
    Path dir;

    CheckCommandTest.Run run(Netns ns, String... args) throws Exception {
        return run(ns, dir.resolve("state"), args);
    }

    /** The command line run in the namespace, with a state directory of the test's own. */
    static CheckCommandTest.Run run(Netns ns, Path stateDir, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--state-dir";
        all[1] = stateDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return ns.call(() -> CheckCommandTest.run(Map.of(), all));
    }

    Path config(String text) throws IOException {
        Path file = dir.resolve("switchboard.toml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void planApplyPlanStatus() throws Exception {
        try (Netns ns = SeedBox.create("cli")) {
            String seed = Files.readString(Path.of("conf/switchboard.toml"));
            String file = config(seed).toString();
            CheckCommandTest.Run plan = run(ns, "plan", "--config", file);
            assertEquals(0, plan.code(), plan.err());
            assertTrue(plan.out().contains("+ route default via 10.2.0.1 dev eth2 metric 2\n"), plan.out());
            assertTrue(plan.out().startsWith("~ link eth0 up (was down)\n"), plan.out());

            CheckCommandTest.Run apply = run(ns, "apply", "--config", file);
            assertEquals(0, apply.code(), apply.err());
            assertTrue(apply.out().endsWith("applied 15 changes\n"), apply.out());

            assertEquals("no changes\n", run(ns, "plan", "--config", file).out());
            CheckCommandTest.Run again = run(ns, "apply", "--config", file);
            assertEquals("no changes\n", again.out());

            CheckCommandTest.Run status = run(ns, "status");
            assertEquals(0, status.code(), status.err());
            String[] lines = status.out().split("\n");
            assertTrue(lines[0].startsWith("   METRIC  INTERFACE  GATEWAY"), status.out());
            assertTrue(lines[1].matches("\\*  0 +eth0 +203\\.0\\.113\\.1 +up +\\S+ +- +switchboard +203\\.0\\.113\\.10/24"), lines[1]);
            assertTrue(lines[3].matches(" +2 +eth2 +10\\.2\\.0\\.1 +up +\\S+ +- +switchboard +10\\.2\\.0\\.10/24"), lines[3]);
            CheckCommandTest.Run json = run(ns, "status", "--json");
            assertTrue(json.out().startsWith("{\"gateways\":[{\"family\":\"inet\",\"interface\":\"eth0\",\"addresses\":[\"203.0.113.10/24\"],"
                    + "\"gateway\":\"203.0.113.1\",\"metric\":0,\"link\":\"up\""), json.out());

            // with no engine, the binds of the config file: where their replies leave, and what decides it
            String unpinned = seed.replace(", interface = \"eth2\" }", " }");
            CheckCommandTest.Run binds = run(ns, "status", "--config", config(unpinned).toString());
            assertTrue(binds.out().endsWith("\nFRONTEND     BIND              REPLIES  DECIDED BY\n"
                    + "ft_www       203.0.113.10:80   eth0     main table: lowest metric eth0\n"
                    + "ft_exchange  203.0.113.10:443  eth0     main table: lowest metric eth0\n"
                    + "ft_exchange  10.2.0.10:443     eth0 !   main table: lowest metric eth0\n"
                    + "! replies astray or without a way out: switchboard doctor says why and the fix\n"), binds.out());
            assertTrue(binds.out().substring(binds.out().indexOf("REPLIES")).lines().allMatch(l -> l.length() <= 80), binds.out());
            CheckCommandTest.Run bindsJson = run(ns, "status", "--json", "--config", config(unpinned).toString());
            assertTrue(bindsJson.out().contains("{\"frontend\":\"ft_exchange\",\"bind\":\"10.2.0.10:443\",\"interface\":null,"
                    + "\"leaves_by\":\"eth0\",\"gateway\":\"203.0.113.1\",\"decided_by\":\"main table: lowest metric eth0\","
                    + "\"gateway_dead\":false,\"problem\":\"traffic arrives on eth2 but replies leave by eth0"), bindsJson.out());
        }
    }

    /**
     * The routes an apply could have touched: not the IPv6 link-local and multicast routes the
     * kernel adds by itself some time after a link comes up (eth3, just above), which made a plain
     * count flaky on a busy machine.
     */
    static java.util.List<dev.switchboard.net.Route> routesNotOfTheKernelsOwnIpv6(dev.switchboard.net.NetState dump) {
        return dump.routes().stream().filter(r -> r.isIpv4() || r.protocol() != 2 /* RTPROT_KERNEL */).toList();
    }

    @Test
    void aMetricTakenByAnExternalRouteIsRefusedAndNothingChanges() throws Exception {
        try (Netns ns = SeedBox.create("cli-refused")) {
            String seed = Files.readString(Path.of("conf/switchboard.toml"));
            ns.kernel().setUp("eth3", true);
            ns.kernel().addAddress("eth3", dev.switchboard.config.IpLiteral.parse("10.3.0.99").orElseThrow(), 24);
            ns.kernel().changeDefaultRoute(dev.switchboard.net.Requests.RouteOp.ADD,
                    dev.switchboard.config.IpLiteral.parse("10.3.0.254").orElseThrow(), "eth3", 2, 4);
            var before = ns.kernel().dump();
            CheckCommandTest.Run apply = run(ns, "apply", "--config", config(seed).toString());
            assertEquals(1, apply.code());
            assertEquals("switchboard: cannot apply: eth2: metric 2 (IPv4) is taken by an external route, default via 10.3.0.254"
                    + " dev eth3 metric 2 proto static; remove that route or give eth2 another metric\nnothing changed\n", apply.err());
            assertEquals(routesNotOfTheKernelsOwnIpv6(before), routesNotOfTheKernelsOwnIpv6(ns.kernel().dump()));
        }
    }

    @Test
    void aMissingInterfaceIsNamedBeforeAnythingIsTouched() throws Exception {
        try (Netns ns = Netns.create("cli-missing")) {
            CheckCommandTest.Run apply = run(ns, "apply", "--config", "conf/switchboard.toml");
            assertEquals(1, apply.code());
            assertTrue(apply.err().startsWith("switchboard: cannot apply: eth0: no such interface on this machine"), apply.err());
        }
    }
}
