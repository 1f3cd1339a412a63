package io.synfin.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Live capture on {@code lo} (needs root or CAP_NET_RAW): a real TCP connection on an ephemeral port,
 * seen through a BPF filter, from SYN to both FINs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveInterfaceSourceITCase {

    private static final int ETHERTYPE_OFFSET = 12;
    private static final int IPV4_OFFSET = 14;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int IP_PROTOCOL_OFFSET = 9;
    private static final int TCP_PROTOCOL = 6;
    private static final int TCP_SRC_PORT_OFFSET = 0;
    private static final int TCP_FLAGS_OFFSET = 13;
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final int FIN = 0x01;
    private static final long WAIT_SECONDS = 10;

    private final ExecutorService captureThread = Executors.newSingleThreadExecutor();

    /** A TCP frame seen on lo: its source port and flags byte, read from the raw bytes. */
    private record TcpFrame(int linkType, long timestampNanos, int sourcePort, int flags) {}

    @AfterEach
    void shutDown() throws InterruptedException {
        captureThread.shutdownNow();
        assertThat(captureThread.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void capturesHandshakeAndTeardownOfALoopbackConnectionThenStops() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            LiveInterfaceSource source = LiveInterfaceSource.open("lo",
                    LiveInterfaceSource.Options.defaults().withFilter("tcp port " + port));
            try (source) {
                assertThat(source.linkType()).isEqualTo(LinkType.ETHERNET);
                List<TcpFrame> seen = new CopyOnWriteArrayList<>();
                CountDownLatch twoFins = new CountDownLatch(2);
                long before = System.currentTimeMillis() * 1_000_000L;
                Future<Long> run = captureThread.submit(() -> source.run(frame -> {
                    TcpFrame tcp = parse(frame);
                    seen.add(tcp);
                    if ((tcp.flags() & FIN) != 0) {
                        twoFins.countDown();
                    }
                }));

                int clientPort = talk(server);

                assertThat(twoFins.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("both FINs captured").isTrue();
                long after = System.currentTimeMillis() * 1_000_000L + 1_000_000L;
                source.stop();
                long delivered = run.get(WAIT_SECONDS, TimeUnit.SECONDS);

                assertThat(delivered).isEqualTo(seen.size()).isBetween(6L, 40L);
                assertThat(seen).allSatisfy(f -> {
                    assertThat(f.linkType()).isEqualTo(LinkType.ETHERNET);
                    assertThat(f.timestampNanos()).isBetween(before - 1_000_000_000L, after);
                });
                assertThat(seen.get(0)).as("first frame is the client's SYN")
                        .extracting(TcpFrame::sourcePort, TcpFrame::flags).containsExactly(clientPort, SYN);
                assertThat(seen).anySatisfy(f -> {
                    assertThat(f.sourcePort()).isEqualTo(port);
                    assertThat(f.flags()).isEqualTo(SYN | ACK);
                });
                assertThat(seen).filteredOn(f -> (f.flags() & FIN) != 0)
                        .extracting(TcpFrame::sourcePort).containsExactlyInAnyOrder(clientPort, port);
                // libpcap 1.10 on Linux honours the nanosecond request; with true nanoseconds not every
                // frame of a connection lands on a whole microsecond.
                assertThat(source.nanosecondTimestamps()).isTrue();
                assertThat(seen).anySatisfy(f -> assertThat(f.timestampNanos() % 1000).isNotZero());
                CaptureStats stats = source.stats();
                assertThat(stats.received()).isGreaterThanOrEqualTo(delivered);
                assertThat(stats.droppedByKernel()).isZero();
            }
        }
    }

    @Test
    void stopEndsAnIdleCaptureWithinTheReadTimeout() throws Exception {
        // Port 9 (discard) on lo: nothing listens, so the loop sees no packet at all.
        try (LiveInterfaceSource source = LiveInterfaceSource.open("lo",
                LiveInterfaceSource.Options.defaults().withFilter("tcp port 9 and tcp port 10"))) {
            CountDownLatch started = new CountDownLatch(1);
            Future<Long> run = captureThread.submit(() -> {
                started.countDown();
                return source.run(frame -> {});
            });
            assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            long stopAt = System.nanoTime();
            source.stop();

            assertThat(run.get(WAIT_SECONDS, TimeUnit.SECONDS)).isZero();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt)).isLessThan(5_000);
        }
    }

    @Test
    void anyInterfaceDeliversLinuxCookedFrames() throws Exception {
        // libpcap 1.10.3 activates "any" as LINUX_SLL (113); tcpdump 4.99 then switches to LINUX_SLL2 (276),
        // which is why its files carry 276. Either way the frames are cooked, not Ethernet.
        try (LiveInterfaceSource source = LiveInterfaceSource.open("any",
                LiveInterfaceSource.Options.defaults().withPromiscuous(false).withFilter("tcp port 9"))) {
            assertThat(source.linkType()).isIn(LinkType.LINUX_SLL, LinkType.LINUX_SLL2);
        }
    }

    @Test
    void unknownInterfaceIsAClearCaptureException() {
        assertThatThrownBy(() -> LiveInterfaceSource.open("synfin-none0", LiveInterfaceSource.Options.defaults()))
                .isInstanceOf(CaptureException.class)
                .hasMessageStartingWith("synfin-none0: no such device");
    }

    @Test
    void filterThatDoesNotCompileIsAClearCaptureException() {
        assertThatThrownBy(() -> LiveInterfaceSource.open("lo",
                        LiveInterfaceSource.Options.defaults().withFilter("tcp port banana")))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("invalid BPF filter 'tcp port banana'");
    }

    /** Connects, exchanges a few bytes each way, and closes both ends; returns the client's port. */
    private static int talk(ServerSocket server) throws Exception {
        server.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        try (Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            client.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            accepted.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            OutputStream toServer = client.getOutputStream();
            InputStream atServer = accepted.getInputStream();
            toServer.write("hello".getBytes(StandardCharsets.US_ASCII));
            toServer.flush();
            assertThat(atServer.readNBytes(5)).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
            accepted.getOutputStream().write("world".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.getInputStream().readNBytes(5)).asString(StandardCharsets.US_ASCII).isEqualTo("world");
            int clientPort = client.getLocalPort();
            client.close();
            assertThat(atServer.read()).as("server sees the client's FIN").isEqualTo(-1);
            return clientPort;
        }
    }

    private static TcpFrame parse(RawFrame frame) {
        ByteBuffer b = frame.buffer();
        int o = frame.offset();
        assertThat(b.getShort(o + ETHERTYPE_OFFSET) & 0xFFFF).isEqualTo(ETHERTYPE_IPV4);
        int ip = o + IPV4_OFFSET;
        assertThat(b.get(ip + IP_PROTOCOL_OFFSET)).isEqualTo((byte) TCP_PROTOCOL);
        int tcp = ip + (b.get(ip) & 0x0F) * 4;
        return new TcpFrame(frame.linkType(), frame.timestampNanos(),
                b.getShort(tcp + TCP_SRC_PORT_OFFSET) & 0xFFFF, b.get(tcp + TCP_FLAGS_OFFSET) & 0xFF);
    }
}
