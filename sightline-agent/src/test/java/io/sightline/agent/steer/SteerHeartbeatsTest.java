package io.sightline.agent.steer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SteerHeartbeatsTest {

    @Test
    void beatsEveryIntervalAndStopsWhenSetToZero() {
        AtomicInteger calls = new AtomicInteger();
        try (Heartbeats beats = new Heartbeats(
                        () -> {
                            calls.incrementAndGet();
                            return 200;
                        },
                        Duration.ofMillis(20))
                .start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> beats.sent() >= 3);
            beats.interval(Duration.ZERO);
            int after = calls.get();
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> calls.get() <= after + 1);
        }
    }

    @Test
    void zeroDisablesFromTheStartAndALaterIntervalEnablesThem() {
        AtomicInteger calls = new AtomicInteger();
        try (Heartbeats beats = new Heartbeats(
                        () -> {
                            calls.incrementAndGet();
                            return 200;
                        },
                        Duration.ZERO)
                .start()) {
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 0);
            beats.interval(Duration.ofMillis(10));
            await().atMost(Duration.ofSeconds(10)).until(() -> beats.sent() >= 2);
        }
    }

    @Test
    void failuresAreNotCountedAsSent() {
        AtomicInteger calls = new AtomicInteger();
        Heartbeats beats =
                new Heartbeats(() -> calls.incrementAndGet() % 2 == 0 ? 200 : 503, Duration.ofMillis(10)).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 6);
        beats.close();
        // every other beat was refused: about half were sent, and never all of them
        assertThat(beats.sent()).isPositive().isLessThanOrEqualTo(calls.get() / 2);
    }
}
