package io.synfin.bench.decode;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Builds the benchmark's traffic mix as Ethernet frames: 55% plain IPv4 ACKs, 20% IPv4 data
 * segments with timestamps, 5% SYNs with MSS/SACK-permitted/timestamps/window scale, 10% IPv6
 * ACKs with timestamps, 10% 802.1Q-tagged IPv4 data. Addresses, ports and numbers are random.
 */
final class BenchFrames {

    private static final int ETHERNET_LEN = 14;
    private static final int IPV4_LEN = 20;
    private static final int IPV6_LEN = 40;
    private static final int DATA_LEN = 1448;

    private final SplittableRandom random;

    BenchFrames(SplittableRandom random) {
        this.random = random;
    }

    byte[] next() {
        int pick = random.nextInt(100);
        if (pick < 55) {
            return ipv4(false, 0x10, new byte[0], 0);
        } else if (pick < 75) {
            return ipv4(false, 0x18, timestamps(), DATA_LEN);
        } else if (pick < 80) {
            return ipv4(false, 0x02, synOptions(), 0);
        } else if (pick < 90) {
            return ipv6(timestamps());
        }
        return ipv4(true, 0x18, timestamps(), DATA_LEN);
    }

    private byte[] ipv4(boolean vlan, int flags, byte[] options, int payload) {
        int tcpLen = 20 + options.length;
        int ipLen = IPV4_LEN + tcpLen + payload;
        int l2 = ETHERNET_LEN + (vlan ? 4 : 0);
        // Ethernet pads to 60 bytes; the padding is not payload.
        ByteBuffer frame = ByteBuffer.allocate(Math.max(60, l2 + ipLen));
        ethernet(frame, vlan, 0x0800);
        frame.put((byte) 0x45).put((byte) 0).putShort((short) ipLen).putShort((short) random.nextInt(65536))
                .putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0)
                .putInt(0x0A000000 | random.nextInt(1 << 16)).putInt(0x0A010000 | random.nextInt(1 << 16));
        tcp(frame, flags, options);
        return frame.array();
    }

    private byte[] ipv6(byte[] options) {
        int tcpLen = 20 + options.length;
        ByteBuffer frame = ByteBuffer.allocate(ETHERNET_LEN + IPV6_LEN + tcpLen);
        ethernet(frame, false, 0x86DD);
        frame.putInt(0x60000000).putShort((short) tcpLen).put((byte) 6).put((byte) 64)
                .putLong(0x20010DB800000000L).putLong(random.nextLong())
                .putLong(0x20010DB800000001L).putLong(random.nextLong());
        tcp(frame, 0x10, options);
        return frame.array();
    }

    private void ethernet(ByteBuffer frame, boolean vlan, int type) {
        frame.putInt(0x00112233).putShort((short) 0x4455).putInt(0x66778899).putShort((short) 0xAABB);
        if (vlan) {
            frame.putShort((short) 0x8100).putShort((short) (1 + random.nextInt(4094)));
        }
        frame.putShort((short) type);
    }

    private void tcp(ByteBuffer frame, int flags, byte[] options) {
        int dataOffset = (20 + options.length) / 4;
        frame.putShort((short) (1024 + random.nextInt(60000))).putShort((short) 443)
                .putInt(random.nextInt()).putInt(random.nextInt())
                .putShort((short) (dataOffset << 12 | flags)).putShort((short) random.nextInt(65536))
                .putShort((short) 0).putShort((short) 0).put(options);
    }

    private byte[] timestamps() {
        // NOP NOP TS, the 12 option bytes Linux sends on every segment (RFC 7323 Appendix A layout).
        return ByteBuffer.allocate(12).put((byte) 1).put((byte) 1).put((byte) 8).put((byte) 10)
                .putInt(random.nextInt()).putInt(random.nextInt()).array();
    }

    private byte[] synOptions() {
        // MSS, SACK-permitted, timestamps, NOP, window scale: Linux's SYN, 20 bytes.
        return ByteBuffer.allocate(20).put((byte) 2).put((byte) 4).putShort((short) 1460)
                .put((byte) 4).put((byte) 2).put((byte) 8).put((byte) 10).putInt(random.nextInt()).putInt(0)
                .put((byte) 1).put((byte) 3).put((byte) 3).put((byte) 7).array();
    }
}
