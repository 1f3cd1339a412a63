package io.synfin.cli;

import io.synfin.agent.capture.CaptureException;
import io.synfin.agent.capture.CaptureFiles;
import io.synfin.agent.capture.CaptureSource;
import io.synfin.agent.capture.LiveInterfaceSource;
import io.synfin.agent.publish.Agent;
import io.synfin.agent.publish.MetricsServer;
import io.synfin.agent.publish.ProducerSettings;
import io.synfin.schema.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code synfin agent}: reads a capture file or a live interface and publishes one TcpSegment per TCP
 * segment to Kafka, printing its counters periodically and at exit.
 */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes one Avro TcpSegment per TCP segment (headers only) to Kafka, keyed by connection.",
            "With --read it exits once everything is acknowledged: 0 when every segment was published,",
            "3 when some were dropped or not acknowledged, 2 when the file is corrupt, 1 on a usage or setup error."
        })
final class AgentCommand implements Callable<Integer> {

    static final class Input {
        @Option(names = "--read", paramLabel = "FILE", required = true, description = "pcap or pcapng file ('-' for stdin)")
        String file;

        @Option(names = "--interface", paramLabel = "IF", required = true, description = "live capture on this interface")
        String iface;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Input input;

    @Option(names = "--filter", paramLabel = "BPF", description = "BPF filter for live capture")
    private String filter;

    @Option(names = "--speed", defaultValue = "0", description = "replay at X times the capture's pace; 0 = as fast as possible")
    private double speed;

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers (default: the config file's, else " + ProducerSettings.DEFAULT_BOOTSTRAP + ")")
    private String bootstrap;

    @Option(names = "--topic", defaultValue = Topics.SEGMENTS, description = "default: ${DEFAULT-VALUE}")
    private String topic;

    @Option(names = "--agent-id", defaultValue = "0", description = "default: ${DEFAULT-VALUE}")
    private int agentId;

    @Option(names = "--domain", description = "observation domain (default: the agent id)")
    private Integer domain;

    @Option(names = "--kafka-config", paramLabel = "FILE", description = "Kafka client properties (TLS, SASL, tuning)")
    private Path kafkaConfig;

    @Option(names = "--metrics-port", description = "serve Prometheus text on http://BIND:PORT/metrics")
    private Integer metricsPort;

    @Option(names = "--metrics-bind", defaultValue = "127.0.0.1", description = "address of the metrics endpoint (default: ${DEFAULT-VALUE})")
    private String metricsBind;

    @Option(names = "--max-in-flight", defaultValue = "100000", description = "segments awaiting acknowledgement before new ones are dropped (default: ${DEFAULT-VALUE})")
    private int maxInFlight;

    @Option(names = "--stats-interval", defaultValue = "10", description = "seconds between status lines (default: ${DEFAULT-VALUE})")
    private int statsInterval;

    @Option(names = "--drain-timeout", defaultValue = "60", description = "seconds to wait for acknowledgements at the end (default: ${DEFAULT-VALUE})")
    private int drainTimeout;

    @Override
    public Integer call() {
        Properties overrides = kafkaConfig == null ? new Properties() : ProducerSettings.load(kafkaConfig);
        Agent.Config config = Agent.Config.of(bootstrap, topic)
                .withKafkaOverrides(overrides)
                .withIdentity(agentId, domain == null ? agentId : domain)
                .withSpeed(speed)
                .withMaxInFlight(maxInFlight)
                .withTimeouts(Duration.ofSeconds(statsInterval), Duration.ofSeconds(30), Duration.ofSeconds(drainTimeout));
        return run(config, System.err);
    }

    private int run(Agent.Config config, PrintStream err) {
        CaptureSource source;
        try {
            source = input.file != null
                    ? CaptureFiles.open(input.file)
                    : LiveInterfaceSource.open(input.iface, LiveInterfaceSource.Options.defaults().withFilter(filter));
        } catch (CaptureException e) {
            err.println("synfin agent: " + e.getMessage());
            return 1;
        }
        try (source; Agent agent = new Agent(config); MetricsServer metrics = startMetrics(agent, err);
                // Ctrl-C / SIGTERM: stop capturing, then let the run drain and print before the JVM goes.
                StopHook hook = StopHook.install("synfin-agent-stop", agent::stop, config.drainTimeout().plusSeconds(5))) {
            Agent.Result result = agent.run(source, err);
            err.println("synfin agent: done " + result.metrics().statusLine());
            if (result.captureError() != null) {
                err.println("synfin agent: " + result.captureError().getMessage());
                return 2;
            }
            return result.complete() ? 0 : 3;
        } catch (IOException e) {
            err.println("synfin agent: metrics endpoint: " + e.getMessage());
            return 1;
        } catch (CaptureException e) {
            err.println("synfin agent: closing the capture: " + e.getMessage());
            return 2;
        }
    }

    private MetricsServer startMetrics(Agent agent, PrintStream err) throws IOException {
        if (metricsPort == null) {
            return null;
        }
        MetricsServer server = MetricsServer.start(agent.metrics(), InetAddress.getByName(metricsBind), metricsPort);
        err.println("synfin agent: metrics on http://" + server.address().getHostString() + ":" + server.address().getPort() + "/metrics");
        return server;
    }
}
