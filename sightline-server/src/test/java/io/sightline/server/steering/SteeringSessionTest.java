package io.sightline.server.steering;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.auth.Role;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sessions, heartbeats, logs, instruction creation rules, roles, debug endpoints and metrics. */
class SteeringSessionTest {

    @Test
    void agentCreatesItsOwnSession() {
        try (TestServer server = TestServer.start()) {
            TestServer.Response r =
                    server.post("/agent/krios-1/sessions", Map.of("name", "run 1", "metadata", Map.of("grid", "A")));
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.json().get("agent_id").asText()).isEqualTo("krios-1");
            assertThat(r.json().get("status").asText()).isEqualTo("active");
            assertThat(r.json().get("name").asText()).isEqualTo("run 1");
            assertThat(r.json().get("created_at").asText()).endsWith("Z");
            String id = r.json().get("session_id").asText();
            assertThat(server.get("/debug/sessions").json().get("active_sessions"))
                    .extracting(s -> s.get("session_id").asText())
                    .containsExactly(id);
            assertThat(server.post("/agent/krios-1/sessions", "").status()).isEqualTo(201);
            assertThat(server.post("/agent/krios-1/sessions", Map.of("metadata", 5))
                            .status())
                    .isEqualTo(422);
        }
    }

    @Test
    void heartbeatRecordsActivityAndUnknownSessionIs404() {
        try (TestServer server = TestServer.start()) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            String session = agent.session();
            var before =
                    server.running().steering().session(session).orElseThrow().lastActivityAt();
            TestServer.Response r = server.post(agent.base(session) + "/heartbeat", "");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("status").asText()).isEqualTo("success");
            assertThat(r.json().get("heartbeat_timestamp").asText()).endsWith("Z");
            assertThat(r.json().get("session_id").asText()).isEqualTo(session);
            assertThat(r.json().get("connection_id").isNull()).isTrue();
            assertThat(server.running()
                            .steering()
                            .session(session)
                            .orElseThrow()
                            .lastActivityAt())
                    .isAfter(before);
            try (SseRecorder stream = agent.stream(session)) {
                org.awaitility.Awaitility.await()
                        .atMost(SteeringClient.WAIT)
                        .until(() -> !SteeringClient.named(stream, "connection").isEmpty());
                String connectionId = SteeringClient.json(SteeringClient.named(stream, "connection")
                                .getFirst()
                                .data())
                        .get("connection_id")
                        .asText();
                assertThat(server.post(agent.base(session) + "/heartbeat", "")
                                .json()
                                .get("connection_id")
                                .asText())
                        .isEqualTo(connectionId);
            }
            assertThat(server.post("/agent/krios-1/session/00000000-0000-0000-0000-000000000000/heartbeat", "")
                            .status())
                    .isEqualTo(404);
            assertThat(server.post("/agent/krios-2/session/" + session + "/heartbeat", "")
                            .status())
                    .isEqualTo(404);
        }
    }

    @Test
    void logsAreStoredAndABatchOver1000EntriesIs413() {
        try (TestServer server = TestServer.start()) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            String session = agent.session();
            Map<String, Object> entry = Map.of(
                    "timestamp", "2025-05-01T10:00:00Z", "level", "INFO", "logger_name", "agent", "message", "hello");
            TestServer.Response r = server.post(agent.base(session) + "/logs", Map.of("logs", List.of(entry, entry)));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("stored").asInt()).isEqualTo(2);
            assertThat(server.running().steering().logCount(session)).isEqualTo(2);
            List<Object> many = new ArrayList<>();
            for (int i = 0; i < 1001; i++) {
                many.add(entry);
            }
            assertThat(server.post(agent.base(session) + "/logs", Map.of("logs", many))
                            .status())
                    .isEqualTo(413);
            assertThat(server.post(agent.base(session) + "/logs", Map.of("logs", List.of(Map.of("level", "INFO"))))
                            .status())
                    .isEqualTo(422);
            assertThat(server.running().steering().logCount(session)).isEqualTo(2);
        }
    }

    @Test
    void instructionCreationValidatesAndRepeatsByInstructionId() {
        try (TestServer server = TestServer.start()) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            String session = agent.session();
            String path = agent.base(session) + "/instructions";
            assertThat(server.post(path, SteeringClient.body("t", "priority", "urgent"))
                            .status())
                    .isEqualTo(422);
            assertThat(server.post(path, SteeringClient.body("")).status()).isEqualTo(422);
            assertThat(server.post(path, SteeringClient.body("t", "payload", List.of(1)))
                            .status())
                    .isEqualTo(422);
            assertThat(server.post(path, SteeringClient.body("t", "max_retries", -1))
                            .status())
                    .isEqualTo(422);
            String id = "3f1c9a52-7d1e-4c57-9a55-0d5e3a9b8e01";
            var first = server.post(
                    path, SteeringClient.body("t", "instruction_id", id, "payload", Map.of("a", 1, "b", 2)));
            assertThat(first.status()).isEqualTo(201);
            assertThat(first.json().get("status").asText()).isEqualTo("pending");
            assertThat(first.json().get("max_retries").asInt()).isEqualTo(3);
            assertThat(server.post(
                                    path,
                                    "{\"instruction_type\":\"t\",\"instruction_id\":\"" + id
                                            + "\",\"payload\":{\"b\":2,\"a\":1}}")
                            .status())
                    .isEqualTo(200);
            assertThat(server.post(path, SteeringClient.body("t", "instruction_id", id, "payload", Map.of("a", 2)))
                            .status())
                    .isEqualTo(409);
            assertThat(server.post(
                                    "/agent/krios-1/session/00000000-0000-0000-0000-000000000000/instructions",
                                    SteeringClient.body("t"))
                            .status())
                    .isEqualTo(404);
        }
    }

    @Test
    void steeringAndAdminCreateInstructionsViewerAndAgentCannot() {
        try (TestServer server = TestServer.start()) {
            String admin = server.running().tokens().create("admin", Role.ADMIN).secret();
            String steering =
                    server.running().tokens().create("steering", Role.STEERING).secret();
            String agent = server.running().tokens().create("agent", Role.AGENT).secret();
            String viewer =
                    server.running().tokens().create("viewer", Role.VIEWER).secret();
            TestServer.Response created = server.postAs(agent, "/agent/krios-1/sessions", Map.of());
            assertThat(created.status()).isEqualTo(201);
            String path =
                    "/agent/krios-1/session/" + created.json().get("session_id").asText();
            assertThat(server.postAs(viewer, path + "/instructions", SteeringClient.body("t"))
                            .status())
                    .isEqualTo(403);
            assertThat(server.postAs(agent, path + "/instructions", SteeringClient.body("t"))
                            .status())
                    .isEqualTo(403);
            assertThat(server.postAs(steering, path + "/instructions", SteeringClient.body("t"))
                            .status())
                    .isEqualTo(201);
            assertThat(server.postAs(admin, path + "/instructions", SteeringClient.body("t"))
                            .status())
                    .isEqualTo(201);
            assertThat(server.getAs(steering, path + "/instructions").json()).hasSize(2);
            assertThat(server.getAs(agent, path + "/instructions").status()).isEqualTo(403);
            assertThat(server.postAs(steering, path + "/heartbeat", Map.of()).status())
                    .isEqualTo(403);
            assertThat(server.postAs(agent, path + "/heartbeat", Map.of()).status())
                    .isEqualTo(200);
            assertThat(server.postAs(steering, "/agent/krios-1/sessions", Map.of())
                            .status())
                    .isEqualTo(403);
            assertThat(server.getAs(steering, "/debug/connection-stats").status())
                    .isEqualTo(403);
            assertThat(server.getAs(steering, "/acquisitions").status()).isEqualTo(200);
            assertThat(server.postAs(steering, "/acquisitions", Map.of("name", "x"))
                            .status())
                    .isEqualTo(403);
        }
    }

    @Test
    void debugEndpointsAndMetricsShowTheSameNumbers() {
        try (TestServer server = TestServer.start()) {
            // SmartEM's debug shapes: the session id it is given, its defaults, objects with counts
            String session = "NghovOApSWWll4OdLR97lQ";
            TestServer.Response created =
                    server.post("/debug/sessions/create", Map.of("agent_id", "krios-1", "session_id", session));
            assertThat(created.status()).isEqualTo(200);
            assertThat(created.json().get("session_id").asText()).isEqualTo(session);
            assertThat(created.json().get("status").asText()).isEqualTo("created");
            assertThat(server.post("/debug/sessions/create", Map.of("session_id", session))
                            .status())
                    .isEqualTo(409);
            TestServer.Response managed = server.post("/debug/sessions/create-managed", Map.of("agent_id", "krios-2"));
            assertThat(managed.status()).isEqualTo(200);
            assertThat(managed.json().get("created_via").asText()).isEqualTo("connection_manager");
            TestServer.Response defaults = server.post("/debug/sessions/create", Map.of());
            assertThat(defaults.json().get("agent_id").asText()).isEqualTo("test-agent");
            assertThat(server.delete("/debug/sessions/"
                                    + defaults.json().get("session_id").asText() + "/close")
                            .status())
                    .isEqualTo(200);
            SteeringClient agent = new SteeringClient(server, "krios-1");
            TestServer.Response debugInstruction =
                    server.post("/debug/session/" + session + "/create-instruction", Map.of("expires_in_minutes", 2));
            assertThat(debugInstruction.status()).isEqualTo(200);
            assertThat(debugInstruction.json().get("status").asText()).isEqualTo("created");
            assertThat(debugInstruction.json().get("instruction_type").asText()).isEqualTo("test.instruction");
            assertThat(debugInstruction.json().get("payload").get("test").asBoolean())
                    .isTrue();
            assertThat(java.time.Duration.between(
                            java.time.Instant.parse(
                                    debugInstruction.json().get("created_at").asText()),
                            java.time.Instant.parse(
                                    debugInstruction.json().get("expires_at").asText())))
                    .isEqualTo(java.time.Duration.ofMinutes(2));
            agent.instruction(session, "t.second");
            JsonNode listed =
                    server.get("/debug/session/" + session + "/instructions").json();
            assertThat(listed.get("session_id").asText()).isEqualTo(session);
            assertThat(listed.get("instructions")).hasSize(2);
            assertThat(listed.get("total_instructions").asInt()).isEqualTo(2);
            assertThat(listed.get("acknowledgement_statistics").isObject()).isTrue();
            try (SseRecorder stream = agent.stream(session)) {
                SteeringClient.awaitInstructions(stream, 2);
                agent.instruction(session, "t.third", "priority", "low");
                SteeringClient.awaitInstructions(stream, 3);
                String id = SteeringClient.instructionIds(stream).get(2);
                assertThat(agent.ack(session, id, "{\"status\":\"processed\"}").status())
                        .isEqualTo(200);
                agent.instruction(session, "t.fourth");
                SteeringClient.awaitInstructions(stream, 4);
                var stats = server.get("/debug/connection-stats").json();
                assertThat(stats.get("active_connections").asInt()).isEqualTo(1);
                assertThat(stats.get("active_sessions").asInt()).isEqualTo(2);
                assertThat(stats.get("sent_instructions").asInt()).isEqualTo(3);
                assertThat(stats.get("pending_instructions").asInt()).isEqualTo(0);
                JsonNode connections = server.get("/debug/agent-connections").json();
                assertThat(connections.get("active_connections")).hasSize(1);
                assertThat(connections.get("total_count").asInt()).isEqualTo(1);
                String metrics = server.get("/metrics").body();
                assertThat(metrics)
                        .contains("sightline_steering_connections_active 1.0")
                        .contains("sightline_steering_sessions_active 2.0")
                        .contains("sightline_steering_instructions_sent 3.0")
                        .contains("sightline_steering_instructions_pending 0.0");
            }
            assertThat(server.delete("/debug/sessions/" + session + "/close").status())
                    .isEqualTo(200);
            assertThat(server.delete("/debug/sessions/00000000-0000-0000-0000-000000000000/close")
                            .status())
                    .isEqualTo(404);
        }
    }
}
