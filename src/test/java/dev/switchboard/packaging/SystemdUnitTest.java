package dev.switchboard.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.proxy.Budget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The unit's open-files limit is what the proxy's one connection budget is derived from, and its comment says how much that is. */
class SystemdUnitTest {
    private static final String SERVERS = "[frontends.ft]\nbackend = \"bk\"\nbinds = [ { address = \"0.0.0.0:80\" } ]\n"
            + "[backends.bk]\nservers = [ { name = \"s\", address = \"10.0.0.2:80\" } ]\n";

    @Test
    void theUnitsLimitNofileGivesTheBudgetItsCommentSays() throws Exception {
        String unit = Files.readString(Path.of("packaging/systemd/switchboard.service"));
        long limit = Long.parseLong(unit.lines().filter(l -> l.startsWith("LimitNOFILE=")).findFirst().orElseThrow().substring("LimitNOFILE=".length()));
        Budget derived = Budget.of(config(""), limit);
        assertEquals(new Budget(130_944, ""), derived);
        assertTrue(unit.contains(limit + " gives " + derived.connections() + " connections shared by all frontends"), "the comment says so");
        // [appliance] maxconn up to that budget is honoured as it is; one more is lowered, and `check` says why
        assertEquals(new Budget(130_944, ""), Budget.of(config("[appliance]\nmaxconn = 130944\n"), limit));
        assertEquals(List.of("appliance.maxconn 130945 needs 262146 open files, over the limit of 262144: lowered to 130944 (raise LimitNOFILE)"),
                Budget.warnings(config("[appliance]\nmaxconn = 130945\n"), limit));
    }

    private static Config config(String appliance) {
        return ((ConfigLoader.Loaded) ConfigLoader.parse(appliance + SERVERS, "t.toml")).config();
    }
}
