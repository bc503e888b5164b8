package io.sightline.server.steering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The steering endpoints as the tests call them, on one server, for one agent. */
final class SteeringClient {
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final TestServer server;
    final String agentId;

    SteeringClient(TestServer server, String agentId) {
        this.server = server;
        this.agentId = agentId;
    }

    String session() {
        TestServer.Response r = server.post("/agent/" + agentId + "/sessions", "{}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("session_id").asText();
    }

    String base(String sessionId) {
        return "/agent/" + agentId + "/session/" + sessionId;
    }

    /** Creates an instruction: {@code fields} alternate name and value, added to the type. */
    String instruction(String sessionId, String type, Object... fields) {
        TestServer.Response r = server.post(base(sessionId) + "/instructions", body(type, fields));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("instruction_id").asText();
    }

    static Map<String, Object> body(String type, Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instruction_type", type);
        for (int i = 0; i < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        return body;
    }

    /** Creates an instruction and lets a stream deliver it (so that it is {@code sent}), then disconnects. */
    String sentInstruction(String sessionId, String type) {
        String id = instruction(sessionId, type);
        try (SseRecorder stream = stream(sessionId)) {
            awaitInstructions(stream, 1);
        }
        return id;
    }

    TestServer.Response ack(String sessionId, String instructionId, String json) {
        return server.post(base(sessionId) + "/instructions/" + instructionId + "/ack", json);
    }

    SseRecorder stream(String sessionId) {
        return stream(sessionId, Map.of());
    }

    SseRecorder stream(String sessionId, Map<String, String> headers) {
        try {
            SseRecorder r = SseRecorder.open(server.uri(base(sessionId) + "/instructions/stream"), headers);
            assertThat(r.status()).isEqualTo(200);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The stream read as urllib3 (and so the SmartEM agent) reads it: see {@link SseRecorder#openChunkStrict}. */
    SseRecorder chunkStrictStream(String sessionId) {
        try {
            SseRecorder r = SseRecorder.openChunkStrict(server.uri(base(sessionId) + "/instructions/stream"), Map.of());
            assertThat(r.status()).isEqualTo(200);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode instructionRow(String sessionId, String instructionId) {
        for (JsonNode i : server.get(base(sessionId) + "/instructions").json()) {
            if (i.get("instruction_id").asText().equals(instructionId)) {
                return i;
            }
        }
        throw new AssertionError("no instruction " + instructionId);
    }

    /** The instruction ids a stream received, in order. */
    static List<String> instructionIds(SseRecorder stream) {
        return stream.messages().stream()
                .filter(m -> m.event().equals("instruction"))
                .map(SseRecorder.Message::id)
                .toList();
    }

    static List<SseRecorder.Message> named(SseRecorder stream, String event) {
        return stream.messages().stream().filter(m -> m.event().equals(event)).toList();
    }

    static void awaitInstructions(SseRecorder stream, int count) {
        await().atMost(WAIT).until(() -> instructionIds(stream).size() >= count);
    }

    static JsonNode json(String data) {
        try {
            return MAPPER.readTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
