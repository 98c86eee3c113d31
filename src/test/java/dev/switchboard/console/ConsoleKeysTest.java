package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.plan.PlannerTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Keystrokes on a virtual terminal, against a real engine on the seed's appliance in a namespace. */
class ConsoleKeysTest extends ConsoleHarness {
    @Test
    void editPlanApplyAndKeep() throws Exception {
        editEth4MetricAndPlan("9");
        await("+ route default via 10.4.0.1 dev eth4 metric 9");
        assertTrue(defaults().contains("default via 10.4.0.1 dev eth4 metric 4 proto switchboard"), "nothing changed by the plan");
        type("y");
        await("APPLIED AS A TRY: rolled back in ");
        await("k  keep it (confirm"); // each awaited on its own: the screen may be caught mid-draw
        assertTrue(defaults().contains("default via 10.4.0.1 dev eth4 metric 9 proto switchboard"), defaults().toString());
        type("k");
        await("kept: the change is confirmed and written to the config file");
        String file = Files.readString(dir.resolve("switchboard.toml"));
        assertTrue(file.contains("metric    = 9\nstate     = \"up\"                # up | down (default up)\n"), file);
        assertEquals(PlannerTest.seedText().length(), file.length(), "one character changed, the rest of the file as it was");
        assertTrue(defaults().contains("default via 10.4.0.1 dev eth4 metric 9 proto switchboard"));
    }

    @Test
    void editPlanApplyAndRevert() throws Exception {
        tryEth4At9AndRevert();
        assertTrue(defaults().contains("default via 10.4.0.1 dev eth4 metric 4 proto switchboard"), defaults().toString());
        assertEquals(PlannerTest.seedText(), Files.readString(dir.resolve("switchboard.toml")), "the file never held the try");
        assertFalse(engine.pending().isPresent());
    }

    @Test
    void aMistakeIsShownUnderItsFieldAndChangesNothing() throws Exception {
        type("i");
        await("INTERFACES");
        key(KeyType.ArrowDown, 4);
        key(KeyType.Enter, 1);
        key(KeyType.ArrowDown, 2);
        key(KeyType.Backspace, 1);
        type("2");
        key(KeyType.Enter, 1);
        String s = await("metric 2 is already eth2's IPv4 default route");
        assertTrue(s.contains("\n  metric           [2_]\n                   metric 2 is already eth2's IPv4 default route (each interface\n"), s);
        assertEquals(PlannerTest.seedText(), Files.readString(dir.resolve("switchboard.toml")));
    }

    @Test
    void helpServersAndQuit() throws Exception {
        type("?");
        await("Tab, 1 2 3  focus gateways, frontends, backends");
        key(KeyType.Escape, 1);
        await("GATEWAYS");
        type("3");
        key(KeyType.ArrowDown, 1);
        key(KeyType.Enter, 1);
        await("server bk_www/web2 disabled");
        assertEquals("MAINT", engine.stats().servers().get(1).state());
        type("q");
        console.join(5000);
        assertFalse(console.isAlive(), "q quits");
    }

    @Test
    void pinningABindFromTheDashboardGoesThroughItsPlan() throws Exception {
        type("2"); // the frontends
        key(KeyType.ArrowDown, 2); // ft_exchange 10.2.0.10:443, pinned to eth2
        type("p");
        await("PLAN: your edits, and what applying them changes (nothing has changed yet)");
        await("    ft_exchange 10.2.0.10:443: unpinned (was eth2)\n");
        await("- bind ft_exchange 10.2.0.10:443 interface eth2");
        await("+ bind ft_exchange 10.2.0.10:443\n");
        await("ft_exchange 10.2.0.10:443 unpinned in the edits");
        type("y");
        await("APPLIED AS A TRY");
        assertTrue(engine.stats().frontends().get(1).binds().get(1).bind().interfaceName().isEmpty(), "unpinned while the try runs");
        type("r");
        await("reverted");
        assertEquals(PlannerTest.seedText(), Files.readString(dir.resolve("switchboard.toml")));
        assertTrue(engine.stats().frontends().get(1).binds().get(1).bind().interfaceName().isPresent(), "pinned again after the revert");
        String s = await(" EDITS, not applied (i then p plans them, u discards them): ft_exchange\n   10.2.0.10:443: unpinned (was eth2)\n");
        assertTrue(s.contains("\n  GATEWAYS (by metric;"), "back on the dashboard, where the plan was opened:\n" + s);
    }

    @Test
    void ctrlCQuitsWhenNoTryIsPending() throws Exception {
        terminal.queue.add(new com.googlecode.lanterna.input.KeyStroke('c', true, false));
        console.join(5000);
        assertFalse(console.isAlive(), "Ctrl-C quits");
    }

    /** Whether a client in the namespace gets a connection at {@code host:port}. */
    boolean accepts(String host, int port) throws Exception {
        return ns.call(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 2000);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void drainIsAskedFirstAndEOpensTheFrontendAgain() throws Exception {
        type("2"); // the frontends: ft_www 203.0.113.10:80 first
        type("d");
        await("drain ft_www? it stops accepting; connections finish (y/n)");
        await("y:drain ft_www  any other key: no");
        type("n");
        await("not drained: ft_www accepts as before");
        assertTrue(accepts("203.0.113.10", 80), "n drains nothing");

        type("d");
        await("drain ft_www?");
        type("y");
        await("frontend ft_www no longer accepts; its connections finish; e undoes it");
        String s = await("drained by an operator: e opens it again");
        assertTrue(s.contains("ft_www") && s.contains("DRAINED"), s);
        assertFalse(accepts("203.0.113.10", 80), "drained: no new connections");
        type("d");
        await("ft_www is drained already: e opens it again");

        type("e");
        await("frontend ft_www accepts again");
        assertTrue(accepts("203.0.113.10", 80), "listening again after e");
        assertFalse(screen().contains("DRAINED"), screen());
        type("e");
        await("ft_www is not drained: every bind listens");
    }
}
