package io.synfin.agent.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DecodeStatusTest {

    @Test
    void onlyDamageIsMalformed() {
        assertThat(Arrays.stream(DecodeStatus.values()).filter(s -> !s.malformed()))
                .containsExactly(DecodeStatus.OK, DecodeStatus.NOT_IP, DecodeStatus.NOT_TCP, DecodeStatus.IP_FRAGMENT);
        assertThat(DecodeStatus.TCP_OPTION_BAD_LENGTH.malformed()).isTrue();
        assertThat(DecodeStatus.UNKNOWN_LINK_TYPE.malformed()).isTrue();
    }

    @Test
    void malformedFramesAreLoggedAtPowersOfTwoOnly() {
        assertThat(SegmentDecoder.isSampled(0)).isFalse();
        assertThat(SegmentDecoder.isSampled(1)).isTrue();
        assertThat(SegmentDecoder.isSampled(2)).isTrue();
        assertThat(SegmentDecoder.isSampled(3)).isFalse();
        assertThat(SegmentDecoder.isSampled(1024)).isTrue();
        assertThat(SegmentDecoder.isSampled(1025)).isFalse();
    }
}
