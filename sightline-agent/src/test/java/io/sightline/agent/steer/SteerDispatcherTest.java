package io.sightline.agent.steer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sightline.agent.outbox.AgentStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SteerDispatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path stateDir;

    private final AtomicInteger runs = new AtomicInteger();

    private HandlerRegistry registry() {
        return HandlerRegistry.builder()
                .on("test.echo", i -> {
                    runs.incrementAndGet();
                    return new Outcome.Processed(JsonNodeFactory.instance
                            .objectNode()
                            .put("echo", i.payload().path("x").asText()));
                })
                .on("test.boom", i -> {
                    runs.incrementAndGet();
                    throw new IllegalStateException("the microscope is busy");
                })
                .build();
    }

    private static Instruction instruction(String id, String type) {
        return new Instruction(
                id, type, JsonNodeFactory.instance.objectNode().put("x", "hi"), "normal", null, null, null, 1);
    }

    private static InstructionDispatcher dispatcher(HandlerRegistry registry, AgentStore store, AckSender acks) {
        return new InstructionDispatcher(
                registry,
                store,
                acks,
                java.time.Clock.systemUTC(),
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)));
    }

    @Test
    void acknowledgesReceivedThenProcessedWithResultTimingAndTime() throws Exception {
        RecordedAcks acks = new RecordedAcks();
        try (AgentStore store = AgentStore.inMemory("d1-" + UUID.randomUUID());
                InstructionDispatcher d = dispatcher(registry(), store, acks)) {
            d.offer(instruction("i1", "test.echo"));
            assertThat(d.awaitIdle(WAIT)).isTrue();
        }
        assertThat(acks.statuses("i1")).containsExactly("received", "processed");
        var fin = acks.last("i1").body();
        assertThat(fin.get("result").asText()).isEqualTo("{\"echo\":\"hi\"}");
        assertThat(fin.get("processing_time_ms").asLong()).isNotNegative();
        assertThat(fin.get("processed_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(fin.has("error_message")).isFalse();
        assertThat(acks.all().get(0).body().size())
                .as("received carries the status only")
                .isEqualTo(1);
    }

    @Test
    void aHandlerExceptionIsAcknowledgedFailedWithItsMessage() throws Exception {
        RecordedAcks acks = new RecordedAcks();
        try (AgentStore store = AgentStore.inMemory("d2-" + UUID.randomUUID());
                InstructionDispatcher d = dispatcher(registry(), store, acks)) {
            d.offer(instruction("i2", "test.boom"));
            assertThat(d.awaitIdle(WAIT)).isTrue();
        }
        assertThat(acks.statuses("i2")).containsExactly("received", "failed");
        assertThat(acks.last("i2").body().get("error_message").asText()).isEqualTo("the microscope is busy");
    }

    @Test
    void anUnknownTypeIsDeclinedNeverProcessed() throws Exception {
        RecordedAcks acks = new RecordedAcks();
        try (AgentStore store = AgentStore.inMemory("d3-" + UUID.randomUUID());
                InstructionDispatcher d = dispatcher(registry(), store, acks)) {
            d.offer(instruction("i3", "microscope.control.self_destruct"));
            assertThat(d.awaitIdle(WAIT)).isTrue();
        }
        assertThat(acks.statuses("i3")).containsExactly("received", "declined");
        assertThat(acks.last("i3").body().get("error_message").asText())
                .contains("unknown instruction type 'microscope.control.self_destruct'", "test.echo");
    }

    @Test
    void anInstructionDeliveredAgainWhileItsHandlerRunsIsIgnored() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        HandlerRegistry slow = HandlerRegistry.builder()
                .on("test.slow", i -> {
                    runs.incrementAndGet();
                    started.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return new Outcome.Processed(null);
                })
                .build();
        RecordedAcks acks = new RecordedAcks();
        try (AgentStore store = AgentStore.inMemory("d4-" + UUID.randomUUID());
                InstructionDispatcher d = dispatcher(slow, store, acks)) {
            d.offer(instruction("i4", "test.slow"));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            d.offer(instruction("i4", "test.slow"));
            release.countDown();
            assertThat(d.awaitIdle(WAIT)).isTrue();
            assertThat(d.handlerRuns()).isEqualTo(1);
        }
        assertThat(runs).hasValue(1);
        assertThat(acks.statuses("i4")).containsExactly("received", "processed");
    }

    @Test
    void aRedeliveredFinishedInstructionIsAcknowledgedAgainWithTheSameBodyWithoutRunningIt() throws Exception {
        RecordedAcks acks = new RecordedAcks();
        try (AgentStore store = AgentStore.inMemory("d5-" + UUID.randomUUID());
                InstructionDispatcher d = dispatcher(registry(), store, acks)) {
            d.offer(instruction("i5", "test.echo"));
            assertThat(d.awaitIdle(WAIT)).isTrue();
            d.offer(instruction("i5", "test.echo"));
            assertThat(d.awaitIdle(WAIT)).isTrue();
            assertThat(d.redelivered()).isEqualTo(1);
        }
        assertThat(runs).hasValue(1);
        assertThat(acks.statuses("i5")).containsExactly("received", "processed", "processed");
        List<RecordedAcks.Sent> all = acks.all();
        assertThat(all.get(2).body()).isEqualTo(all.get(1).body());
    }

    @Test
    void deDuplicationSurvivesAnAgentRestart() throws Exception {
        RecordedAcks before = new RecordedAcks();
        try (AgentStore store = AgentStore.open(stateDir);
                InstructionDispatcher d = dispatcher(registry(), store, before)) {
            d.offer(instruction("i6", "test.boom"));
            assertThat(d.awaitIdle(WAIT)).isTrue();
        }
        RecordedAcks after = new RecordedAcks();
        try (AgentStore reopened = AgentStore.open(stateDir);
                InstructionDispatcher d = dispatcher(registry(), reopened, after)) {
            d.offer(instruction("i6", "test.boom"));
            d.offer(instruction("i7", "test.echo"));
            assertThat(d.awaitIdle(WAIT)).isTrue();
            assertThat(reopened.rememberedAckCount()).isEqualTo(2);
        }
        assertThat(runs).as("i6 once before the restart, i7 once after").hasValue(2);
        assertThat(after.statuses("i6")).containsExactly("failed");
        assertThat(after.last("i6").body()).isEqualTo(before.last("i6").body());
        assertThat(after.statuses("i7")).containsExactly("received", "processed");
    }

    @Test
    void anAckTheServerCannotTakeNowIsRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RecordedAcks acks = new RecordedAcks(() -> calls.incrementAndGet() <= 2 ? 503 : 200);
        try (AgentStore store = AgentStore.inMemory("d8-" + UUID.randomUUID());
                InstructionDispatcher d = dispatcher(registry(), store, acks)) {
            d.offer(instruction("i8", "test.echo"));
            await().atMost(WAIT).until(() -> acks.statuses("i8").contains("processed"));
            assertThat(d.awaitIdle(WAIT)).isTrue();
        }
        assertThat(acks.statuses("i8")).containsExactly("received", "received", "received", "processed");
    }

    @Test
    void aFinalAckGivenUpOnWhileTheServerIsAwayIsSentAgainWhenTheStreamReopens() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean away = new java.util.concurrent.atomic.AtomicBoolean(true);
        RecordedAcks acks = new RecordedAcks(() -> away.get() ? 503 : 200);
        try (AgentStore store = AgentStore.inMemory("d9-" + UUID.randomUUID());
                InstructionDispatcher d = dispatcher(registry(), store, acks)) {
            d.offer(instruction("i9", "test.echo"));
            assertThat(d.awaitIdle(WAIT)).isTrue();
            assertThat(d.undeliveredAcks()).isEqualTo(1);
            int triedWhileAway = acks.all().size();

            away.set(false);
            d.resendUndelivered();
            assertThat(d.awaitIdle(WAIT)).isTrue();
            assertThat(d.undeliveredAcks()).isZero();
            // only the final ack goes again, once, and the handler did not run again
            assertThat(acks.all().subList(triedWhileAway, acks.all().size()))
                    .extracting(RecordedAcks.Sent::status)
                    .containsExactly("processed");
            assertThat(runs).hasValue(1);
            d.resendUndelivered();
            assertThat(d.awaitIdle(WAIT)).isTrue();
            assertThat(acks.all()).hasSize(triedWhileAway + 1);
        }
    }
}
