package io.synfin.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Zeek's conn_state algorithm, every code and every branch in Zeek's order. */
class ConnStatesTest {

    @ParameterizedTest(name = "{0}/{1} bytes {2}/{3} history {4} -> {5}")
    @CsvSource({
        "SYN_SENT, RESET, 0, 0, Sr, REJ",
        "SYN_ACK_SENT, RESET, 0, 0, Hr, REJ",
        "RESET, RESET, 0, 0, SRr, REJ",
        "RESET, RESET, 5, 0, ShADRr, RSTR",
        "INACTIVE, RESET, 0, 0, r, RSTRH",
        "PARTIAL, RESET, 0, 0, Dr, RSTRH",
        "ESTABLISHED, RESET, 10, 10, ShADdr, RSTR",
        "RESET, INACTIVE, 0, 0, SR, RSTOS0",
        "RESET, INACTIVE, 0, 0, ^SR, RSTOS0",
        "RESET, INACTIVE, 0, 0, SFR, OTH",
        "RESET, PARTIAL, 0, 0, SaR, RSTOS0",
        "RESET, PARTIAL, 0, 0, SAR, OTH",
        "RESET, ESTABLISHED, 1, 1, ShADdR, RSTO",
        "CLOSED, CLOSED, 1, 1, ShADdFf, SF",
        "CLOSED, INACTIVE, 0, 0, SF, SH",
        "CLOSED, ESTABLISHED, 0, 0, ShAF, S2",
        "INACTIVE, CLOSED, 0, 0, hf, SHR",
        "ESTABLISHED, CLOSED, 0, 0, Shaf, S3",
        "SYN_SENT, INACTIVE, 0, 0, S, S0",
        "SYN_SENT, PARTIAL, 0, 0, Sd, OTH",
        "ESTABLISHED, ESTABLISHED, 0, 0, ShA, S1",
        "PARTIAL, PARTIAL, 5, 5, Dd, OTH",
        "INACTIVE, INACTIVE, 0, 0, C, OTH",
        "SYN_SENT, ESTABLISHED, 0, 0, Sh, OTH",
    })
    void connStateFollowsZeek(
            ZeekEndpointState orig, ZeekEndpointState resp, long origBytes, long respBytes, String history,
            ConnState expected) {
        assertThat(ConnStates.of(orig, resp, origBytes, respBytes, history)).isEqualTo(expected);
    }

}
