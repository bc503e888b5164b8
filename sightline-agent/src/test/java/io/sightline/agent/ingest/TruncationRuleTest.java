package io.sightline.agent.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a file that ends early is taken for truncated: enough reads of the same bytes, over long enough. */
class TruncationRuleTest {

    @Test
    void withTheDefaultSettleWindowAFileMustEndEarlyOverFourReadsAndThirtySeconds() {
        TruncationRule rule = TruncationRule.forSettleWindow(Duration.ofSeconds(1));
        assertThat(rule).isEqualTo(TruncationRule.DEFAULT);
        assertThat(rule.truncated(4, Duration.ofSeconds(30))).isTrue();
        assertThat(rule.truncated(3, Duration.ofHours(1))).as("too few reads").isFalse();
        assertThat(rule.truncated(100, Duration.ofSeconds(29)))
                .as("not long enough")
                .isFalse();
    }

    @Test
    void theTimeScalesWithTheSettleWindow() {
        assertThat(TruncationRule.forSettleWindow(Duration.ofMillis(200)).unchangedFor())
                .isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void aRuleWithNoReadOrANegativeTimeIsRefused() {
        assertThatThrownBy(() -> new TruncationRule(0, Duration.ZERO)).hasMessageContaining("reads");
        assertThatThrownBy(() -> new TruncationRule(1, Duration.ofSeconds(-1))).hasMessageContaining("negative");
    }
}
