package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.net.Link;
import dev.switchboard.net.NetState;
import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's appliance with the VLAN its file shows in a comment (eth1.100), applied and taken
 * back as an operator does, on a kernel with the vlan link type (GuestKernelIT's guest).
 */
class VlanSeedApplyTest {
    static final String EXAMPLE = """
            # [interfaces."eth1.100"]
            # vlan      = { parent = "eth1", id = 100 }
            # addresses = ["10.100.0.10/24"]
            """;

    @TempDir
    Path dir;

    CheckCommandTest.Run run(Netns ns, String... args) throws Exception {
        return KernelCommandsTest.run(ns, dir.resolve("state"), args);
    }

    @Test
    void theSeedWithItsVlanExampleIsAppliedThenTheVlanRemoved() throws Exception {
        String seed = Files.readString(Path.of("conf/switchboard.toml"));
        String withVlan = seed.replace(EXAMPLE, EXAMPLE.replace("# ", ""));
        assertNotEquals(seed, withVlan, "conf/switchboard.toml no longer shows the eth1.100 example");
        Path vlanFile = Files.writeString(dir.resolve("vlan.toml"), withVlan);
        Path seedFile = Files.writeString(dir.resolve("seed.toml"), seed);
        try (Netns ns = SeedBox.createWithVlans("cli-vlan")) {
            CheckCommandTest.Run plan = run(ns, "plan", "--config", vlanFile.toString());
            assertEquals(0, plan.code(), plan.err());
            assertTrue(plan.out().contains("+ link eth1.100 vlan 100 on eth1\n"), plan.out());

            CheckCommandTest.Run apply = run(ns, "apply", "--config", vlanFile.toString());
            assertEquals(0, apply.code(), apply.err());
            NetState s = ns.kernel().dump();
            Link vlan = s.link("eth1.100").orElseThrow();
            assertEquals(100, vlan.vlanId());
            assertEquals(s.link("eth1").orElseThrow().index(), vlan.parentIndex());
            assertTrue(vlan.up());
            assertEquals(List.of("10.100.0.10/24"), s.addresses(vlan.index()).stream().filter(a -> a.isIpv4()).map(Object::toString).toList());
            assertEquals("no changes\n", run(ns, "plan", "--config", vlanFile.toString()).out());

            CheckCommandTest.Run back = run(ns, "apply", "--config", seedFile.toString());
            assertEquals(0, back.code(), back.err());
            assertTrue(back.out().contains("- link eth1.100 vlan 100 on eth1\n"), back.out());
            assertFalse(ns.kernel().exists("eth1.100"));
            assertEquals("no changes\n", run(ns, "plan", "--config", seedFile.toString()).out());
        }
    }
}
