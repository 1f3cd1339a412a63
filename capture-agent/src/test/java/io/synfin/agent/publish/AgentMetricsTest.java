package io.synfin.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.agent.capture.CaptureStats;
import io.synfin.agent.decode.DecodeCounters;
import io.synfin.agent.decode.DecodeStatus;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {

    private final DecodeCounters decode = new DecodeCounters();
    private final AgentMetrics metrics = new AgentMetrics(decode);

    @Test
    void countsEveryOutcomeInThePrometheusText() {
        for (int i = 0; i < 5; i++) {
            metrics.countPacketRead();
        }
        decode.increment(DecodeStatus.OK);
        decode.increment(DecodeStatus.OK);
        decode.increment(DecodeStatus.NOT_TCP);
        metrics.countSent();
        metrics.countSent();
        metrics.acknowledged(60, 3_000_000L);
        metrics.failed(40_000_000L);
        metrics.countDroppedBuffer();
        metrics.captureStats(new CaptureStats(100, 7, 2));

        String text = metrics.prometheusText();

        assertThat(text).contains(
                "synfin_agent_packets_read_total 5\n",
                "synfin_agent_decode_total{status=\"OK\"} 2\n",
                "synfin_agent_decode_total{status=\"NOT_TCP\"} 1\n",
                "synfin_agent_decode_total{status=\"TRUNCATED_BY_SNAPLEN\"} 0\n",
                "synfin_agent_segments_sent_total 2\n",
                "synfin_agent_segments_published_total 1\n",
                "synfin_agent_published_bytes_total 60\n",
                "synfin_agent_dropped_total{reason=\"buffer\"} 1\n",
                "synfin_agent_dropped_total{reason=\"send_failed\"} 1\n",
                "synfin_agent_dropped_total{reason=\"kernel\"} 7\n",
                "synfin_agent_dropped_total{reason=\"interface\"} 2\n",
                "# TYPE synfin_agent_publish_latency_seconds histogram\n");
    }

    @Test
    void latencyBucketsAreCumulativeWithInclusiveUpperBounds() {
        metrics.acknowledged(1, 1_000_000L); // exactly 1 ms: in le=0.001
        metrics.acknowledged(1, 1_000_001L); // just above: first in le=0.002
        metrics.acknowledged(1, 60_000_000_000L); // a minute: only +Inf

        String text = metrics.prometheusText();

        assertThat(text).contains(
                "synfin_agent_publish_latency_seconds_bucket{le=\"0.001\"} 1\n",
                "synfin_agent_publish_latency_seconds_bucket{le=\"0.002\"} 2\n",
                "synfin_agent_publish_latency_seconds_bucket{le=\"30.0\"} 2\n",
                "synfin_agent_publish_latency_seconds_bucket{le=\"+Inf\"} 3\n",
                "synfin_agent_publish_latency_seconds_count 3\n");
        assertThat(text).containsPattern("synfin_agent_publish_latency_seconds_sum 60\\.0020");
    }

    @Test
    void statusLineShowsDropsAndKernelCountersOnlyForLiveCapture() {
        metrics.countDroppedBuffer();
        assertThat(metrics.statusLine()).contains("dropped_buffer=1", "failed=0").doesNotContain("kernel_dropped");

        metrics.captureStats(new CaptureStats(10, 3, 0));
        assertThat(metrics.statusLine()).contains("kernel_dropped=3", "interface_dropped=0");
    }
}
