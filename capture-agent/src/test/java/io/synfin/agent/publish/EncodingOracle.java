package io.synfin.agent.publish;

import io.synfin.agent.decode.DecodedSegment;
import io.synfin.core.flow.FlowKey;
import io.synfin.schema.TcpSegment;
import io.synfin.schema.serde.DecodeResult;
import io.synfin.schema.serde.SingleObjectCodec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Checks a {@link SegmentEncoder}'s key and value for one decoded segment against the slow path it
 * replaces: {@code FlowKey.of(...).toBytes()} and {@code SingleObjectCodec.encode(segment.toAvro(...))},
 * byte for byte, and the value decodes back to a record equal to {@code toAvro}. Counts what it saw,
 * so a test can show its inputs reached every branch of the encoder.
 */
final class EncodingOracle {

    private static final SingleObjectCodec<TcpSegment> CODEC = SingleObjectCodec.forType(TcpSegment.class);

    long checked;
    long ipv6;
    long fragments;
    long twoVlans;
    long withOptions;
    long mss;
    long windowScale;
    long sackPermitted;
    long fourSackBlocks;
    long timestamps;
    long fullUnknownKinds;
    long negativeIpId;
    long srcIsHigh;
    long sameAddressPortDecides;

    /** Throws an {@link AssertionError} naming {@code where} when the encoder differs from the slow path. */
    void check(DecodedSegment s, SegmentEncoder encoder, int domain, int agentId, String where) {
        byte[] src = s.copySrcAddr();
        byte[] dst = s.copyDstAddr();
        TcpSegment record = s.toAvro(domain, agentId);
        byte[] expectedValue = CODEC.encode(record);
        byte[] value = encoder.value(s, src, dst);
        if (!Arrays.equals(value, expectedValue)) {
            throw new AssertionError(String.format("%s: value of %s%n expected %s%n      got %s", where, s,
                    HexFormat.of().formatHex(expectedValue), HexFormat.of().formatHex(value)));
        }
        DecodeResult<TcpSegment> back = CODEC.decode(value);
        if (!record.equals(back.valueOrNull())) {
            throw new AssertionError(String.format("%s: %s decoded back as %s", where, s, back));
        }
        byte[] expectedKey = FlowKey.of(domain, src, s.srcPort(), dst, s.dstPort()).toBytes();
        byte[] key = encoder.key(s, src, dst);
        if (!Arrays.equals(key, expectedKey)) {
            throw new AssertionError(String.format("%s: key of %s%n expected %s%n      got %s", where, s,
                    HexFormat.of().formatHex(expectedKey), HexFormat.of().formatHex(key)));
        }
        tally(s, src, dst);
    }

    private void tally(DecodedSegment s, byte[] src, byte[] dst) {
        checked++;
        ipv6 += s.ipVersion() == 6 ? 1 : 0;
        fragments += s.isFragment() ? 1 : 0;
        twoVlans += s.vlanCount() == 2 ? 1 : 0;
        withOptions += s.hasOptions() ? 1 : 0;
        mss += s.mss() >= 0 ? 1 : 0;
        windowScale += s.windowScale() >= 0 ? 1 : 0;
        sackPermitted += s.sackPermitted() ? 1 : 0;
        fourSackBlocks += s.sackBlockCount() == DecodedSegment.MAX_SACK_BLOCKS ? 1 : 0;
        timestamps += s.hasTimestamps() ? 1 : 0;
        fullUnknownKinds += s.unknownKindCount() == DecodedSegment.MAX_UNKNOWN_KINDS ? 1 : 0;
        negativeIpId += s.ipId() < 0 ? 1 : 0;
        int order = FlowKey.compareEndpoints(src, s.srcPort(), dst, s.dstPort());
        srcIsHigh += order > 0 ? 1 : 0;
        sameAddressPortDecides += Arrays.equals(src, dst) && s.srcPort() != s.dstPort() ? 1 : 0;
    }
}
