package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shipped conf/switchboard.toml is the seed's appliance, and it reads as a person expects. */
class SeedConfigTest {
    static final Path SEED = Path.of("conf/switchboard.toml");

    static Config seed() {
        return assertInstanceOf(ConfigLoader.Loaded.class, ConfigLoader.load(SEED)).config();
    }

    @Test
    void seedHasFiveInterfacesWithMetricsZeroToFour() {
        Config config = seed();
        assertEquals(List.of("eth0", "eth1", "eth2", "eth3", "eth4"), List.copyOf(config.interfaces().keySet()));
        for (int i = 0; i < 5; i++) {
            InterfaceSpec spec = config.interfaces().get("eth" + i);
            assertEquals(i, spec.metric().getAsLong(), "metric of eth" + i);
            assertTrue(spec.addresses().get(0).contains(spec.gateway().orElseThrow()), "gateway of eth" + i + " is on its network");
            assertEquals(LinkState.UP, spec.state());
        }
        assertEquals(60, config.appliance().confirmTimeoutSeconds());
    }

    @Test
    void wwwIsUnpinnedAndExchangeIsPinnedToTheLan() {
        Config config = seed();
        FrontendSpec www = config.frontends().get("ft_www");
        assertEquals(Mode.HTTP, www.mode());
        assertTrue(www.binds().stream().allMatch(b -> b.interfaceName().isEmpty()));
        FrontendSpec exchange = config.frontends().get("ft_exchange");
        assertEquals("bk_exchange", exchange.backend());
        assertTrue(exchange.binds().stream().anyMatch(b -> b.interfaceName().equals(Optional.of("eth2"))
                && b.address().toString().equals("10.2.0.10:443")));
        assertEquals(Timeouts.defaults(), exchange.timeouts());
    }

    @Test
    void backendsKeepWeightsBalanceAndHealth() {
        Config config = seed();
        BackendSpec exchange = config.backends().get("bk_exchange");
        assertEquals(Balance.LEASTCONN, exchange.balance());
        assertEquals(List.of(1, 2), exchange.servers().stream().map(ServerSpec::weight).toList());
        assertEquals(new HealthSpec(2, 2, 3, Optional.empty()), exchange.health().orElseThrow());
        assertEquals(Optional.of("/"), config.backends().get("bk_www").health().orElseThrow().path());
        assertEquals("5 interfaces, 2 frontends (3 binds), 2 backends (4 servers)", config.summary());
    }
}
