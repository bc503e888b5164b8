package io.sightline.agent.steer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.core.wire.FieldSpec;
import io.sightline.core.wire.LogField;
import io.sightline.core.wire.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SteerLogShipperTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T10:00:00Z"), ZoneOffset.UTC);

    private static LogEntry entry(int n) {
        return new LogEntry(
                Instant.parse("2025-06-01T09:00:00Z").plusSeconds(n), "INFO", "io.sightline.test", "line " + n);
    }

    private static List<String> messages(String body) throws Exception {
        JsonNode logs = MAPPER.readTree(body).get("logs");
        return java.util.stream.StreamSupport.stream(logs.spliterator(), false)
                .map(l -> l.get("message").asText())
                .toList();
    }

    @Test
    void shipsBatchesInTheContractShapeAndOrder() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        LogShipper shipper = new LogShipper(100, 2, Duration.ofHours(1), CLOCK);
        for (int i = 1; i <= 5; i++) {
            shipper.accept(entry(i));
        }
        assertThat(shipper.shipOnce(body -> {
                    bodies.add(body);
                    return 200;
                }))
                .isTrue();

        assertThat(bodies).hasSize(3);
        assertThat(messages(bodies.get(0))).containsExactly("line 1", "line 2");
        assertThat(messages(bodies.get(2))).containsExactly("line 5");
        JsonNode first = MAPPER.readTree(bodies.get(0)).get("logs").get(0);
        assertThat(first.toString())
                .isEqualTo("{\"timestamp\":\"2025-06-01T09:00:01Z\",\"level\":\"INFO\","
                        + "\"logger_name\":\"io.sightline.test\",\"message\":\"line 1\"}");
        assertThat(shipper.shipped()).isEqualTo(5);
        assertThat(shipper.queued()).isZero();
    }

    @Test
    void recordsAreFittedToTheDeclaredLimitsSoTheServerTakesTheBatch() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        LogShipper shipper = new LogShipper(100, 10, Duration.ofHours(1), CLOCK);
        shipper.accept(new LogEntry(
                Instant.parse("2025-06-01T09:00:00Z"),
                "X".repeat(30),
                "a.".repeat(400),
                "nul \0 and " + "m".repeat(FieldSpec.TEXT_LENGTH)));
        shipper.accept(entry(2));

        assertThat(shipper.shipOnce(body -> {
                    bodies.add(body);
                    return 200;
                }))
                .isTrue();

        JsonNode logs = MAPPER.readTree(bodies.getFirst()).get("logs");
        assertThat(logs).hasSize(2);
        for (JsonNode log : logs) {
            for (LogField field : LogField.values()) {
                assertThat(field.spec().read(log.get(field.wireName())))
                        .as(field.wireName())
                        .isInstanceOf(Reading.Value.class);
            }
        }
        assertThat(logs.get(0).get("message").asText())
                .startsWith("nul \uFFFD and mmm")
                .endsWith("…");
        assertThat(logs.get(1).get("message").asText()).isEqualTo("line 2");
    }

    @Test
    void whileTheServerIsAwayTheOldestAreDroppedAndCountedAndTheCountIsShippedFirst() throws Exception {
        LogShipper shipper = new LogShipper(3, 10, Duration.ofHours(1), CLOCK);
        shipper.accept(entry(1));
        shipper.accept(entry(2));
        assertThat(shipper.shipOnce(body -> {
                    throw new java.net.ConnectException("refused");
                }))
                .isFalse();
        for (int i = 3; i <= 6; i++) {
            shipper.accept(entry(i));
        }
        assertThat(shipper.queued()).isEqualTo(3);
        assertThat(shipper.dropped()).isEqualTo(3);

        List<String> bodies = new CopyOnWriteArrayList<>();
        assertThat(shipper.shipOnce(body -> {
                    bodies.add(body);
                    return 200;
                }))
                .isTrue();
        assertThat(messages(bodies.get(0)))
                .containsExactly(
                        "3 log records were dropped while the server could not take them",
                        "line 4",
                        "line 5",
                        "line 6");
    }

    @Test
    void acceptingNeverWaitsForTheServer() throws Exception {
        java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
        try (LogShipper shipper = new LogShipper(10, 1, Duration.ofMillis(1), CLOCK)) {
            shipper.accept(entry(0));
            shipper.start(body -> {
                stuck.await();
                return 200;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> shipper.queued() == 0);
            // the sender is now blocked inside a request: logging goes on regardless
            for (int i = 1; i <= 1000; i++) {
                shipper.accept(entry(i));
            }
            assertThat(shipper.queued()).isEqualTo(10);
            assertThat(shipper.dropped()).isEqualTo(990);
            stuck.countDown();
        }
    }
}
