package io.synfin.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Service names from the responder port and Zeek's default-mode originator guess. */
class ServicePortsTest {

    @Test
    void namesWellKnownServices() {
        assertThat(ServicePorts.service(22)).isEqualTo("ssh");
        assertThat(ServicePorts.service(443)).isEqualTo("ssl");
        assertThat(ServicePorts.service(6669)).isEqualTo("irc");
        assertThat(ServicePorts.service(40000)).isNull();
        assertThat(ServicePorts.service(-1)).isNull();
    }

    @Test
    void flipsWhenOnlyTheSourceIsAServerPort() {
        assertThat(ServicePorts.flipMidStream(80, 40000, false)).isTrue();
        assertThat(ServicePorts.flipMidStream(80, 40000, true)).isTrue();
        assertThat(ServicePorts.flipMidStream(40000, 80, false)).isFalse();
    }

    @Test
    void withTwoServerPortsFlipsASynAckOrASegmentFromTheLowerPort() {
        assertThat(ServicePorts.flipMidStream(22, 80, false)).isTrue();
        assertThat(ServicePorts.flipMidStream(80, 22, false)).isFalse();
        assertThat(ServicePorts.flipMidStream(80, 6669, true)).isTrue();
        assertThat(ServicePorts.flipMidStream(40000, 80, true)).isFalse();
    }
}
