package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The editor's changes to the seed's text: only what changed, comments and layout kept. */
class TomlEditTest {
    static String seed() throws Exception {
        return Files.readString(Path.of("conf/switchboard.toml"));
    }

    static Config parse(String text) {
        return assertInstanceOf(ConfigLoader.Loaded.class, ConfigLoader.parse(text, "t.toml"), text).config();
    }

    static Map<String, String> eth4(String metric) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("addresses", "[\"10.4.0.10/24\"]");
        v.put("gateway", "\"10.4.0.1\"");
        v.put("metric", metric);
        v.put("state", "\"up\"");
        return v;
    }

    /** The lines that differ between two texts. */
    static List<String> changed(String before, String after) {
        List<String> a = List.of(before.split("\n", -1));
        List<String> b = List.of(after.split("\n", -1));
        return b.stream().filter(l -> !a.contains(l)).toList();
    }

    @Test
    void aChangedMetricChangesOneLineAndKeepsItsComment() throws Exception {
        String seed = seed();
        String edited = TomlEdit.setInterface(seed, "eth0", Map.of("addresses", "[\"203.0.113.10/24\"]", "gateway", "\"203.0.113.1\"",
                "metric", "7")).orElseThrow();
        assertEquals(List.of("metric    = 7                   # ...and its metric, unique among the interfaces (per family)"), changed(seed, edited));
        assertEquals(seed.split("\n").length, edited.split("\n").length);
        assertEquals(7L, parse(edited).interfaces().get("eth0").metric().getAsLong());
    }

    @Test
    void aRemovedKeyGoesAndANewOneComesUnderTheLastKey() throws Exception {
        String seed = seed();
        Map<String, String> v = eth4("4");
        v.remove("state");
        v.put("mtu", "9000");
        String edited = TomlEdit.setInterface(seed, "eth4", v).orElseThrow();
        InterfaceSpec eth4 = parse(edited).interfaces().get("eth4");
        assertEquals(9000, eth4.mtu().getAsInt());
        assertTrue(!edited.contains("state     = \"up\"                # up | down (default up)"), "state's line is gone");
        assertTrue(edited.contains("metric    = 4\nmtu       = 9000\n"), edited);
        assertTrue(edited.contains("# A VLAN sub-interface, created and removed by switchboard"), "comments after the table stay");
    }

    @Test
    void aNewInterfaceGoesAfterTheLastAndARemovedOneLeavesNoTrace() throws Exception {
        String seed = seed();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("addresses", "[\"192.0.2.10/24\"]");
        v.put("gateway", "\"192.0.2.1\"");
        v.put("metric", "5");
        String added = TomlEdit.setInterface(seed, "eth5", v).orElseThrow();
        Config c = parse(added);
        assertEquals(List.of("eth0", "eth1", "eth2", "eth3", "eth4", "eth5"), List.copyOf(c.interfaces().keySet()));
        assertTrue(added.contains("state     = \"up\"                # up | down (default up)\n\n[interfaces.eth5]\naddresses = [\"192.0.2.10/24\"]\n"), added);
        assertEquals(seed, TomlEdit.removeInterface(added, "eth5").orElseThrow(), "add then remove is the same text");
    }

    @Test
    void aBindIsPinnedAndUnpinnedInItsInlineTable() throws Exception {
        String seed = seed();
        HostPort lan = HostPort.parse("10.2.0.10:443").orElseThrow();
        String unpinned = TomlEdit.setBindInterface(seed, "ft_exchange", lan, java.util.Optional.empty()).orElseThrow();
        assertEquals(List.of("            { address = \"10.2.0.10:443\" } ]"), changed(seed, unpinned));
        assertEquals(java.util.Optional.empty(), parse(unpinned).frontends().get("ft_exchange").binds().get(1).interfaceName());
        String repinned = TomlEdit.setBindInterface(unpinned, "ft_exchange", lan, java.util.Optional.of("eth2")).orElseThrow();
        assertEquals(seed, repinned, "pin after unpin is the same text");
        HostPort www = HostPort.parse("203.0.113.10:80").orElseThrow();
        String pinned = TomlEdit.setBindInterface(seed, "ft_www", www, java.util.Optional.of("eth0")).orElseThrow();
        assertEquals(java.util.Optional.of("eth0"), parse(pinned).frontends().get("ft_www").binds().get(0).interfaceName());
        assertEquals(java.util.Optional.empty(), TomlEdit.setBindInterface(seed, "ft_www", lan, java.util.Optional.of("eth2")), "no such bind");
        String first = "[frontends.f]\nbackend = \"b\"\nbinds = [ { interface = \"eth2\", address = \"10.2.0.10:443\" } ]\n";
        assertEquals("[frontends.f]\nbackend = \"b\"\nbinds = [ { address = \"10.2.0.10:443\" } ]\n",
                TomlEdit.setBindInterface(first, "f", lan, java.util.Optional.empty()).orElseThrow());
    }
}
