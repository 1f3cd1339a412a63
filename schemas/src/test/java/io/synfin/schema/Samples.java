package io.synfin.schema;

import io.synfin.core.segment.TcpFlags;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/** Realistic records shared by the tests: each built from fixed values that read like a capture. */
public final class Samples {

    /** 2026-03-14T09:26:53.589793Z in microseconds since the epoch. */
    public static final long TS_2026 = Instant.parse("2026-03-14T09:26:53.589793Z").getEpochSecond() * 1_000_000L + 589_793L;

    private Samples() {}

    public static ByteBuffer ipv4(int a, int b, int c, int d) {
        return ByteBuffer.wrap(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    }

    public static ByteBuffer ipv6(int... groups) {
        ByteBuffer address = ByteBuffer.allocate(16);
        for (int group : groups) {
            address.putShort((short) group);
        }
        return address.flip();
    }

    /**
     * A plain IPv4 ACK from a Linux client (ephemeral port in 32768–60999, TTL 64) to an HTTPS server:
     * no options, no VLAN, not a fragment.
     */
    public static TcpSegment plainAck(long ts, int clientPort, int ipId, long seq, long ack) {
        return TcpSegment.newBuilder()
                .setTs(ts)
                .setDomain(7)
                .setAgentId(7)
                .setSrcAddr(ipv4(192, 168, 1, 23))
                .setDstAddr(ipv4(142, 250, 185, 78))
                .setSrcPort(clientPort)
                .setDstPort(443)
                .setSeq(seq)
                .setAck(ack)
                .setFlags(TcpFlags.ACK)
                .setWindow(501)
                .setPayloadLen(0)
                .setIpTotalLen(40)
                .setTtl(64)
                .setIpId(ipId)
                .setFragment(null)
                .setVlanIds(List.of())
                .setOptions(null)
                .build();
    }

    /** The first SYN of an IPv6 connection in VLAN 100 inside 200, with every option a Linux SYN carries. */
    public static TcpSegment ipv6Syn() {
        return TcpSegment.newBuilder()
                .setTs(TS_2026)
                .setDomain(3)
                .setAgentId(4)
                .setSrcAddr(ipv6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1))
                .setDstAddr(ipv6(0, 0, 0, 0, 0, 0, 0, 1))
                .setSrcPort(51234)
                .setDstPort(22)
                .setSeq(3_000_000_000L)
                .setAck(0)
                .setFlags(TcpFlags.SYN)
                .setWindow(64800)
                .setPayloadLen(0)
                .setIpTotalLen(80)
                .setTtl(64)
                .setIpId(0)
                .setFragment(IpFragment.newBuilder().setOffset(0).setMoreFragments(true).build())
                .setVlanIds(List.of(200, 100))
                .setOptions(TcpOptions.newBuilder()
                        .setTcpHeaderLen(40)
                        .setMss(1440)
                        .setWindowScale(7)
                        .setSackPermitted(true)
                        .setSackBlocks(List.of(SackBlock.newBuilder().setLeft(4_294_967_000L).setRight(200).build()))
                        .setTsVal(2_981_775_131L)
                        .setTsEcr(0L)
                        .setUnknownKinds(List.of(30))
                        .build())
                .build();
    }

    /** A refused connection's anomaly: the responder's RST/ACK to a SYN. */
    public static TcpAnomaly refused() {
        return TcpAnomaly.newBuilder()
                .setTs(TS_2026)
                .setDomain(7)
                .setUid("CSfin1a2b3c4d5e6f")
                .setCommunityId("1:LQU9qZlK+B5F3KDmev6m5PMibrg=")
                .setOrigH(ipv4(10, 0, 0, 5))
                .setOrigP(40000)
                .setRespH(ipv4(10, 0, 0, 9))
                .setRespP(8080)
                .setType(AnomalyType.CONNECTION_REFUSED)
                .setSeverity(Severity.LOW)
                .setDetail("SYN seq 999 answered by RST/ACK ack 1000")
                .setSender(ConnectionSide.RESPONDER)
                .setFlags(TcpFlags.RST | TcpFlags.ACK)
                .setSeq(0L)
                .setAck(1000L)
                .setPayloadLen(0)
                .build();
    }

    /** A handshake timeout: there is no offending segment, so the segment fields are null. */
    public static TcpAnomaly handshakeTimeout() {
        return TcpAnomaly.newBuilder(refused())
                .setType(AnomalyType.HANDSHAKE_TIMEOUT)
                .setSeverity(Severity.MEDIUM)
                .setDetail("SYN unanswered for 5 s")
                .setSender(null)
                .setFlags(null)
                .setSeq(null)
                .setAck(null)
                .setPayloadLen(null)
                .build();
    }
}
