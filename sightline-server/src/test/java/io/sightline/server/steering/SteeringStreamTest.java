package io.sightline.server.steering;

import static io.sightline.server.steering.SteeringClient.WAIT;
import static io.sightline.server.steering.SteeringClient.awaitInstructions;
import static io.sightline.server.steering.SteeringClient.instructionIds;
import static io.sightline.server.steering.SteeringClient.json;
import static io.sightline.server.steering.SteeringClient.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** The instruction stream: order, live delivery, redelivery, Last-Event-ID, replacement, closed sessions. */
class SteeringStreamTest {

    private static TestServer server(TestDatabase db) {
        return TestServer.start(
                db, c -> c.withSteering(SteeringSettings.DEFAULT.withStreamHeartbeat(Duration.ofMillis(300))), b -> b);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void streamSendsConnectionThenPendingInstructionsByPriorityThenSequenceThenCreation(TestDatabase db) {
        try (TestServer server = server(db)) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            String session = agent.session();
            // Created in an order that neither creation time nor text sorting would deliver correctly:
            // as text "low" < "normal" and "10" < "9".
            String lowNoSeq = agent.instruction(session, "t.low", "priority", "low");
            String normal10 = agent.instruction(session, "t.n10", "sequence_number", 10);
            String highNoSeq = agent.instruction(session, "t.high", "priority", "high");
            String normal9 = agent.instruction(session, "t.n9", "sequence_number", 9);
            String normalNoSeq = agent.instruction(session, "t.n", "priority", "normal");
            String highSeq = agent.instruction(session, "t.high1", "priority", "high", "sequence_number", 1);
            String lowSeq = agent.instruction(session, "t.low1", "priority", "low", "sequence_number", 1);
            String normalNoSeqLater = agent.instruction(session, "t.n.later");

            try (SseRecorder stream = agent.stream(session)) {
                awaitInstructions(stream, 8);
                assertThat(stream.messages().getFirst().event()).isEqualTo("connection");
                assertThat(instructionIds(stream))
                        .containsExactly(
                                highSeq, highNoSeq, normal9, normal10, normalNoSeq, normalNoSeqLater, lowSeq, lowNoSeq);
                JsonNode first = json(named(stream, "instruction").getFirst().data());
                assertThat(first.get("type").asText()).isEqualTo("instruction");
                assertThat(first.get("instruction_id").asText()).isEqualTo(highSeq);
                assertThat(first.get("instruction_type").asText()).isEqualTo("t.high1");
                assertThat(first.get("priority").asText()).isEqualTo("high");
                assertThat(first.get("sequence_number").asLong()).isEqualTo(1);
                assertThat(first.get("payload").isObject()).isTrue();
                assertThat(first.get("delivery_count").asInt()).isEqualTo(1);
                JsonNode connection = json(stream.messages().getFirst().data());
                assertThat(connection.get("session_id").asText()).isEqualTo(session);
                assertThat(connection.get("agent_id").asText()).isEqualTo("krios-1");
                assertThat(connection.get("connection_id").asText()).isNotBlank();
                assertThat(agent.instructionRow(session, highSeq).get("status").asText())
                        .isEqualTo("sent");
            }
        }
    }

    @Test
    void eachEventIsCompleteOnTheWireWhenWrittenForAChunkStrictReader() {
        // no heartbeat within the test: an event held back until the next write would never arrive
        try (TestServer server = TestServer.start(
                TestDatabase.h2(),
                c -> c.withSteering(SteeringSettings.DEFAULT.withStreamHeartbeat(Duration.ofHours(1))),
                b -> b)) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            String session = agent.session();
            try (SseRecorder stream = agent.chunkStrictStream(session)) {
                await().atMost(WAIT).until(() -> !named(stream, "connection").isEmpty());
                for (int i = 1; i <= 3; i++) {
                    String id = agent.instruction(session, "t." + i);
                    await().atMost(WAIT).until(() -> instructionIds(stream).contains(id));
                }
            }
        }
    }

    @Test
    void instructionCreatedWhileConnectedArrivesLiveAndHeartbeatsFlow() {
        try (TestServer server = server(TestDatabase.h2())) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            String session = agent.session();
            try (SseRecorder stream = agent.stream(session)) {
                await().atMost(WAIT).until(() -> !named(stream, "connection").isEmpty());
                String id = agent.instruction(session, "agent.status.request", "payload", Map.of("a", 1));
                awaitInstructions(stream, 1);
                assertThat(instructionIds(stream)).containsExactly(id);
                assertThat(json(named(stream, "instruction").getFirst().data())
                                .get("payload")
                                .get("a")
                                .asInt())
                        .isEqualTo(1);
                await().atMost(WAIT).until(() -> !named(stream, "heartbeat").isEmpty());
                assertThat(json(named(stream, "heartbeat").getFirst().data())
                                .get("connection_id")
                                .asText())
                        .isEqualTo(json(named(stream, "connection").getFirst().data())
                                .get("connection_id")
                                .asText());
            }
        }
    }

    @Test
    void instructionNotFinallyAcknowledgedIsSentAgainOnTheNextConnection() {
        try (TestServer server = server(TestDatabase.h2())) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            String session = agent.session();
            String done = agent.instruction(session, "t.done");
            String received = agent.instruction(session, "t.received");
            String unacked = agent.instruction(session, "t.unacked");
            try (SseRecorder first = agent.stream(session)) {
                awaitInstructions(first, 3);
                assertThat(agent.ack(session, done, "{\"status\":\"processed\"}")
                                .status())
                        .isEqualTo(200);
                assertThat(agent.ack(session, received, "{\"status\":\"received\"}")
                                .status())
                        .isEqualTo(200);
            }
            try (SseRecorder second = agent.stream(session)) {
                awaitInstructions(second, 2);
                assertThat(instructionIds(second)).containsExactly(received, unacked);
                assertThat(json(named(second, "instruction").get(1).data())
                                .get("delivery_count")
                                .asInt())
                        .isEqualTo(2);
            }
        }
    }

    @Test
    void lastEventIdSkipsThatInstructionAndRecordsReceived() {
        try (TestServer server = server(TestDatabase.h2())) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            String session = agent.session();
            String a = agent.instruction(session, "t.a", "priority", "high");
            String b = agent.instruction(session, "t.b");
            try (SseRecorder first = agent.stream(session)) {
                awaitInstructions(first, 2);
            }
            try (SseRecorder second = agent.stream(session, Map.of("Last-Event-ID", a))) {
                awaitInstructions(second, 1);
                assertThat(agent.instructionRow(session, a).get("status").asText())
                        .isEqualTo("received");
                assertThat(agent.instructionRow(session, a)
                                .get("acks")
                                .get(0)
                                .get("status")
                                .asText())
                        .isEqualTo("received");
                await().atMost(WAIT).until(() -> !named(second, "heartbeat").isEmpty());
                assertThat(instructionIds(second)).containsExactly(b);
            }
        }
    }

    @Test
    void newerStreamReplacesTheOlderOneWhichIsToldToReconnectAndClosed() throws InterruptedException {
        try (TestServer server = server(TestDatabase.h2())) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            String session = agent.session();
            try (SseRecorder older = agent.stream(session)) {
                await().atMost(WAIT).until(() -> !named(older, "connection").isEmpty());
                try (SseRecorder newer = agent.stream(session)) {
                    assertThat(older.awaitEnd(WAIT)).isTrue();
                    assertThat(named(older, "error")).isEmpty();
                    List<SseRecorder.Message> last = named(older, "reconnect");
                    assertThat(last).hasSize(1);
                    assertThat(json(last.getFirst().data()).get("code").asText())
                            .isEqualTo("replaced");
                    String id = agent.instruction(session, "t.after");
                    awaitInstructions(newer, 1);
                    assertThat(instructionIds(newer)).containsExactly(id);
                    assertThat(server.get("/debug/agent-connections").json().get("active_connections"))
                            .hasSize(1);
                }
            }
        }
    }

    @Test
    void closedSessionEndsItsStreamAndRefusesStreamHeartbeatAndInstructionsWith409() throws InterruptedException {
        try (TestServer server = server(TestDatabase.h2())) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            String session = agent.session();
            try (SseRecorder stream = agent.stream(session)) {
                await().atMost(WAIT).until(() -> !named(stream, "connection").isEmpty());
                assertThat(server.delete("/debug/sessions/" + session + "/close")
                                .status())
                        .isEqualTo(200);
                assertThat(stream.awaitEnd(WAIT)).isTrue();
                assertThat(json(named(stream, "error").getFirst().data())
                                .get("code")
                                .asText())
                        .isEqualTo("session_inactive");
            }
            assertThat(server.get(agent.base(session) + "/instructions/stream").status())
                    .isEqualTo(409);
            assertThat(server.post(agent.base(session) + "/heartbeat", "").status())
                    .isEqualTo(409);
            assertThat(server.post(agent.base(session) + "/instructions", SteeringClient.body("t.x"))
                            .status())
                    .isEqualTo(409);
        }
    }
}
