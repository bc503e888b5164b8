package io.sightline.agent.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WatchOptionsTest {

    @Test
    void defaultsAreEventsPlusTenSecondRescansAndAOneSecondSettleWindow() {
        WatchOptions options = WatchOptions.of(Path.of("visit"));

        assertThat(options.root()).isEqualTo(Path.of("visit").toAbsolutePath());
        assertThat(options.pollingOnly()).isFalse();
        assertThat(options.rescanInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.settleWindow()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.retryMin()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.retryMax()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void withersChangeOnlyTheirOwnField() {
        Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        WatchOptions options = WatchOptions.of(Path.of("/data/visit/../visit"))
                .withPollingOnly(true)
                .withRescanInterval(Duration.ofSeconds(3))
                .withSettleWindow(Duration.ofMillis(200))
                .withRetry(Duration.ofMillis(10), Duration.ofSeconds(1))
                .withClock(clock);

        assertThat(options)
                .isEqualTo(new WatchOptions(
                        Path.of("/data/visit"),
                        true,
                        Duration.ofSeconds(3),
                        Duration.ofMillis(200),
                        Duration.ofMillis(10),
                        Duration.ofSeconds(1),
                        clock));
    }

    @Test
    void nonsenseDurationsAreRejectedNamingTheOption() {
        WatchOptions options = WatchOptions.of(Path.of("/v"));

        assertThatThrownBy(() -> options.withRescanInterval(Duration.ZERO)).hasMessageContaining("rescanInterval");
        assertThatThrownBy(() -> options.withSettleWindow(Duration.ofMillis(-1)))
                .hasMessageContaining("settleWindow");
        assertThatThrownBy(() -> options.withRetry(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("retryMax");
    }
}
