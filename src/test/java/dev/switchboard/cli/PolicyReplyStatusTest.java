package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.control.ControlClient;
import dev.switchboard.control.ControlServer;
import dev.switchboard.control.Protocol;
import dev.switchboard.engine.Engine;
import dev.switchboard.net.Netns;
import dev.switchboard.net.SeedBox;
import dev.switchboard.plan.PlannerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed with {@code table = 102} on eth2 and ft_exchange's LAN bind unpinned, run by an engine
 * in a namespace: `switchboard status` (text and --json) and `show frontends` on the control
 * socket say that a policy rule decides where that bind's replies leave, and the main table
 * the others'.
 */
class PolicyReplyStatusTest {
    @TempDir
    Path dir;

    final List<String> log = new CopyOnWriteArrayList<>();

    static final String POLICY_ROW = "ft_exchange\\s+10\\.2\\.0\\.10:443\\s+eth2\\s+policy: from 10\\.2\\.0\\.10 table 102";
    static final String MAIN_ROW = "ft_exchange\\s+203\\.0\\.113\\.10:443\\s+eth0\\s+main table: lowest metric eth0";

    @Test
    void statusAndShowFrontendsSayAPolicyRuleDecidesTheUnpinnedLanBindsReplies() throws Exception {
        String seed = PlannerTest.seedText();
        String text = seed.replace("metric    = 2\n", "metric    = 2\ntable     = 102\n")
                .replace("{ address = \"10.2.0.10:443\", interface = \"eth2\" }", "{ address = \"10.2.0.10:443\" }");
        assertTrue(!text.equals(seed) && text.contains("table     = 102") && !text.contains("interface = \"eth2\" }"), "the seed changed as meant");
        Path config = dir.resolve("switchboard.toml");
        Files.writeString(config, text);
        Path socket = dir.resolve("control.sock");
        try (Netns ns = SeedBox.create("policy-status");
                Engine engine = ns.call(() -> Engine.start(config, dir.resolve("state"), 1, log::add, "test"));
                ControlServer server = ns.call(() -> ControlServer.start(socket, new Protocol(engine), log::add))) {
            String frontends = ControlClient.ask(socket, "show frontends").orElseThrow().text();
            assertTrue(rows(frontends, POLICY_ROW) == 1, frontends);
            assertTrue(rows(frontends, MAIN_ROW) == 1, frontends);

            String[] where = {"--state-dir", dir.resolve("state").toString(), "--socket", socket.toString(), "--config", config.toString()};
            CheckCommandTest.Run status = ns.call(() -> CheckCommandTest.run(Map.of(), "status", where[0], where[1], where[2], where[3], where[4],
                    where[5]));
            assertEquals(0, status.code(), status.err());
            assertTrue(rows(status.out(), POLICY_ROW) == 1, status.out());
            assertTrue(rows(status.out(), MAIN_ROW) == 1, status.out());

            CheckCommandTest.Run json = ns.call(() -> CheckCommandTest.run(Map.of(), "status", "--json", where[0], where[1], where[2], where[3],
                    where[4], where[5]));
            assertEquals(0, json.code(), json.err());
            assertTrue(json.out().contains("{\"frontend\":\"ft_exchange\",\"bind\":\"10.2.0.10:443\",\"interface\":null,\"leaves_by\":\"eth2\","
                    + "\"gateway\":\"10.2.0.1\",\"decided_by\":\"policy: from 10.2.0.10 table 102\""), json.out());
        }
    }

    /** How many lines of {@code text} are the row {@code regex}, spaces for columns. */
    private static long rows(String text, String regex) {
        return text.lines().filter(l -> l.strip().matches(regex)).count();
    }
}
