package io.synfin.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * What consumers rely on: enum symbols are wire identifiers (lists may grow at the end, never change or
 * reorder), Zeek's conn.log names are kept, and every wire field says what it holds and in which unit.
 */
class SchemaContractTest {

    @Test
    void anomalyTypesAreExactlyTheSpecifiedListInOrder() {
        assertThat(AnomalyType.getClassSchema().getEnumSymbols()).containsExactly(
                "HANDSHAKE_TIMEOUT", "HALF_OPEN", "CONNECTION_REFUSED", "HANDSHAKE_ACK_MISMATCH", "STALE_SYN",
                "INVALID_FLAGS", "OPTION_OUTSIDE_SYN", "DATA_BEFORE_ESTABLISHED", "DATA_AFTER_FIN",
                "RST_OUT_OF_WINDOW", "SEQ_JUMP", "PORT_REUSE_IN_TIME_WAIT", "FIN_WAIT_2_TIMEOUT",
                "OVERSIZED_SEGMENT", "BAD_ADDRESS", "MALFORMED_HEADER", "EXCESSIVE_RETRANSMISSIONS");
    }

    @Test
    void closeKindsAreExactlyTheSpecifiedList() {
        assertThat(CloseKind.getClassSchema().getEnumSymbols()).containsExactly(
                "FOUR_WAY", "FIN_ACK_COMBINED", "SIMULTANEOUS", "HALF_CLOSED_TIMEOUT", "RESET_BY_ORIGINATOR",
                "RESET_BY_RESPONDER", "REFUSED", "HANDSHAKE_TIMEOUT", "HALF_OPEN_TIMEOUT", "IDLE_TIMEOUT",
                "STILL_OPEN");
    }

    @Test
    void connStatesAreZeeksCodes() {
        assertThat(ConnState.getClassSchema().getEnumSymbols()).containsExactly(
                "S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH");
        for (String code : ConnState.getClassSchema().getEnumSymbols()) {
            assertThat(ConnState.getClassSchema().getDoc()).as("meaning of %s", code).contains(code + ": ");
        }
    }

    @Test
    void tcpStatesAreTheRfc9293States() {
        assertThat(TcpState.getClassSchema().getEnumSymbols()).containsExactly(
                "CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2",
                "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT");
    }

    @Test
    void recordReasonsAndSeveritiesAreTheSpecifiedLists() {
        assertThat(RecordReason.getClassSchema().getEnumSymbols())
                .containsExactly("CLOSED", "TIMEOUT", "INTERIM", "END_OF_INPUT");
        assertThat(Severity.getClassSchema().getEnumSymbols()).containsExactly("INFO", "LOW", "MEDIUM", "HIGH");
    }

    @Test
    void connectionRecordUsesZeeksFieldNames() {
        assertThat(ConnectionRecord.getClassSchema().getFields()).extracting(f -> f.name()).contains(
                "ts", "uid", "orig_h", "orig_p", "resp_h", "resp_p", "service", "duration", "orig_bytes",
                "resp_bytes", "conn_state", "missed_bytes", "history", "orig_pkts", "orig_ip_bytes",
                "resp_pkts", "resp_ip_bytes", "community_id");
    }

    @Test
    void everyFieldOfEveryWireRecordDocumentsItself() {
        for (Schema record : List.of(
                TcpSegment.getClassSchema(), ConnectionRecord.getClassSchema(), TcpAnomaly.getClassSchema())) {
            assertThat(record.getFields())
                    .allSatisfy(field -> assertThat(field.doc()).as(record.getName() + "." + field.name()).isNotBlank());
        }
    }
}
