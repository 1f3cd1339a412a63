package io.synfin.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PcapngInterfaceTest {

    private static PcapngInterface withResolution(int tsresol, long offsetSeconds) {
        return PcapngInterface.of(LinkType.ETHERNET, 0, tsresol, offsetSeconds);
    }

    @Test
    void decimalResolutionsFinerThanNanosecondsAreTruncatedToNanoseconds() {
        // 10^-12: 5000 s + 123_456 ps = 5000 s + 123 ns.
        assertThat(withResolution(12, 0).toNanos(5_000_000_000_000_000L + 123_456L)).isEqualTo(5_000_000_000_123L);
    }

    @Test
    void wholeSecondResolutionScalesUp() {
        assertThat(withResolution(0, 0).toNanos(1_700_000_000L)).isEqualTo(1_700_000_000_000_000_000L);
    }

    @Test
    void binaryResolutionsSplitSecondsFromTheFraction() {
        assertThat(withResolution(0x80 | 30, 0).toNanos((3L << 30) | (1L << 29))).isEqualTo(3_500_000_000L);
        assertThat(withResolution(0x80 | 40, 0).toNanos((1000L << 40) | (1L << 38))).isEqualTo(1_000_250_000_000L);
        assertThat(withResolution(0x80, 0).toNanos(42)).isEqualTo(42_000_000_000L);
    }

    @Test
    void offsetIsAddedInWholeSecondsAndMayBeNegative() {
        assertThat(withResolution(6, -10).toNanos(20_000_001L)).isEqualTo(10_000_001_000L);
    }

    @Test
    void timestampsUseAllSixtyFourUnsignedBits() {
        // 2^63 microseconds would be negative as a signed long; as unsigned it is ~292,471 years.
        assertThat(withResolution(15, 0).toNanos(Long.MIN_VALUE)).isEqualTo(Long.divideUnsigned(Long.MIN_VALUE, 1_000_000L));
    }

    @Test
    void unrepresentableResolutionsAreRefused() {
        assertThat(withResolution(19, 0)).isNull();
        assertThat(withResolution(0x80 | 64, 0)).isNull();
        assertThat(withResolution(18, 0)).isNotNull();
        assertThat(withResolution(0x80 | 63, 0)).isNotNull();
    }
}
