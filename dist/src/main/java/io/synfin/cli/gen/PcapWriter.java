package io.synfin.cli.gen;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@link SyntheticTraffic} as a classic pcap file (microsecond timestamps, little-endian,
 * LINKTYPE_ETHERNET) of Ethernet/IPv4/TCP frames, keeping only the first {@code snaplen} bytes of each
 * frame as a header-only tap would. IPv4 header checksums are right; TCP checksums are left zero
 * because the payload is not kept.
 */
public final class PcapWriter implements AutoCloseable {

    private static final int ETHERNET = 14;
    private static final int IPV4 = 20;
    private static final int TCP = 20;

    private final OutputStream out;
    private final int snaplen;
    private final ByteBuffer record;
    private int ipId;

    public PcapWriter(Path file, int snaplen) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
        this.snaplen = snaplen;
        this.record = ByteBuffer.allocate(16 + Math.max(snaplen, ETHERNET + IPV4 + TCP));
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(snaplen).putInt(1);
        out.write(header.array());
    }

    public void write(SyntheticTraffic.Packet p) throws IOException {
        int wire = ETHERNET + IPV4 + TCP + p.payloadLen;
        int captured = Math.min(wire, snaplen);
        ByteBuffer r = record.clear();
        r.order(ByteOrder.LITTLE_ENDIAN);
        r.putInt((int) (p.tsMicros / 1_000_000)).putInt((int) (p.tsMicros % 1_000_000)).putInt(captured).putInt(wire);
        r.order(ByteOrder.BIG_ENDIAN);
        int frame = r.position();
        // Ethernet: locally administered MACs derived from the addresses, EtherType IPv4
        r.putShort((short) 0x0200).putInt(p.dstAddr).putShort((short) 0x0200).putInt(p.srcAddr).putShort((short) 0x0800);
        int ip = r.position();
        r.put((byte) 0x45).put((byte) 0).putShort((short) (IPV4 + TCP + p.payloadLen)).putShort((short) ipId++)
                .putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0).putInt(p.srcAddr).putInt(p.dstAddr);
        r.putShort(ip + 10, checksum(r, ip, IPV4));
        r.putShort((short) p.srcPort).putShort((short) p.dstPort).putInt(p.seq).putInt(p.ack)
                .putShort((short) (0x5000 | p.flags)).putShort((short) p.window).putShort((short) 0).putShort((short) 0);
        int end = frame + captured;
        while (r.position() < end) {
            r.put((byte) 0); // the kept part of the payload
        }
        out.write(r.array(), 0, end);
    }

    private static short checksum(ByteBuffer b, int from, int length) {
        int sum = 0;
        for (int i = from; i < from + length; i += 2) {
            sum += b.getShort(i) & 0xFFFF;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (short) ~sum;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
