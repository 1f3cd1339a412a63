package io.synfin.agent.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.agent.capture.LinkType;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The checksum switch: good and bad sums over both pseudo-headers, and what cannot be verified. */
class TcpChecksumTest {

    private final SegmentDecoder verifying = new SegmentDecoder(true);
    private final DecodedSegment out = new DecodedSegment();

    private ChecksumState checksumOf(int linkType, byte[] frame, int capturedLength) {
        DecodeStatus status = verifying.decode(linkType, ByteBuffer.wrap(frame), 0, capturedLength, frame.length, out);
        assertThat(status).isEqualTo(DecodeStatus.OK);
        return out.checksum();
    }

    @Test
    void offByDefault() {
        SegmentDecoder plain = new SegmentDecoder();
        byte[] frame = Fixtures.ipv4Ack();
        assertThat(plain.verifiesChecksums()).isFalse();
        assertThat(plain.decode(LinkType.RAW, ByteBuffer.wrap(frame), 0, frame.length, frame.length, out))
                .isEqualTo(DecodeStatus.OK);
        assertThat(out.checksum()).isEqualTo(ChecksumState.NOT_CHECKED);
    }

    @Test
    void rightIpv4SumsAreGood() {
        byte[] ack = Fixtures.ethIpv4AckPadded();
        assertThat(checksumOf(LinkType.ETHERNET, ack, ack.length)).isEqualTo(ChecksumState.GOOD);
        byte[] syn = Fixtures.ethIpv4Syn();
        assertThat(checksumOf(LinkType.ETHERNET, syn, syn.length)).isEqualTo(ChecksumState.GOOD);
    }

    @Test
    void rightIpv6SumWithOddPayloadIsGood() {
        byte[] frame = Fixtures.sll2Ipv6Data();
        assertThat(checksumOf(LinkType.LINUX_SLL2, frame, frame.length)).isEqualTo(ChecksumState.GOOD);
    }

    @Test
    void aFlippedPayloadByteIsBad() {
        byte[] frame = Fixtures.ethIpv6Data();
        frame[frame.length - 1] ^= 0x01; // last payload byte, the odd one
        assertThat(checksumOf(LinkType.ETHERNET, frame, frame.length)).isEqualTo(ChecksumState.BAD);
        assertThat(out.toSegment(1).checksumBad()).isTrue();
    }

    @Test
    void aChangedAddressIsBad() {
        byte[] frame = Fixtures.ipv4Ack();
        frame[15] ^= 0x02; // source address 192.168.0.1 -> 192.168.0.3: the pseudo-header changes
        assertThat(checksumOf(LinkType.RAW, frame, frame.length)).isEqualTo(ChecksumState.BAD);
    }

    @Test
    void snaplenCutSegmentIsNotVerifiable() {
        byte[] frame = Fixtures.ethIpv6Data();
        assertThat(checksumOf(LinkType.ETHERNET, frame, frame.length - 1)).isEqualTo(ChecksumState.NOT_VERIFIABLE);
    }

    @Test
    void fragmentIsNotVerifiable() {
        byte[] frame = Fixtures.ethIpv6ExtensionChain();
        assertThat(checksumOf(LinkType.ETHERNET, frame, frame.length)).isEqualTo(ChecksumState.NOT_VERIFIABLE);
    }
}
