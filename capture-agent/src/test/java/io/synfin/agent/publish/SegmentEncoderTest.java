package io.synfin.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.agent.capture.LinkType;
import io.synfin.agent.decode.DecodeStatus;
import io.synfin.agent.decode.DecodedSegment;
import io.synfin.agent.decode.SegmentDecoder;
import io.synfin.schema.TcpSegment;
import io.synfin.schema.serde.SingleObjectCodec;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The direct encoder against the record + codec path it replaces, on 100k random decoded segments. */
class SegmentEncoderTest {

    private static final long SEED = 0xE4C0_DE5EL;
    private static final int RANDOM_FRAMES = 100_000;
    /** Domain and agent id pairs: small, zero, negative, and values whose varints take 3 to 5 bytes. */
    private static final int[][] IDS = {{1, 1}, {0, 0}, {-1, Integer.MIN_VALUE}, {Integer.MAX_VALUE, 70_000}, {300, -64}};

    private final SegmentDecoder decoder = new SegmentDecoder();
    private final DecodedSegment segment = new DecodedSegment();

    @Test
    void randomSegmentsEncodeExactlyAsTheCodecAndDecodeBack() {
        SplittableRandom random = new SplittableRandom(SEED);
        RandomFrames frames = new RandomFrames(SEED);
        SegmentEncoder[] encoders = new SegmentEncoder[IDS.length];
        for (int i = 0; i < IDS.length; i++) {
            encoders[i] = new SegmentEncoder(IDS[i][0], IDS[i][1]);
        }
        EncodingOracle oracle = new EncodingOracle();

        for (int i = 0; i < RANDOM_FRAMES; i++) {
            ByteBuffer frame = frames.next();
            int length = frame.limit();
            DecodeStatus status = decoder.decode(frames.linkType(), frame, 0, length, length, segment);
            assertThat(status).as("frame %d: %s", i, HexFormat.of().formatHex(frame.array(), 0, length))
                    .isEqualTo(DecodeStatus.OK);
            // Any capture time, negative and past 2^53 included: ts is a plain long in the schema.
            segment.setTsMicros(random.nextInt(4) == 0 ? random.nextLong() : 1_700_000_000_000_000L + random.nextInt());
            int which = i % IDS.length;
            oracle.check(segment, encoders[which], IDS[which][0], IDS[which][1], "random frame " + i);
        }

        assertThat(oracle.checked).isEqualTo(RANDOM_FRAMES);
        // The inputs reached every branch of the encoder and every tie of the key order.
        Map<String, Long> reached = new LinkedHashMap<>();
        reached.put("IPv6", oracle.ipv6);
        reached.put("fragment", oracle.fragments);
        reached.put("two VLAN tags", oracle.twoVlans);
        reached.put("options", oracle.withOptions);
        reached.put("MSS", oracle.mss);
        reached.put("window scale", oracle.windowScale);
        reached.put("SACK permitted", oracle.sackPermitted);
        reached.put("four SACK blocks", oracle.fourSackBlocks);
        reached.put("timestamps", oracle.timestamps);
        reached.put("all unknown-kind slots", oracle.fullUnknownKinds);
        reached.put("negative ip_id", oracle.negativeIpId);
        reached.put("source is the higher endpoint", oracle.srcIsHigh);
        reached.put("same address, ports decide", oracle.sameAddressPortDecides);
        assertThat(reached).allSatisfy((what, count) -> assertThat(count).as(what).isGreaterThan(100));
        assertThat(oracle.withOptions).isLessThan(RANDOM_FRAMES);
    }

    @Test
    void valueStartsWithTheMarkerAndTheSchemaFingerprintLittleEndian() {
        decodeAck();
        SegmentEncoder encoder = new SegmentEncoder(7, 9);
        byte[] value = encoder.value(segment, segment.copySrcAddr(), segment.copyDstAddr());

        long fingerprint = SingleObjectCodec.forType(TcpSegment.class).fingerprint();
        assertThat(value[0]).isEqualTo((byte) 0xC3);
        assertThat(value[1]).isEqualTo((byte) 0x01);
        assertThat(ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(fingerprint);
        // SPEC §3: a plain IPv4 ACK encodes to at most 48 bytes after the 10-byte header.
        assertThat(value.length - SegmentEncoder.HEADER_LENGTH).isLessThanOrEqualTo(48);
    }

    @Test
    void bothDirectionsOfAConnectionGetTheSameKey() {
        decodeAck();
        SegmentEncoder encoder = new SegmentEncoder(3, 3);
        byte[] forward = encoder.key(segment, segment.copySrcAddr(), segment.copyDstAddr());
        decode(ack(new byte[] {10, 0, 0, 2}, 80, new byte[] {10, 0, 0, 1}, 40_000));
        byte[] reverse = encoder.key(segment, segment.copySrcAddr(), segment.copyDstAddr());

        assertThat(reverse).isEqualTo(forward);
        // domain 3, IPv4, 10.0.0.1:40000 (the lower endpoint), 10.0.0.2:80
        assertThat(HexFormat.of().formatHex(forward)).isEqualTo("00000003" + "04" + "0a000001" + "9c40" + "0a000002" + "0050");
    }

    @Test
    void encodingAllocatesOnlyTheKeyAndTheValue() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        decodeAck();
        SegmentEncoder encoder = new SegmentEncoder(1, 1);
        byte[] src = segment.copySrcAddr();
        byte[] dst = segment.copyDstAddr();
        int keyLength = encoder.key(segment, src, dst).length;
        int valueLength = encoder.value(segment, src, dst).length;
        long arrays = arrayBytes(keyLength) + arrayBytes(valueLength);
        int rounds = 20_000;
        long sink = 0;

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < rounds; i++) {
            sink += encoder.key(segment, src, dst).length + encoder.value(segment, src, dst).length;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(sink).isEqualTo((long) rounds * (keyLength + valueLength));
        // Two arrays per segment and nothing else; the slack covers the counter's own bookkeeping.
        assertThat(allocated).isLessThanOrEqualTo(rounds * arrays + 4096);
    }

    /** Array object size with a 16-byte header, 8-byte aligned (HotSpot, 64-bit, compressed class pointers). */
    private static long arrayBytes(int length) {
        return (16 + length + 7) & ~7L;
    }

    private void decodeAck() {
        decode(ack(new byte[] {10, 0, 0, 1}, 40_000, new byte[] {10, 0, 0, 2}, 80));
    }

    private void decode(byte[] frame) {
        assertThat(decoder.decode(LinkType.RAW, ByteBuffer.wrap(frame), 0, frame.length, frame.length, segment))
                .isEqualTo(DecodeStatus.OK);
        segment.setTsMicros(1_700_000_000_123_456L);
    }

    /** A raw IPv4 datagram (RFC 791) carrying a bare 20-byte TCP ACK (RFC 9293). */
    private static byte[] ack(byte[] src, int srcPort, byte[] dst, int dstPort) {
        ByteBuffer ip = ByteBuffer.allocate(40);
        ip.put((byte) 0x45).put((byte) 0).putShort((short) 40).putShort((short) 0x1234).putShort((short) 0x4000);
        ip.put((byte) 64).put((byte) 6).putShort((short) 0).put(src).put(dst);
        ip.putShort((short) srcPort).putShort((short) dstPort).putInt(1000).putInt(2000);
        ip.putShort((short) 0x5010).putShort((short) 502).putInt(0);
        return ip.array();
    }
}
