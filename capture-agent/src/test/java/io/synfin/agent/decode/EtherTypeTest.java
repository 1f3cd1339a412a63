package io.synfin.agent.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EtherTypeTest {

    @Test
    void namesKnownTypesLengthFieldsAndUnknownTypesWithoutThrowing() {
        assertThat(EtherType.name(EtherType.IPV4)).isEqualTo("IPv4");
        assertThat(EtherType.name(EtherType.QINQ)).isEqualTo("802.1ad");
        assertThat(EtherType.name(EtherType.FABRICPATH)).isEqualTo("FabricPath");
        assertThat(EtherType.name(64)).isEqualTo("802.3-length(64)");
        assertThat(EtherType.name(0x88cc)).isEqualTo("unknown(0x88cc)");
    }
}
