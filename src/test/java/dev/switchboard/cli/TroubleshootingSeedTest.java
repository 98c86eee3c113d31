package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.net.Netns;
import dev.switchboard.net.Requests.RouteOp;
import dev.switchboard.proxy.BindStatus;
import dev.switchboard.proxy.Proxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's scenario, end to end: the seed box applied in a namespace, its LAN behind eth2's
 * gateway with a client at 10.20.0.5, the proxy listening. Strict rp_filter on eth2 and forwarding
 * on: the LAN client cannot reach the bind pinned to eth2, doctor exits 1 naming both with the
 * fixes; the snapshot read on the host, with no engine, gives the same findings and explain the
 * same reply paths as live; after the fixes doctor exits 0 and the client gets through.
 */
class TroubleshootingSeedTest {
    @TempDir
    Path dir;

    @Test
    void strictRpFilterOnEth2AndForwardingFoundExplainedAndFixed() throws Exception {
        try (Netns box = Netns.create("ts-box"); Netns router = Netns.create("ts-lan-gw"); Netns client = Netns.create("ts-lan-client")) {
            scenario(box, router, client);
        }
    }

    void scenario(Netns box, Netns router, Netns client) throws Exception {
        for (int i = 0; i < 5; i++) {
            if (i == 2) {
                box.kernel().addVeth("eth2", "in2", router.fd());
                router.kernel().setUp("in2", true);
            } else {
                box.kernel().addVeth("eth" + i, "peer" + i, -1);
                box.kernel().setUp("peer" + i, true);
            }
        }
        router.kernel().addAddress("in2", IpLiteral.parse("10.2.0.1").orElseThrow(), 24);
        router.kernel().addVeth("out2", "c0", client.fd());
        router.kernel().setUp("out2", true);
        router.kernel().addAddress("out2", IpLiteral.parse("10.20.0.1").orElseThrow(), 24);
        router.kernel().setIpv4Forwarding("in2", true);
        router.kernel().setIpv4Forwarding("out2", true);
        client.kernel().setUp("c0", true);
        client.kernel().addAddress("c0", IpLiteral.parse("10.20.0.5").orElseThrow(), 24);
        client.kernel().changeDefaultRoute(RouteOp.ADD, IpLiteral.parse("10.20.0.1").orElseThrow(), "c0", 0, 4);

        Path configFile = dir.resolve("switchboard.toml");
        Files.copy(Path.of("conf/switchboard.toml"), configFile);
        String[] global = {"--state-dir", dir.resolve("state").toString(), "--socket", dir.resolve("none.sock").toString(),
                "--config", configFile.toString()};
        CheckCommandTest.Run apply = box.call(() -> CheckCommandTest.run(Map.of(), DoctorCommandTest.concat(global, "apply")));
        assertEquals(0, apply.code(), apply.err());
        Config config = ((ConfigLoader.Loaded) ConfigLoader.parse(Files.readString(configFile), configFile.toString())).config();
        try (Proxy proxy = box.call(() -> Proxy.start(config, 1, box.threads(), line -> { }))) {
            brokenFoundExplainedAndFixed(proxy, box, client, configFile);
        }
    }

    void brokenFoundExplainedAndFixed(Proxy proxy, Netns box, Netns client, Path configFile) throws Exception {
        String[] global = {"--state-dir", dir.resolve("state").toString(), "--socket", dir.resolve("none.sock").toString(),
                "--config", configFile.toString()};
        assertTrue(proxy.binds().stream().allMatch(BindStatus::listening), proxy.binds().toString());
        client.call(() -> connect("10.2.0.10", 443)); // the healthy box: the LAN client gets through

        try {
            box.call(() -> {
                Files.writeString(Path.of("/proc/sys/net/ipv4/conf/eth2/rp_filter"), "1\n");
                return Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "1\n");
            });
        } catch (IOException e) {
            Assumptions.abort("cannot write /proc/sys/net in a namespace here: " + e);
        }
        assertThrows(SocketTimeoutException.class, () -> client.call(() -> connect("10.2.0.10", 443)),
                "strict rp_filter drops the LAN client's SYN: the kernel's way back to 10.20.0.5 is eth0");

        CheckCommandTest.Run doctor = box.call(() -> CheckCommandTest.run(Map.of(), DoctorCommandTest.concat(global, "doctor")));
        assertEquals(1, doctor.code(), doctor.out() + doctor.err());
        assertTrue(doctor.out().contains("\nfail  net.ipv4.ip_forward  is 1: "), doctor.out());
        assertTrue(doctor.out().contains("(fix: sysctl -w net.ipv4.ip_forward=0"), doctor.out());
        assertTrue(doctor.out().contains("\nfail  rp_filter eth2  is strict (1) (the larger of all's and eth2's): it drops the clients of"
                + " ft_exchange 10.2.0.10:443 arriving on eth2, since the kernel's way back to them is eth0  (fix: loose mode: sysctl -w"
                + " net.ipv4.conf.eth2.rp_filter=2"), doctor.out());

        String[] explain = {"explain", "10.20.0.5", "--frontend", "ft_exchange"};
        CheckCommandTest.Run live = box.call(() -> CheckCommandTest.run(Map.of(), DoctorCommandTest.concat(global, explain)));
        assertEquals(0, live.code(), live.out() + live.err());
        assertTrue(live.out().contains("\nft_exchange 10.2.0.10:443 interface eth2\n"
                + "  decided by  pin: interface = \"eth2\" (SO_BINDTODEVICE); within it, main table (32766: from all lookup main)\n"
                + "  route       default via 10.2.0.1 dev eth2 metric 2 proto switchboard\n"
                + "  leaves by   eth2 via 10.2.0.1, source 10.2.0.10\n"
                + "  arrives on  eth2: the interface replies leave by\n"), live.out());
        assertTrue(live.out().contains("\n  leaves by   eth0 via 203.0.113.1, source 203.0.113.10\n"), live.out());

        Path file = dir.resolve("seed.json");
        CheckCommandTest.Run taken = box.call(() -> CheckCommandTest.run(Map.of(), DoctorCommandTest.concat(global, "snapshot", "-o",
                file.toString())));
        assertEquals(0, taken.code(), taken.err());
        CheckCommandTest.Run offline = CheckCommandTest.run("doctor", "--snapshot", file.toString());
        assertEquals(1, offline.code());
        assertEquals(doctor.out().lines().skip(1).toList(), offline.out().lines().skip(1).toList(), "the same findings from the file");
        CheckCommandTest.Run explained = CheckCommandTest.run("explain", "10.20.0.5", "--frontend", "ft_exchange", "--snapshot", file.toString());
        assertEquals(0, explained.code(), explained.err());
        assertEquals(live.out().lines().skip(1).toList(), explained.out().lines().skip(1).toList(), "the same reply paths from the file");

        box.call(() -> {
            Files.writeString(Path.of("/proc/sys/net/ipv4/conf/eth2/rp_filter"), "2\n");
            return Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "0\n");
        });
        CheckCommandTest.Run fixed = box.call(() -> CheckCommandTest.run(Map.of(), DoctorCommandTest.concat(global, "doctor")));
        assertEquals(0, fixed.code(), fixed.out());
        assertTrue(fixed.out().contains("\nok    rp_filter eth2  is 2 (loose) for ft_exchange 10.2.0.10:443"), fixed.out());
        client.call(() -> connect("10.2.0.10", 443));
    }

    static Void connect(String address, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1500);
        }
        return null;
    }
}
