package io.sightline.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchPolicyTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private final BatchPolicy policy = new BatchPolicy(50, Duration.ofSeconds(30));

    @Test
    void fullBatchesAreCutAtOnceAndTheRestWaits() {
        assertThat(policy.cut(120, T0, T0, false)).containsExactly(50, 50);
        assertThat(policy.cut(49, T0, T0.plusSeconds(29), false)).isEmpty();
    }

    @Test
    void whatWaitedTheMaximumBecomesOnePartialBatch() {
        assertThat(policy.cut(49, T0, T0.plusSeconds(30), false)).containsExactly(49);
        assertThat(policy.cut(120, T0, T0.plusSeconds(31), false)).containsExactly(50, 50, 20);
        assertThat(policy.due(49, T0)).contains(T0.plusSeconds(30));
        assertThat(policy.due(0, T0)).isEmpty();
    }

    @Test
    void aFlushCutsWhatWaitsNow() {
        assertThat(policy.cut(3, T0, T0, true)).containsExactly(3);
        assertThat(policy.cut(0, T0, T0, true)).isEmpty();
    }

    @Test
    void sizesAndWaitsOutOfBoundsAreRefused() {
        assertThatThrownBy(() -> new BatchPolicy(0, Duration.ofSeconds(1))).hasMessageContaining("batch size");
        assertThatThrownBy(() -> new BatchPolicy(1, Duration.ZERO)).hasMessageContaining("max wait");
        assertThatThrownBy(() -> new BatchPolicy(1, Duration.ofDays(2))).hasMessageContaining("max wait");
    }
}
