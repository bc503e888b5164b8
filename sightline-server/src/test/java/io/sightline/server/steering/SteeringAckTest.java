package io.sightline.server.steering;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Acknowledgements: what is stored, what repeats, and the 404/409/422 answers. */
class SteeringAckTest {

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void receivedThenProcessedIsStoredWithResultAndProcessingTime(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            String session = agent.session();
            String id = agent.sentInstruction(session, "agent.status.request");
            TestServer.Response received = agent.ack(session, id, "{\"status\":\"received\"}");
            assertThat(received.status()).isEqualTo(200);
            assertThat(received.json().get("status").asText()).isEqualTo("success");
            assertThat(received.json().get("ack_status").asText()).isEqualTo("received");
            assertThat(received.json().get("instruction_id").asText()).isEqualTo(id);
            assertThat(received.json().get("agent_id").asText()).isEqualTo("krios-1");
            assertThat(received.json().get("session_id").asText()).isEqualTo(session);
            assertThat(received.json().get("acknowledged_at").asText()).isNotBlank();

            TestServer.Response processed = agent.ack(
                    session,
                    id,
                    "{\"status\":\"processed\",\"result\":\"{\\\"ok\\\":true}\",\"processing_time_ms\":42,"
                            + "\"processed_at\":\"2025-05-01T19:00:00\",\"error_message\":null}");
            assertThat(processed.status()).as(processed.body()).isEqualTo(200);

            JsonNode row = agent.instructionRow(session, id);
            assertThat(row.get("status").asText()).isEqualTo("acknowledged");
            assertThat(row.get("ack_status").asText()).isEqualTo("processed");
            assertThat(row.get("result").asText()).isEqualTo("{\"ok\":true}");
            assertThat(row.get("processing_time_ms").asLong()).isEqualTo(42);
            // SmartEM's agent sends naive local times: the server records its own time, the agent's beside it
            assertThat(row.get("processed_at").asText())
                    .isEqualTo(row.get("acknowledged_at").asText());
            assertThat(row.get("client_processed_at").asText()).isEqualTo("2025-05-01T19:00:00");
            assertThat(row.get("acks").get(1).get("client_processed_at").asText())
                    .isEqualTo("2025-05-01T19:00:00");
            assertThat(row.get("acks"))
                    .extracting(a -> a.get("status").asText())
                    .containsExactly("received", "processed");

            assertThat(agent.ack(session, id, "{\"status\":\"processed\"}").status())
                    .isEqualTo(200);
            assertThat(agent.ack(session, id, "{\"status\":\"failed\"}").status())
                    .isEqualTo(409);
            assertThat(agent.instructionRow(session, id).get("ack_status").asText())
                    .isEqualTo("processed");
        }
    }

    @Test
    void ackForAnInstructionNeverSentIs409() {
        try (TestServer server = TestServer.start()) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            String session = agent.session();
            String id = agent.instruction(session, "t.pending");
            TestServer.Response r = agent.ack(session, id, "{\"status\":\"received\"}");
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(agent.instructionRow(session, id).get("status").asText()).isEqualTo("pending");
        }
    }

    @Test
    void unknownInstructionWrongAgentAndWrongSessionAre404() {
        try (TestServer server = TestServer.start()) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            SteeringClient other = new SteeringClient(server, "krios-2");
            String session = agent.session();
            String otherSession = agent.session();
            String id = agent.sentInstruction(session, "t.x");
            String ok = "{\"status\":\"received\"}";
            TestServer.Response unknown = agent.ack(session, "00000000-0000-0000-0000-000000000000", ok);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().get("detail").asText()).contains(session);
            TestServer.Response wrongAgent = other.ack(session, id, ok);
            assertThat(wrongAgent.status()).isEqualTo(404);
            assertThat(wrongAgent.json().get("detail").asText())
                    .contains("krios-2")
                    .contains(session);
            assertThat(agent.ack(otherSession, id, ok).status()).isEqualTo(404);
            assertThat(agent.ack("not-a-session", id, ok).status()).isEqualTo(404);
            assertThat(agent.instructionRow(session, id).get("status").asText()).isEqualTo("sent");
        }
    }

    @Test
    void badStatusUnknownFieldWrongTypeAndMalformedJsonAre422() {
        try (TestServer server = TestServer.start()) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            String session = agent.session();
            String id = agent.sentInstruction(session, "t.x");
            for (String body : new String[] {
                "{\"status\":\"done\"}",
                "{\"status\":\"received\",\"extra\":1}",
                "{\"status\":\"processed\",\"processing_time_ms\":\"fast\"}",
                "{\"status\":",
                "{}",
                "[]",
                ""
            }) {
                TestServer.Response r = agent.ack(session, id, body);
                assertThat(r.status()).as(body).isEqualTo(422);
                assertThat(r.contentType()).startsWith("application/problem+json");
            }
            assertThat(agent.instructionRow(session, id).get("acks")).isEmpty();
        }
    }
}
