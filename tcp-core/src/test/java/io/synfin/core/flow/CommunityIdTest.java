package io.synfin.core.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Community ID v1 against the published example of the community-id specification. */
class CommunityIdTest {

    private static final byte[] CLIENT = Addresses.parse("128.232.110.120");
    private static final byte[] SERVER = Addresses.parse("66.35.250.204");

    @Test
    void matchesThePublishedTcpExample() {
        assertThat(CommunityId.tcp(CLIENT, 34855, SERVER, 80)).isEqualTo("1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
    }

    @Test
    void isTheSameInBothDirectionsAndFromTheKey() {
        String forward = CommunityId.tcp(CLIENT, 34855, SERVER, 80);
        assertThat(CommunityId.tcp(SERVER, 80, CLIENT, 34855)).isEqualTo(forward);
        assertThat(CommunityId.of(FlowKey.of(9, SERVER, 80, CLIENT, 34855))).isEqualTo(forward);
    }

    @Test
    void seedAndIpv6ChangeTheHash() {
        String seeded = CommunityId.of(1, CLIENT, 34855, SERVER, 80, CommunityId.PROTO_TCP);
        assertThat(seeded).startsWith("1:").isNotEqualTo(CommunityId.tcp(CLIENT, 34855, SERVER, 80));
        byte[] a = Addresses.parse("2001:db8::1");
        byte[] b = Addresses.parse("2001:db8::2");
        assertThat(CommunityId.tcp(a, 1000, b, 443)).isEqualTo(CommunityId.tcp(b, 443, a, 1000)).hasSize(30);
    }
}
