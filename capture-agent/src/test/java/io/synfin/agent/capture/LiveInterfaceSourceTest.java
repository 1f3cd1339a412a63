package io.synfin.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LiveInterfaceSourceTest {

    @Test
    void dltRawOfEitherPlatformBecomesLinktypeRawAndOtherDltsKeepTheirValue() {
        assertThat(LiveInterfaceSource.toLinkType(12)).isEqualTo(LinkType.RAW);
        assertThat(LiveInterfaceSource.toLinkType(14)).isEqualTo(LinkType.RAW);
        assertThat(LiveInterfaceSource.toLinkType(1)).isEqualTo(LinkType.ETHERNET);
        assertThat(LiveInterfaceSource.toLinkType(113)).isEqualTo(LinkType.LINUX_SLL);
        assertThat(LiveInterfaceSource.toLinkType(276)).isEqualTo(LinkType.LINUX_SLL2);
    }

    @Test
    void defaultOptionsCaptureHeadersPromiscuouslyWithoutAFilter() {
        LiveInterfaceSource.Options options = LiveInterfaceSource.Options.defaults();

        assertThat(options.snaplen()).isEqualTo(256);
        assertThat(options.promiscuous()).isTrue();
        assertThat(options.filter()).isNull();
        assertThat(options.withFilter("tcp").withPromiscuous(false))
                .isEqualTo(new LiveInterfaceSource.Options(256, false, 100, "tcp"));
    }
}
