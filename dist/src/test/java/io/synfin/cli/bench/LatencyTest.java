package io.synfin.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyTest {

    @Test
    void percentilesAreNearestRankOverTheSortedValues() {
        double[] seconds = new double[200];
        for (int i = 0; i < seconds.length; i++) {
            // 200 values 0.01 .. 2.00, given in reverse order
            seconds[i] = (seconds.length - i) / 100.0;
        }
        Latency latency = Latency.of(seconds);
        assertThat(latency.count()).isEqualTo(200);
        assertThat(latency.p50()).isEqualTo(1.00);
        assertThat(latency.p99()).isEqualTo(1.98);
        assertThat(latency.max()).isEqualTo(2.00);
        assertThat(seconds[0]).as("the input is left as it was").isEqualTo(2.00);
    }

    @Test
    void oneValueIsEveryPercentile() {
        Latency latency = Latency.of(new double[] {0.25});
        assertThat(latency.p50()).isEqualTo(0.25);
        assertThat(latency.p99()).isEqualTo(0.25);
    }

    @Test
    void noValuesGiveNoFigures() {
        Latency latency = Latency.of(new double[0]);
        assertThat(latency.count()).isZero();
        assertThat(latency.p99()).isNaN();
        assertThat(latency.text()).contains("over 0 records");
    }
}
