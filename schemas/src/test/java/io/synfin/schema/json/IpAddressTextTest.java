package io.synfin.schema.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // RFC 5952 §4: lower case, no leading zeros, longest zero run compressed, first run on a tie.
        "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "0000:0000:0000:0000:0000:0000:0000:0001, ::1",
        "0000:0000:0000:0000:0000:0000:0000:0000, ::",
        "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1",
        "2001:0db8:0000:0001:0001:0001:0001:0001, 2001:db8:0:1:1:1:1:1",
        "2001:0db8:0000:0000:0001:0000:0000:0000, 2001:db8:0:0:1::",
        "2001:0db8:0000:0000:0000:0000:0000:0000, 2001:db8::",
        "fe80:0000:0000:0000:0202:b3ff:fe1e:8329, fe80::202:b3ff:fe1e:8329",
        "ff02:0000:0000:0000:0000:0000:0000:0001, ff02::1",
        "fd00:00ab:0cd0:0000:0000:0000:0000:0000, fd00:ab:cd0::",
        // RFC 5952 §5: IPv4-mapped addresses end in a dotted quad.
        "0000:0000:0000:0000:0000:ffff:c000:0201, ::ffff:192.0.2.1",
    })
    void ipv6FollowsRfc5952(String full, String canonical) {
        assertThat(IpAddressText.format(ipv6(full))).isEqualTo(canonical);
    }

    @Test
    void ipv4IsADottedQuad() {
        assertThat(IpAddressText.format(new byte[] {10, 0, 0, 1})).isEqualTo("10.0.0.1");
        assertThat(IpAddressText.format(new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255}))
                .isEqualTo("255.255.255.255");
    }

    @Test
    void randomAddressesReadBackAsTheSameBytes() throws Exception {
        Random random = new Random(5952);
        for (int i = 0; i < 2_000; i++) {
            byte[] address = new byte[random.nextBoolean() ? 4 : 16];
            random.nextBytes(address);
            if (address.length == 16 && random.nextBoolean()) {
                // Zero runs of random length and place, so compression is exercised.
                int from = random.nextInt(8) * 2;
                int to = Math.min(16, from + random.nextInt(8) * 2);
                for (int j = from; j < to; j++) {
                    address[j] = 0;
                }
            }
            String text = IpAddressText.format(address);
            // An address literal never triggers a name lookup.
            assertThat(InetAddress.getByName(text).getAddress()).as(text).isEqualTo(expectedBytes(address));
        }
    }

    @Test
    void appendingLeavesTheBufferPositionAlone() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, (byte) 192, 0, 2, 7});
        buffer.position(1).limit(5);

        assertThat(IpAddressText.append(new StringBuilder(), buffer)).hasToString("192.0.2.7");
        assertThat(buffer.position()).isEqualTo(1);
    }

    @Test
    void otherLengthsAreRejected() {
        assertThatThrownBy(() -> IpAddressText.format(new byte[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 5");
    }

    /** Java reads an IPv4-mapped IPv6 literal back as the IPv4 address. */
    private static byte[] expectedBytes(byte[] address) {
        if (address.length == 16 && IpAddressText.format(address).startsWith("::ffff:")
                && IpAddressText.format(address).contains(".")) {
            return Arrays.copyOfRange(address, 12, 16);
        }
        return address;
    }

    private static byte[] ipv6(String full) {
        String[] groups = full.split(":");
        ByteBuffer bytes = ByteBuffer.allocate(16);
        for (String group : groups) {
            bytes.putShort((short) Integer.parseInt(group, 16));
        }
        return bytes.array();
    }
}
