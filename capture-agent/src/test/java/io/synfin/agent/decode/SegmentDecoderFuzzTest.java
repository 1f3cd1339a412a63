package io.synfin.agent.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.agent.capture.LinkType;
import io.synfin.core.segment.Segment;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A million and more frames, random and mutated from every valid fixture with a fixed seed: nothing
 * escapes the decoder, every frame ends as exactly one status, and every OK is a usable segment.
 * The buffer's limit is set to the end of the captured bytes, so a read past them would throw.
 */
class SegmentDecoderFuzzTest {

    private static final long SEED = 0x5EED_F1A6L;
    private static final int FRAMES = 1_200_000;
    private static final int MAX_EXTENSION = 64;
    private static final int MAX_OFFSET = 16;
    private static final int[] LINK_TYPES = {
        LinkType.NULL, LinkType.ETHERNET, LinkType.RAW, LinkType.LOOP, LinkType.LINUX_SLL, LinkType.IPV4,
        LinkType.IPV6, LinkType.LINUX_SLL2, LinkType.DLT_RAW_12, LinkType.DLT_RAW_14, 147, -1
    };

    private final SplittableRandom random = new SplittableRandom(SEED);
    private final List<Fixtures.Frame> seeds = Fixtures.all();
    private final byte[] bytes = new byte[MAX_OFFSET + 256 + MAX_EXTENSION];
    private final ByteBuffer buffer = ByteBuffer.wrap(bytes);

    @Test
    void everyFrameEndsAsExactlyOneStatusAndNothingEscapes() {
        SegmentDecoder plain = new SegmentDecoder(false);
        SegmentDecoder verifying = new SegmentDecoder(true);
        DecodedSegment out = new DecodedSegment();
        long segments = 0;

        for (int i = 0; i < FRAMES; i++) {
            int offset = random.nextInt(MAX_OFFSET);
            int linkType;
            int capturedLength;
            if (random.nextInt(5) == 0) {
                linkType = LINK_TYPES[random.nextInt(LINK_TYPES.length)];
                capturedLength = random.nextInt(200);
                for (int b = 0; b < capturedLength; b++) {
                    bytes[offset + b] = (byte) random.nextInt(256);
                }
            } else {
                Fixtures.Frame seed = seeds.get(random.nextInt(seeds.size()));
                linkType = seed.linkType();
                capturedLength = mutate(seed.bytes(), offset);
            }
            int originalLength = originalLength(capturedLength);
            buffer.limit(offset + capturedLength);
            SegmentDecoder decoder = (i & 1) == 0 ? plain : verifying;
            DecodeStatus status;
            try {
                status = decoder.decode(linkType, buffer, offset, capturedLength, originalLength, out);
            } catch (RuntimeException e) {
                throw new AssertionError("frame " + i + " link type " + linkType + " original " + originalLength + ": "
                        + HexFormat.of().formatHex(bytes, offset, offset + capturedLength), e);
            }
            if (status == DecodeStatus.OK) {
                segments++;
                assertUsable(out, i);
            }
        }

        DecodeCounters all = new DecodeCounters();
        all.addAll(plain.counters());
        all.addAll(verifying.counters());
        assertThat(all.total()).isEqualTo(FRAMES);
        assertThat(all.count(DecodeStatus.OK)).isEqualTo(segments);
        // The mutations reach every outcome, so the invariants above were tested on each path.
        for (DecodeStatus status : DecodeStatus.values()) {
            assertThat(all.count(status)).as("%s in %s", status, all.summary()).isPositive();
        }
    }

    /** Copies a seed to {@code offset} and applies 1 to 4 random mutations; returns the captured length. */
    private int mutate(byte[] seed, int offset) {
        System.arraycopy(seed, 0, bytes, offset, seed.length);
        int length = seed.length;
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && length > 0; m++) {
            switch (random.nextInt(4)) {
                case 0 -> bytes[offset + random.nextInt(length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[offset + random.nextInt(length)] = (byte) random.nextInt(256);
                case 2 -> length = random.nextInt(length + 1);
                default -> {
                    int extra = Math.min(random.nextInt(MAX_EXTENSION), bytes.length - offset - length);
                    for (int b = 0; b < extra; b++) {
                        bytes[offset + length + b] = (byte) random.nextInt(256);
                    }
                    length += extra;
                }
            }
        }
        return length;
    }

    /** Mostly the captured length; sometimes a snaplen cut, a smaller or an absurd wire length. */
    private int originalLength(int capturedLength) {
        return switch (random.nextInt(8)) {
            case 0 -> capturedLength + random.nextInt(1500);
            case 1 -> random.nextInt(capturedLength + 1);
            case 2 -> random.nextBoolean() ? Integer.MAX_VALUE : -1 - random.nextInt(1000);
            default -> capturedLength;
        };
    }

    private static void assertUsable(DecodedSegment out, int frame) {
        if (out.ipVersion() != 4 && out.ipVersion() != 6
                || out.tcpHeaderLen() < 20 || out.tcpHeaderLen() > 60
                || out.payloadLen() < 0
                || out.ipTotalLen() < out.tcpHeaderLen() + out.payloadLen()
                || out.sackBlockCount() > DecodedSegment.MAX_SACK_BLOCKS
                || out.vlanCount() > DecodedSegment.MAX_VLANS) {
            throw new AssertionError("frame " + frame + " decoded to an impossible segment: " + out);
        }
        Segment segment = out.toSegment(1);
        if (segment.payloadLen() != out.payloadLen() || (frame & 63) == 0 && out.toAvro(1, 1).getSeq() < 0) {
            throw new AssertionError("frame " + frame + " converted wrongly: " + out);
        }
    }
}
