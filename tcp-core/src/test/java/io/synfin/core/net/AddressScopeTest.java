package io.synfin.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.flow.Addresses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPEC §6 address scopes and the seed document's IPv4 classes and private ranges. */
class AddressScopeTest {

    @ParameterizedTest(name = "{0} is {1}, class {2}")
    @CsvSource({
        "10.1.2.3, PRIVATE_10, A",
        "172.16.0.1, PRIVATE_172_16, B",
        "172.31.255.255, PRIVATE_172_16, B",
        "172.32.0.1, PUBLIC, B",
        "192.168.10.1, PRIVATE_192_168, C",
        "127.0.0.1, LOOPBACK, A",
        "169.254.1.1, LINK_LOCAL, B",
        "224.0.0.251, MULTICAST, D",
        "239.255.255.255, MULTICAST, D",
        "240.0.0.1, RESERVED, E",
        "255.255.255.255, BROADCAST, E",
        "0.0.0.0, UNSPECIFIED, A",
        "8.8.8.8, PUBLIC, A",
        "128.0.0.1, PUBLIC, B",
        "220.181.27.48, PUBLIC, C",
        "::1, LOOPBACK, -",
        "::, UNSPECIFIED, -",
        "fe80::1, LINK_LOCAL, -",
        "fd00::1, UNIQUE_LOCAL, -",
        "ff02::1, MULTICAST, -",
        "2001:db8::1, PUBLIC, -",
    })
    void classifies(String address, AddressScope scope, char ipv4Class) {
        byte[] addr = Addresses.parse(address);
        assertThat(AddressScope.of(addr)).isEqualTo(scope);
        assertThat(AddressScope.ipv4Class(addr)).isEqualTo(ipv4Class);
    }
}
