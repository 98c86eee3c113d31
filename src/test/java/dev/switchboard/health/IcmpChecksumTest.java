package dev.switchboard.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Internet checksum raw IPv4 echo requests carry (the kernel fills it in for every other kind). */
class IcmpChecksumTest {
    @Test
    void rfc1071sExample() {
        byte[] data = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertEquals(0x220d, IcmpProbe.checksum(data)); // the one's complement of RFC 1071's sum, 0xddf2
    }

    @Test
    void aPacketWithItsChecksumSumsToZero() {
        byte[] packet = {8, 0, 0, 0, 0x12, 0x34, 0, 1, 'a', 'b', 'c'};
        int sum = IcmpProbe.checksum(packet);
        packet[2] = (byte) (sum >> 8);
        packet[3] = (byte) sum;
        assertEquals(0, IcmpProbe.checksum(packet));
    }
}
