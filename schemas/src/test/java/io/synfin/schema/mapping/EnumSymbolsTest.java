package io.synfin.schema.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synfin.core.net.AddressScope;
import io.synfin.core.record.Side;
import io.synfin.schema.ConnectionSide;
import io.synfin.schema.FlipReason;
import io.synfin.schema.Ipv4Class;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every core enum and its Avro counterpart carry the same symbols in the same order: they are wire identifiers. */
class EnumSymbolsTest {

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of(io.synfin.core.record.ConnState.class, io.synfin.schema.ConnState.getClassSchema()),
                Arguments.of(io.synfin.core.record.CloseKind.class, io.synfin.schema.CloseKind.getClassSchema()),
                Arguments.of(io.synfin.core.anomaly.AnomalyType.class, io.synfin.schema.AnomalyType.getClassSchema()),
                Arguments.of(io.synfin.core.anomaly.Severity.class, io.synfin.schema.Severity.getClassSchema()),
                Arguments.of(io.synfin.core.record.RecordReason.class, io.synfin.schema.RecordReason.getClassSchema()),
                Arguments.of(io.synfin.core.state.TcpState.class, io.synfin.schema.TcpState.getClassSchema()),
                Arguments.of(AddressScope.class, io.synfin.schema.AddressScope.getClassSchema()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void coreAndAvroSymbolsAreEqualInOrder(Class<? extends Enum<?>> core, Schema avro) {
        assertThat(avro.getEnumSymbols()).containsExactlyElementsOf(names(core));
    }

    @Test
    void closeKindsAndAnomalyTypesKeepTheIssuesFixedListsFirst() {
        assertThat(names(io.synfin.core.record.CloseKind.class)).containsExactly(
                "FOUR_WAY", "FIN_ACK_COMBINED", "SIMULTANEOUS", "HALF_CLOSED_TIMEOUT", "RESET_BY_ORIGINATOR",
                "RESET_BY_RESPONDER", "REFUSED", "HANDSHAKE_TIMEOUT", "HALF_OPEN_TIMEOUT", "IDLE_TIMEOUT",
                "STILL_OPEN");
        assertThat(names(io.synfin.core.anomaly.AnomalyType.class)).startsWith(
                "HANDSHAKE_TIMEOUT", "HALF_OPEN", "CONNECTION_REFUSED", "HANDSHAKE_ACK_MISMATCH", "STALE_SYN",
                "INVALID_FLAGS", "OPTION_OUTSIDE_SYN", "DATA_BEFORE_ESTABLISHED", "DATA_AFTER_FIN",
                "RST_OUT_OF_WINDOW", "SEQ_JUMP", "PORT_REUSE_IN_TIME_WAIT", "FIN_WAIT_2_TIMEOUT",
                "OVERSIZED_SEGMENT", "BAD_ADDRESS", "MALFORMED_HEADER");
    }

    @Test
    void theCoresSideIsTheAvroSidePlusNoneWhichTravelsAsNull() {
        assertThat(ConnectionSide.getClassSchema().getEnumSymbols())
                .containsExactlyElementsOf(names(Side.class).subList(0, Side.values().length - 1));
        assertThat(Side.values()[Side.values().length - 1]).isEqualTo(Side.NONE);
    }

    @Test
    void aCoreSymbolWithoutAnAvroSymbolFailsNamingBoth() {
        assertThatThrownBy(() -> CoreRecords.SIDES.map(Side.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.synfin.core.record.Side.NONE")
                .hasMessageContaining("io.synfin.schema.ConnectionSide");
        assertThat(CoreRecords.SIDES.map(Side.RESPONDER)).isEqualTo(ConnectionSide.RESPONDER);
    }

    @Test
    void ipv4ClassesAreTheCoresLetters() {
        byte[][] firstOfEachClass = {{0, 0, 0, 1}, {(byte) 128, 0, 0, 1}, {(byte) 192, 0, 0, 1},
            {(byte) 224, 0, 0, 1}, {(byte) 240, 0, 0, 1}};
        for (int i = 0; i < firstOfEachClass.length; i++) {
            Ipv4Class mapped = CoreRecords.ipv4Class(firstOfEachClass[i]);
            assertThat(mapped.name()).isEqualTo(String.valueOf(AddressScope.ipv4Class(firstOfEachClass[i])));
            assertThat(mapped.ordinal()).isEqualTo(i);
        }
        assertThat(CoreRecords.ipv4Class(new byte[16])).isNull();
    }

    @Test
    void flipReasonsKeepTheirOrderAndEndWithTheServerPortGuess() {
        // The core states flip reasons as text; FlipReasons derives these symbols (see CoreRecordsTest).
        assertThat(FlipReason.getClassSchema().getEnumSymbols()).containsExactly(
                "SYN_ACK_FIRST", "SYN_FROM_RESPONDER", "SYN_ACK_FROM_ORIGINATOR", "SOURCE_IS_SERVER_PORT");
    }

    private static List<String> names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    }
}
