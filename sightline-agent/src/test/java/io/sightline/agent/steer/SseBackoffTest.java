package io.sightline.agent.steer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SseBackoffTest {
    private final Backoff backoff = Backoff.DEFAULT;

    @Test
    void ceilingDoublesFromHalfASecondUpToThirtySeconds() {
        assertThat(IntStream.rangeClosed(0, 8).mapToObj(backoff::ceiling).map(Duration::toMillis))
                .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
        assertThat(backoff.ceiling(10_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void delayIsSpreadOverTheWholeRangeFromTheFloorToTheCeiling() {
        assertThat(backoff.delay(3, () -> 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(3, () -> 0.5)).isEqualTo(Duration.ofMillis(2250));
        assertThat(backoff.delay(3, () -> 0.9999999)).isEqualTo(Duration.ofMillis(4000));
        assertThat(backoff.delay(50, () -> 0.9999999)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(0, () -> 0.9999999)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aFloorAboveTheCapIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
