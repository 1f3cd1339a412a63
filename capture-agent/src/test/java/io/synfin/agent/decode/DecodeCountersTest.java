package io.synfin.agent.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecodeCountersTest {

    @Test
    void countsTotalsAndSummarizesNonZeroStatusesInEnumOrder() {
        DecodeCounters counters = new DecodeCounters();
        assertThat(counters.summary()).isEqualTo("none");
        counters.increment(DecodeStatus.NOT_TCP);
        counters.increment(DecodeStatus.OK);
        counters.increment(DecodeStatus.OK);

        assertThat(counters.count(DecodeStatus.OK)).isEqualTo(2);
        assertThat(counters.count(DecodeStatus.NOT_IP)).isZero();
        assertThat(counters.total()).isEqualTo(3);
        assertThat(counters.summary()).isEqualTo("OK=2 NOT_TCP=1");
    }

    @Test
    void addAllMergesAnotherSet() {
        DecodeCounters a = new DecodeCounters();
        DecodeCounters b = new DecodeCounters();
        a.increment(DecodeStatus.OK);
        b.increment(DecodeStatus.OK);
        b.increment(DecodeStatus.TRUNCATED_BY_SNAPLEN);

        a.addAll(b);

        assertThat(a.count(DecodeStatus.OK)).isEqualTo(2);
        assertThat(a.count(DecodeStatus.TRUNCATED_BY_SNAPLEN)).isEqualTo(1);
        assertThat(a.total()).isEqualTo(3);
        assertThat(b.total()).isEqualTo(2);
        a.reset();
        assertThat(a.total()).isZero();
    }
}
