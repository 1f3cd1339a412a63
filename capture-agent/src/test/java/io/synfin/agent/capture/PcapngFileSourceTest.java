package io.synfin.agent.capture;

import static io.synfin.agent.capture.CaptureWriter.frameBytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PcapngFileSourceTest {

    private static final long SECONDS = 1_700_000_000L;
    private static final long NANOS = SECONDS * 1_000_000_000L;
    private static final int NAME_RESOLUTION_TYPE = 4;
    private static final int INTERFACE_STATISTICS_TYPE = 5;
    private static final int DECRYPTION_SECRETS_TYPE = 0x0A;
    private static final int CUSTOM_TYPE = 0x0BAD;

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("io.synfin.agent.capture.Readers#withBothByteOrders")
    void eachInterfaceBringsItsOwnLinkTypeAndTimestampResolution(Readers reader, ByteOrder order) throws Exception {
        byte[] bytes = CaptureWriter.pcapng(order)
                .interfaceDescription(LinkType.ETHERNET, 262144, -1, 0) // default: microseconds
                .interfaceDescription(LinkType.LINUX_SLL2, 128, 9, 0) // 10^-9
                .interfaceDescription(LinkType.RAW, 0, 0x80 | 20, 0) // 2^-20
                .interfaceDescription(LinkType.NULL, 0, 3, 1000) // 10^-3, 1000 s offset
                .enhancedPacket(1, NANOS + 123_456_789L, frameBytes(80, 1), 80)
                .enhancedPacket(0, SECONDS * 1_000_000L + 654_321L, frameBytes(66, 2), 1500)
                .enhancedPacket(2, (SECONDS << 20) | (1L << 19), frameBytes(40, 3), 40)
                .enhancedPacket(3, SECONDS * 1000L + 7, frameBytes(44, 4), 44)
                .bytes();

        FrameLog log = reader.readAll(bytes, dir);

        assertThat(log.frames).extracting(FrameLog.Seen::interfaceId).containsExactly(1, 0, 2, 3);
        assertThat(log.frames).extracting(FrameLog.Seen::linkType)
                .containsExactly(LinkType.LINUX_SLL2, LinkType.ETHERNET, LinkType.RAW, LinkType.NULL);
        assertThat(log.frames).extracting(FrameLog.Seen::timestampNanos).containsExactly(
                NANOS + 123_456_789L, NANOS + 654_321_000L, NANOS + 500_000_000L, NANOS + 1000_000_000_000L + 7_000_000L);
        assertThat(log.frames.get(0).bytes()).isEqualTo(frameBytes(80, 1));
        assertThat(log.frames.get(1).originalLength()).isEqualTo(1500);
        assertThat(log.frames).extracting(FrameLog.Seen::frameNumber).containsExactly(1L, 2L, 3L, 4L);
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void interfacesAreNumberedPerSectionAndEachSectionHasItsOwnByteOrder(Readers reader) throws Exception {
        byte[] first = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN)
                .interfaceDescription(LinkType.ETHERNET, 0, -1, 0)
                .interfaceDescription(LinkType.RAW, 0, -1, 0)
                .enhancedPacket(1, 1, frameBytes(40, 1), 40)
                .bytes();
        byte[] second = CaptureWriter.pcapng(ByteOrder.BIG_ENDIAN)
                .interfaceDescription(LinkType.LINUX_SLL, 0, -1, 0)
                .enhancedPacket(0, 2, frameBytes(50, 2), 50)
                .bytes();
        byte[] bytes = ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();

        try (CaptureSource source = reader.open(bytes, dir)) {
            FrameLog log = new FrameLog();
            source.run(log);

            assertThat(log.frames).extracting(FrameLog.Seen::linkType).containsExactly(LinkType.RAW, LinkType.LINUX_SLL);
            assertThat(log.frames).extracting(FrameLog.Seen::interfaceId).containsExactly(1, 0);
            assertThat(log.frames.get(1).fileOffset()).isGreaterThan(first.length);
            assertThat(((PcapngFileSource) source).sections()).isEqualTo(2);
            assertThat(((PcapngFileSource) source).interfaceCount()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("io.synfin.agent.capture.Readers#withBothByteOrders")
    void simplePacketsBelongToInterfaceZeroAndAreCutToTheSnaplen(Readers reader, ByteOrder order) throws Exception {
        byte[] bytes = CaptureWriter.pcapng(order)
                .interfaceDescription(LinkType.ETHERNET, 64, -1, 0)
                .simplePacket(frameBytes(62, 1), 62)
                .simplePacket(frameBytes(64, 2), 1514) // written cut to the snaplen
                .bytes();

        FrameLog log = reader.readAll(bytes, dir);

        assertThat(log.frames).extracting(f -> f.bytes().length).containsExactly(62, 64);
        assertThat(log.frames).extracting(FrameLog.Seen::originalLength).containsExactly(62, 1514);
        assertThat(log.frames).allSatisfy(f -> {
            assertThat(f.interfaceId()).isZero();
            assertThat(f.linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(f.timestampNanos()).isZero();
        });
        assertThat(log.frames.get(0).bytes()).isEqualTo(frameBytes(62, 1));
    }

    @ParameterizedTest
    @MethodSource("io.synfin.agent.capture.Readers#withBothByteOrders")
    void blocksOtherThanPacketsAreSkipped(Readers reader, ByteOrder order) throws Exception {
        byte[] bytes = CaptureWriter.pcapng(order)
                .block(NAME_RESOLUTION_TYPE, new byte[] {0, 0, 0, 0})
                .interfaceDescription(LinkType.ETHERNET, 0, -1, 0)
                .enhancedPacket(0, 1, frameBytes(60, 1), 60)
                .block(INTERFACE_STATISTICS_TYPE, new byte[12])
                .block(CUSTOM_TYPE, frameBytes(37, 7))
                .block(DECRYPTION_SECRETS_TYPE, new byte[8])
                .enhancedPacket(0, 2, frameBytes(61, 2), 61)
                .bytes();

        FrameLog log = reader.readAll(bytes, dir);

        assertThat(log.frames).extracting(FrameLog.Seen::bytes).containsExactly(frameBytes(60, 1), frameBytes(61, 2));
        assertThat(log.frames).extracting(FrameLog.Seen::frameNumber).containsExactly(1L, 2L);
    }

    @ParameterizedTest
    @MethodSource("io.synfin.agent.capture.Readers#withBothByteOrders")
    void obsoletePacketBlocksAreRead(Readers reader, ByteOrder order) throws Exception {
        ByteBuffer body = ByteBuffer.allocate(20 + 48).order(order);
        body.putShort((short) 1).putShort((short) 0).putInt(0).putInt(1_000_000).putInt(46).putInt(46);
        body.put(frameBytes(46, 3));
        byte[] bytes = CaptureWriter.pcapng(order)
                .interfaceDescription(LinkType.ETHERNET, 0, -1, 0)
                .interfaceDescription(LinkType.RAW, 0, -1, 0)
                .block(PcapngFileSource.OBSOLETE_PACKET_TYPE, body.array())
                .bytes();

        FrameLog log = reader.readAll(bytes, dir);

        assertThat(log.frames).singleElement().satisfies(f -> {
            assertThat(f.interfaceId()).isEqualTo(1);
            assertThat(f.linkType()).isEqualTo(LinkType.RAW);
            assertThat(f.timestampNanos()).isEqualTo(1_000_000_000L);
            assertThat(f.bytes()).isEqualTo(frameBytes(46, 3));
        });
    }

    @ParameterizedTest
    @MethodSource("io.synfin.agent.capture.Readers#withBothByteOrders")
    void packetOptionsAfterTheDataDoNotChangeTheFrame(Readers reader, ByteOrder order) throws Exception {
        // EPB with an epb_flags option (code 2, 4 bytes) and opt_endofopt after 45 data bytes + 3 padding.
        ByteBuffer body = ByteBuffer.allocate(20 + 48 + 8 + 4).order(order);
        body.putInt(0).putInt(0).putInt(5).putInt(45).putInt(45).put(frameBytes(45, 4)).put(new byte[3]);
        body.putShort((short) 2).putShort((short) 4).putInt(1).putInt(0);
        byte[] bytes = CaptureWriter.pcapng(order)
                .interfaceDescription(LinkType.ETHERNET, 0, -1, 0)
                .block(PcapngFileSource.ENHANCED_PACKET_TYPE, body.array())
                .bytes();

        FrameLog log = reader.readAll(bytes, dir);

        assertThat(log.frames).singleElement().satisfies(f -> {
            assertThat(f.bytes()).isEqualTo(frameBytes(45, 4));
            assertThat(f.timestampNanos()).isEqualTo(5_000L);
        });
    }
}
