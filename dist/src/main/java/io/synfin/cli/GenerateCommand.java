package io.synfin.cli;

import io.synfin.cli.gen.PcapWriter;
import io.synfin.cli.gen.SyntheticTraffic;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code synfin generate FILE}: writes a large synthetic capture for benchmarks and load tests. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a deterministic synthetic pcap: many concurrent IPv4 connections with every kind of ending",
            "(closes by either side, FIN+ACK, half-close, simultaneous close, refused, unanswered, RST, loss)."
        })
final class GenerateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "the pcap file to write")
    private Path file;

    @Option(names = "--packets", defaultValue = "1000000", description = "number of packets (default: ${DEFAULT-VALUE})")
    private long packets;

    @Option(names = "--rate", defaultValue = "5000", description = "new connections per second of capture time (default: ${DEFAULT-VALUE})")
    private int rate;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--snaplen", defaultValue = "96", description = "bytes kept per frame (default: ${DEFAULT-VALUE})")
    private int snaplen;

    @Override
    public Integer call() throws Exception {
        SyntheticTraffic traffic = new SyntheticTraffic(seed, packets, rate, 1_767_225_600_000_000L); // 2026-01-01
        SyntheticTraffic.Packet p = new SyntheticTraffic.Packet();
        long n = 0;
        try (PcapWriter writer = new PcapWriter(file, snaplen)) {
            while (traffic.next(p)) {
                writer.write(p);
                n++;
            }
        }
        System.err.printf("wrote %s: %d packets, %d connections%n", file, n, traffic.connections());
        return 0;
    }
}
