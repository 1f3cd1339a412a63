package io.synfin.core.segment;

import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.CWR;
import static io.synfin.core.segment.TcpFlags.ECE;
import static io.synfin.core.segment.TcpFlags.FIN;
import static io.synfin.core.segment.TcpFlags.PSH;
import static io.synfin.core.segment.TcpFlags.RST;
import static io.synfin.core.segment.TcpFlags.SYN;
import static io.synfin.core.segment.TcpFlags.URG;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TcpFlagsTest {

    @Test
    void handshakeAndTeardownFlagsPrintAsTcpdumpDoes() {
        assertThat(TcpFlags.toTcpdump(SYN)).isEqualTo("S");
        assertThat(TcpFlags.toTcpdump(SYN | ACK)).isEqualTo("S.");
        assertThat(TcpFlags.toTcpdump(ACK)).isEqualTo(".");
        assertThat(TcpFlags.toTcpdump(PSH | ACK)).isEqualTo("P.");
        assertThat(TcpFlags.toTcpdump(FIN | ACK)).isEqualTo("F.");
        assertThat(TcpFlags.toTcpdump(FIN | PSH | ACK)).isEqualTo("FP.");
        assertThat(TcpFlags.toTcpdump(RST)).isEqualTo("R");
        assertThat(TcpFlags.toTcpdump(RST | ACK)).isEqualTo("R.");
    }

    @Test
    void urgentAndEcnFlagsFollowTheAck() {
        assertThat(TcpFlags.toTcpdump(SYN | ECE | CWR)).isEqualTo("SEW");
        assertThat(TcpFlags.toTcpdump(PSH | ACK | URG)).isEqualTo("P.U");
        assertThat(TcpFlags.toTcpdump(FIN | PSH | URG)).isEqualTo("FPU");
        assertThat(TcpFlags.toTcpdump(TcpFlags.NS | ACK)).isEqualTo(".e");
    }

    @Test
    void noFlagsPrintsNone() {
        assertThat(TcpFlags.toTcpdump(0)).isEqualTo("none");
    }

    @Test
    void hasRequiresEveryBit() {
        assertThat(TcpFlags.has(SYN | ACK, SYN)).isTrue();
        assertThat(TcpFlags.has(SYN, SYN | ACK)).isFalse();
    }
}
