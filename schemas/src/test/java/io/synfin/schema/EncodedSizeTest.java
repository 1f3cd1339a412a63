package io.synfin.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.schema.serde.SingleObjectCodec;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SPEC §3: a plain ACK's TcpSegment is a performance figure, budget at most 48 bytes of Avro binary
 * body. The Avro single-object header (C3 01 + 8-byte schema fingerprint) adds 10 bytes on the wire.
 */
class EncodedSizeTest {

    private static final int BODY_BUDGET = 48;

    private final SingleObjectCodec<TcpSegment> codec = SingleObjectCodec.forType(TcpSegment.class);

    /**
     * The corners of a realistic plain IPv4 ACK: Linux ephemeral ports 32768–60999, server port 443,
     * IP id from 8192 to 65535, seq/ack from 2^31 to 2^32 - 1, any time in 2026, agent and domain 7.
     * Varint sizes grow with the value, so the largest corner bounds every value between.
     */
    @ParameterizedTest(name = "ts {0}, port {1}, ip id {2}, seq {3}")
    @CsvSource({
        "2026-01-01T00:00:00Z,     32768, 8192,  2147483648",
        "2026-03-14T09:26:53.589Z, 51000, 40000, 3000000000",
        "2026-12-31T23:59:59.999Z, 60999, 65535, 4294967295",
    })
    void aPlainIpv4AckFitsTheBodyBudget(Instant ts, int clientPort, int ipId, long seq) {
        long micros = ts.getEpochSecond() * 1_000_000L + ts.getNano() / 1_000;
        TcpSegment ack = Samples.plainAck(micros, clientPort, ipId, seq, seq);

        byte[] encoded = codec.encode(ack);
        int body = encoded.length - SingleObjectCodec.HEADER_LENGTH;

        // Zig-zag varints: ts 8 + domain 1 + agent 1 + addresses 2 x 5 + ports 3 + 2 + seq/ack 2 x 5
        // + flags 1 + window 2 + payload 1 + ip length 1 + ttl 2 + ip id 3 + fragment, vlans, options 1 each
        // = 48, exactly the budget. Domain and agent ids of 64 or more take 2 bytes each (50 in all).
        assertThat(body).isLessThanOrEqualTo(BODY_BUDGET).isEqualTo(48);
        assertThat(encoded.length).as("with the 10-byte single-object header").isEqualTo(body + 10);
    }
}
