package io.synfin.agent.publish;

import io.synfin.agent.capture.LinkType;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Builds random frames the decoder accepts: Ethernet (up to two VLAN tags) or raw IP, IPv4 with header
 * options or IPv6 with hop-by-hop and fragment headers, first fragments, and a TCP header whose options
 * are a random valid mix (MSS, window scale, SACK permitted, SACK blocks, timestamps, unknown kinds, NOP,
 * EOL with trailing garbage). Addresses and ports often coincide, so every tie of the flow key ordering
 * is reached.
 */
final class RandomFrames {

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int[] VLAN_TPIDS = {0x8100, 0x88A8, 0x9100};
    private static final int TCP = 6;
    private static final int HOP_BY_HOP = 0;
    private static final int FRAGMENT = 44;
    private static final int MAX_PAYLOAD = 64;

    private final SplittableRandom random;
    private final ByteBuffer out = ByteBuffer.allocate(2048);
    private int linkType;

    RandomFrames(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The link type of the frame {@link #next()} built last. */
    int linkType() {
        return linkType;
    }

    /** A new random frame: the buffer holds it from position 0 to its limit. */
    ByteBuffer next() {
        out.clear();
        boolean ipv6 = random.nextBoolean();
        if (random.nextInt(4) == 0) {
            linkType = LinkType.RAW;
        } else {
            linkType = LinkType.ETHERNET;
            putRandom(12);
            int vlans = random.nextInt(3);
            for (int i = 0; i < vlans; i++) {
                out.putShort((short) VLAN_TPIDS[random.nextInt(VLAN_TPIDS.length)]);
                out.putShort((short) random.nextInt(1 << 16));
            }
            out.putShort((short) (ipv6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4));
        }
        byte[] tcp = tcpSegment();
        if (ipv6) {
            ipv6Header(tcp.length);
        } else {
            ipv4Header(tcp.length);
        }
        out.put(tcp);
        out.flip();
        return out;
    }

    /** RFC 791 §3.1; the header checksum is not verified by the decoder, so it stays random. */
    private void ipv4Header(int tcpLength) {
        int optionWords = random.nextInt(8) == 0 ? 1 + random.nextInt(10) : 0;
        int headerLength = 20 + 4 * optionWords;
        out.put((byte) (0x40 | (headerLength / 4)));
        out.put((byte) random.nextInt(256));
        out.putShort((short) (headerLength + tcpLength));
        out.putShort((short) random.nextInt(1 << 16));
        // First fragments only (MF may be set, offset 0); DF and the reserved bit at random.
        int flags = (random.nextBoolean() ? 0x2000 : 0) | (random.nextBoolean() ? 0x4000 : 0) | (random.nextInt(16) == 0 ? 0x8000 : 0);
        out.putShort((short) flags);
        out.put((byte) random.nextInt(256));
        out.put((byte) TCP);
        out.putShort((short) random.nextInt(1 << 16));
        byte[] src = address(4);
        out.put(src);
        out.put(random.nextInt(4) == 0 ? src : address(4));
        putRandom(4 * optionWords);
    }

    /** RFC 8200 §3, with an optional hop-by-hop header (§4.3) and fragment header (§4.5, offset 0). */
    private void ipv6Header(int tcpLength) {
        boolean hopByHop = random.nextInt(4) == 0;
        boolean fragment = random.nextInt(4) == 0;
        int hopByHopUnits = random.nextInt(3);
        int extensions = (hopByHop ? 8 * (hopByHopUnits + 1) : 0) + (fragment ? 8 : 0);
        out.putInt(0x60000000 | random.nextInt(1 << 28));
        out.putShort((short) (extensions + tcpLength));
        out.put((byte) (hopByHop ? HOP_BY_HOP : fragment ? FRAGMENT : TCP));
        out.put((byte) random.nextInt(256));
        byte[] src = address(16);
        out.put(src);
        out.put(random.nextInt(4) == 0 ? src : address(16));
        if (hopByHop) {
            out.put((byte) (fragment ? FRAGMENT : TCP));
            out.put((byte) hopByHopUnits);
            putRandom(6 + 8 * hopByHopUnits);
        }
        if (fragment) {
            out.put((byte) TCP);
            out.put((byte) 0);
            out.putShort((short) (random.nextBoolean() ? 1 : 0));
            out.putInt(random.nextInt());
        }
    }

    /** An address that often shares its leading bytes with others, so comparisons reach the last byte. */
    private byte[] address(int length) {
        byte[] addr = new byte[length];
        int fixed = random.nextInt(length + 1);
        for (int i = 0; i < length; i++) {
            addr[i] = i < fixed ? (byte) (i * 17) : (byte) random.nextInt(256);
        }
        return addr;
    }

    /** RFC 9293 §3.1: header, random valid options, random payload. */
    private byte[] tcpSegment() {
        int optionLength = random.nextInt(3) == 0 ? 0 : 4 * (1 + random.nextInt(10));
        int payload = random.nextInt(4) == 0 ? 0 : random.nextInt(MAX_PAYLOAD);
        ByteBuffer tcp = ByteBuffer.allocate(20 + optionLength + payload);
        int srcPort = random.nextInt(1 << 16);
        tcp.putShort((short) srcPort);
        tcp.putShort((short) (random.nextInt(4) == 0 ? srcPort : random.nextInt(1 << 16)));
        tcp.putInt(random.nextInt());
        tcp.putInt(random.nextInt());
        tcp.putShort((short) ((((20 + optionLength) / 4) << 12) | random.nextInt(1 << 12)));
        tcp.putShort((short) random.nextInt(1 << 16));
        tcp.putInt(random.nextInt());
        options(tcp, optionLength);
        while (tcp.hasRemaining()) {
            tcp.put((byte) random.nextInt(256));
        }
        return tcp.array();
    }

    private void options(ByteBuffer tcp, int length) {
        int end = tcp.position() + length;
        if (length == 12 && random.nextBoolean()) {
            // RFC 7323 Appendix A layout: NOP, NOP, timestamps.
            tcp.putInt(0x0101080A).putInt(random.nextInt()).putInt(random.nextInt());
            return;
        }
        if (random.nextInt(16) == 0) {
            // Only 2-byte options of unknown kinds: more than the sink records.
            while (tcp.position() < end) {
                tcp.put((byte) (9 + random.nextInt(200))).put((byte) 2);
            }
            return;
        }
        while (tcp.position() < end) {
            int room = end - tcp.position();
            int choice = random.nextInt(16);
            if (choice == 0) {
                tcp.put((byte) 0);
                while (tcp.position() < end) {
                    tcp.put((byte) random.nextInt(256));
                }
            } else if (choice < 4 || room < 2) {
                tcp.put((byte) 1);
            } else if (choice == 4 && room >= 4) {
                tcp.put((byte) 2).put((byte) 4).putShort((short) random.nextInt(1 << 16));
            } else if (choice == 5 && room >= 3) {
                tcp.put((byte) 3).put((byte) 3).put((byte) random.nextInt(256));
            } else if (choice == 6) {
                tcp.put((byte) 4).put((byte) 2);
            } else if (choice < 10 && room >= 10) {
                int blocks = 1 + random.nextInt(Math.min(4, (room - 2) / 8));
                tcp.put((byte) 5).put((byte) (2 + 8 * blocks));
                for (int i = 0; i < 2 * blocks; i++) {
                    tcp.putInt(random.nextInt());
                }
            } else if (choice < 12 && room >= 10) {
                tcp.put((byte) 8).put((byte) 10).putInt(random.nextInt()).putInt(random.nextInt());
            } else {
                int kind = 6 + random.nextInt(250);
                int len = 2 + random.nextInt(Math.min(room, 8) - 1);
                tcp.put((byte) (kind == 8 ? 9 : kind)).put((byte) len);
                for (int i = 2; i < len; i++) {
                    tcp.put((byte) random.nextInt(256));
                }
            }
        }
    }

    private void putRandom(int count) {
        for (int i = 0; i < count; i++) {
            out.put((byte) random.nextInt(256));
        }
    }
}
