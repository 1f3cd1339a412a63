package io.synfin.schema.mapping;

import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.PSH;
import static io.synfin.core.segment.TcpFlags.RST;
import static io.synfin.core.segment.TcpFlags.SYN;
import static io.synfin.schema.mapping.ConnectionRecordMappingTest.CLIENT;
import static io.synfin.schema.mapping.ConnectionRecordMappingTest.CLIENT_SYN;
import static io.synfin.schema.mapping.ConnectionRecordMappingTest.ISN_C;
import static io.synfin.schema.mapping.ConnectionRecordMappingTest.ISN_S;
import static io.synfin.schema.mapping.ConnectionRecordMappingTest.SERVER;
import static io.synfin.schema.mapping.ConnectionRecordMappingTest.SERVER_SYN;
import static io.synfin.schema.mapping.TrackerRun.MS;
import static io.synfin.schema.mapping.TrackerRun.SECOND;
import static io.synfin.schema.mapping.TrackerRun.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synfin.core.TrackerConfig;
import io.synfin.core.flow.Addresses;
import io.synfin.core.flow.CommunityId;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.schema.AnomalyType;
import io.synfin.schema.ConnectionSide;
import io.synfin.schema.Severity;
import io.synfin.schema.TcpAnomaly;
import io.synfin.schema.mapping.TrackerRun.Finding;
import io.synfin.schema.serde.SingleObjectCodec;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Findings of the real tracker mapped to the wire: with their segment, from a timer, and misuse. */
class AnomalyMappingTest {

    private static final SingleObjectCodec<TcpAnomaly> CODEC = SingleObjectCodec.forType(TcpAnomaly.class);
    private static final String COMMUNITY_ID =
            CommunityId.tcp(Addresses.parse(CLIENT), 51000, Addresses.parse(SERVER), 443);

    private static TrackerRun https() {
        return new TrackerRun(TrackerConfig.DEFAULTS, CLIENT, 51000, SERVER, 443);
    }

    @Test
    void aRefusalNamesTheResponderAsSenderAndKeepsTheUnsignedAck() {
        TrackerRun run = https()
                .client(T0, SYN, ISN_C, 0, 64240, 0, CLIENT_SYN)
                .server(T0 + MS, RST | ACK, 0, ISN_C + 1, 0, 0, SegmentOptions.NONE);
        Finding refused = run.findings.get(0);

        TcpAnomaly a = CoreRecords.toAvro(refused.anomaly(), refused.offending());

        assertThat(a.getTs()).isEqualTo(T0 + MS);
        assertThat(a.getDomain()).isEqualTo(TrackerRun.DOMAIN);
        assertThat(a.getUid()).isEqualTo(refused.anomaly().uid()).startsWith("C");
        assertThat(a.getCommunityId()).isEqualTo(COMMUNITY_ID);
        assertThat(a.getOrigH()).isEqualTo(ByteBuffer.wrap(Addresses.parse(CLIENT)));
        assertThat(a.getOrigP()).isEqualTo(51000);
        assertThat(a.getRespH()).isEqualTo(ByteBuffer.wrap(Addresses.parse(SERVER)));
        assertThat(a.getRespP()).isEqualTo(443);
        assertThat(a.getType()).isEqualTo(AnomalyType.CONNECTION_REFUSED);
        assertThat(a.getSeverity()).isEqualTo(Severity.LOW);
        assertThat(a.getDetail()).isEqualTo("SYN answered by RST");
        assertThat(a.getSender()).isEqualTo(ConnectionSide.RESPONDER);
        assertThat(a.getFlags()).isEqualTo(RST | ACK);
        assertThat(a.getSeq()).isZero();
        // ISN_C + 1 = 4294967001 does not fit a signed int: the wire keeps it unsigned.
        assertThat(a.getAck()).isEqualTo(4_294_967_001L);
        assertThat(a.getPayloadLen()).isZero();
        assertThat(CODEC.decode(CODEC.encode(a)).valueOrNull()).isEqualTo(a);
    }

    @Test
    void anOriginatorsSegmentCarriesItsPayloadLength() {
        SegmentOptions mssOutsideSyn = new SegmentOptions(24, 1460, -1, false, new int[0], -1, -1, new int[0]);
        TrackerRun run = https()
                .client(T0, SYN, ISN_C, 0, 64240, 0, CLIENT_SYN)
                .server(T0 + 12 * MS, SYN | ACK, ISN_S, ISN_C + 1, 65160, 0, SERVER_SYN)
                .client(T0 + 13 * MS, PSH | ACK, ISN_C + 1, ISN_S + 1, 502, 100, mssOutsideSyn);
        assertThat(run.findings).extracting(f -> f.anomaly().type().name()).containsExactly("OPTION_OUTSIDE_SYN");
        Finding option = run.findings.get(0);

        TcpAnomaly a = CoreRecords.toAvro(option.anomaly(), option.offending());

        assertThat(a.getSender()).isEqualTo(ConnectionSide.ORIGINATOR);
        assertThat(a.getOrigH()).isEqualTo(ByteBuffer.wrap(Addresses.parse(CLIENT)));
        assertThat(a.getRespP()).isEqualTo(443);
        assertThat(a.getFlags()).isEqualTo(PSH | ACK);
        assertThat(a.getSeq()).isEqualTo(ISN_C + 1);
        assertThat(a.getAck()).isEqualTo(ISN_S + 1);
        assertThat(a.getPayloadLen()).isEqualTo(100);
        assertThat(a.getCommunityId()).isEqualTo(COMMUNITY_ID);
        assertThat(CODEC.decode(CODEC.encode(a)).valueOrNull()).isEqualTo(a);
    }

    @Test
    void aTimerFindingHasNoSegmentFieldsAndTakesTheRolesFromItsRecord() {
        TrackerRun run = https().client(T0, SYN, ISN_C, 0, 64240, 0, CLIENT_SYN).advanceTo(T0 + 6 * SECOND);
        Finding timeout = run.findings.get(0);
        assertThat(timeout.offending()).as("a timer fired it").isNull();

        TcpAnomaly a = CoreRecords.toAvro(timeout.anomaly(), run.lastRecordOf(timeout.anomaly().uid()));

        assertThat(a.getType()).isEqualTo(AnomalyType.HANDSHAKE_TIMEOUT);
        assertThat(a.getTs()).isEqualTo(T0 + 5 * SECOND);
        assertThat(a.getUid()).isEqualTo(run.records.get(0).uid());
        assertThat(a.getOrigH()).isEqualTo(ByteBuffer.wrap(Addresses.parse(CLIENT)));
        assertThat(a.getOrigP()).isEqualTo(51000);
        assertThat(a.getRespH()).isEqualTo(ByteBuffer.wrap(Addresses.parse(SERVER)));
        assertThat(a.getRespP()).isEqualTo(443);
        assertThat(a.getCommunityId()).isEqualTo(COMMUNITY_ID);
        assertThat(a.getSender()).isNull();
        assertThat(a.getFlags()).isNull();
        assertThat(a.getSeq()).isNull();
        assertThat(a.getAck()).isNull();
        assertThat(a.getPayloadLen()).isNull();
        assertThat(CODEC.decode(CODEC.encode(a)).valueOrNull()).isEqualTo(a);
    }

    @Test
    void aSegmentOrRecordOfAnotherConnectionIsAProgrammerError() {
        TrackerRun run = https().client(T0, SYN, ISN_C, 0, 64240, 0, CLIENT_SYN).advanceTo(T0 + 6 * SECOND);
        TrackerRun other = new TrackerRun(TrackerConfig.DEFAULTS, CLIENT, 51001, SERVER, 443)
                .client(T0, SYN, 7, 0, 64240, 0, CLIENT_SYN)
                .server(T0 + MS, RST | ACK, 0, 8, 0, 0, SegmentOptions.NONE)
                .advanceTo(T0 + 6 * SECOND);
        Finding timeout = run.findings.get(0);
        Finding refused = other.findings.get(0);

        assertThatThrownBy(() -> CoreRecords.toAvro(timeout.anomaly(), refused.offending()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":51001");
        assertThatThrownBy(() -> CoreRecords.toAvro(timeout.anomaly(), other.records.get(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(other.records.get(0).uid());
    }
}
