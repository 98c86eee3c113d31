package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The small value types: literals, prefixes, host:port, names, overlaps, suggestions. */
class ValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "0.0.0.0", "255.255.255.255", "::", "2001:db8::1", "fe80::1", "::ffff:10.0.0.1"})
    void literalsParse(String text) {
        assertTrue(IpLiteral.parse(text).isPresent(), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.com", "10.0.0", "10.0.0.1.2", "256.0.0.1", "01.2.3.4", "1.2.3.4 ",
            "2001:db8::1::2", "fe80::1%eth0", "gggg::1", "abc", "10.0.0.-1",
            "::00001", "00000000000000000000001::1", "::01.2.3.4", "::1.2.3.4:1", "::1.2.3"})
    void nonLiteralsAreRejectedWithoutResolving(String text) {
        assertEquals(Optional.empty(), IpLiteral.parse(text), text);
    }

    @ParameterizedTest
    @CsvSource({"2001:db8:0:0:0:0:0:10, 2001:db8::10", "0:0:0:0:0:0:0:0, ::", "0:0:0:0:0:0:0:1, ::1", "fe80:0:0:0:0:0:0:1, fe80::1",
            "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1", "2001:0:0:1:0:0:0:1, 2001:0:0:1::1", "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", "10.0.0.1, 10.0.0.1"})
    void addressesPrintInTheirShortForm(String text, String shown) {
        assertEquals(shown, IpLiteral.format(IpLiteral.parse(text).orElseThrow()));
    }

    @ParameterizedTest
    @CsvSource({"10.2.0.10/24, 10.2.0.1, true", "10.2.0.10/24, 10.2.1.1, false", "10.2.0.10/23, 10.2.1.1, true",
            "10.2.0.10/32, 10.2.0.10, true", "10.2.0.10/0, 8.8.8.8, true", "10.2.0.10/25, 10.2.0.200, false",
            "2001:db8::10/64, 2001:db8::1, true", "2001:db8::10/64, 2001:db9::1, false", "10.0.0.1/8, ::1, false"})
    void cidrContains(String cidr, String address, boolean inside) {
        assertEquals(inside, Cidr.parse(cidr).orElseThrow().contains(IpLiteral.parse(address).orElseThrow()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "10.0.0.1/33", "2001:db8::1/129", "10.0.0.1/a", "10.0.0.1/24/1", "/24", "x/24"})
    void badCidrs(String text) {
        assertEquals(Optional.empty(), Cidr.parse(text), text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0.0.0.0:443|0.0.0.0:443", "[::]:80|[::]:80",
            "[2001:db8::1]:8443|[2001:db8::1]:8443", "10.2.0.10:65535|10.2.0.10:65535"})
    void hostPorts(String text, String shown) {
        assertEquals(shown, HostPort.parse(text).orElseThrow().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "0.0.0.0:0", "0.0.0.0:65536", ":443", "2001:db8::1:443", "[10.0.0.1]:80",
            "[::1:80", "host:80", "10.0.0.1:http", "10.0.0.1:0080", "10.0.0.1:00", "[::00001]:80"})
    void badHostPorts(String text) {
        assertEquals(Optional.empty(), HostPort.parse(text), text);
    }

    @ParameterizedTest
    @CsvSource({"eth0, true", "eth1.100, true", "enp3s0f1, true", "a, true", "123456789012345, true",
            "1234567890123456, false", "., false", ".., false", "eth/0, false", "eth:0, false", "'eth 0', false", "'', false",
            "v%d, false", "ethé, false"})
    void interfaceNames(String name, boolean valid) {
        assertEquals(valid, LinuxNames.isValidInterfaceName(name), name);
    }

    @Test
    void bindOverlap() {
        BindSpec any443 = bind("0.0.0.0:443", null);
        BindSpec lan443 = bind("10.2.0.10:443", "eth2");
        BindSpec anyEth2 = bind("0.0.0.0:443", "eth2");
        BindSpec anyEth3 = bind("0.0.0.0:443", "eth3");
        assertTrue(any443.overlaps(lan443), "the unpinned wildcard takes the port on every address");
        assertTrue(lan443.overlaps(anyEth2));
        assertFalse(anyEth2.overlaps(anyEth3), "pinned to different interfaces, a port can be shared");
        assertFalse(any443.overlaps(bind("0.0.0.0:80", null)));
        assertFalse(any443.overlaps(bind("[::]:443", null)), "families are apart");
        assertFalse(lan443.overlaps(bind("10.3.0.10:443", "eth2")));
    }

    @Test
    void suggestions() {
        assertEquals(Optional.of("gateway"), Suggest.closest("gatway", List.of("addresses", "gateway", "metric")));
        assertEquals(Optional.of("metric"), Suggest.closest("mteric", List.of("addresses", "gateway", "metric")));
        assertEquals(Optional.empty(), Suggest.closest("colour", List.of("addresses", "gateway", "metric")));
    }

    private static BindSpec bind(String address, String iface) {
        return new BindSpec(HostPort.parse(address).orElseThrow(), Optional.ofNullable(iface), false, false);
    }
}
