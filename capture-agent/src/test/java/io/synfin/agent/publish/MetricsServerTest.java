package io.synfin.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.agent.decode.DecodeCounters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    @Test
    void servesPrometheusTextOnLoopbackByDefault() throws Exception {
        AgentMetrics metrics = new AgentMetrics(new DecodeCounters());
        metrics.countPacketRead();
        try (MetricsServer server = MetricsServer.start(metrics, null, 0)) {
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();

            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics"))
                            .timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
            assertThat(response.body()).contains("synfin_agent_packets_read_total 1\n");
        }
    }
}
