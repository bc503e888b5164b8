package io.sightline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays, against a real server, HTTP conversations recorded between the unmodified SmartEM agent
 * (DiamondLightSource/smartem-decisions) and a Sightline server ({@code tools/smartem-record/}, see
 * docs/smartem-recording.md): every request is sent again as recorded, in the recorded order, and must
 * get the recorded status and an answer of the recorded shape (keys and JSON types, not values, so
 * times and server-made ids may differ). The agent's instruction stream is read as the agent reads it
 * (chunk-strict, like urllib3) and must deliver each recorded event, of the recorded shape; a recorded
 * server restart restarts the server on the same database. A change that breaks SmartEM clients fails
 * here.
 */
class SmartEmConversationReplayTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration EVENT_WAIT = Duration.ofSeconds(15);

    static Stream<Arguments> conversations() throws IOException, URISyntaxException {
        List<Arguments> all = new ArrayList<>();
        for (Path fixture : fixtures()) {
            for (Supplier<TestDatabase> db :
                    List.<Supplier<TestDatabase>>of(TestDatabase::h2, TestDatabase::postgres)) {
                all.add(Arguments.of(fixture.getFileName().toString(), db.get()));
            }
        }
        return all.stream();
    }

    private static List<Path> fixtures() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(fixtureDir())) {
            return files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    @Test
    void fixturesAreRecordedRunsOfTheAgentWithAStreamAndAcknowledgements() throws Exception {
        List<Path> fixtures = fixtures();
        assertThat(fixtures).isNotEmpty();
        for (Path fixture : fixtures) {
            List<JsonNode> lines = read(fixture);
            assertThat(lines)
                    .as(fixture.toString())
                    .anyMatch(l -> l.path("path").asText().endsWith("/instructions/stream"));
            assertThat(lines)
                    .as(fixture.toString())
                    .anyMatch(l -> l.path("path").asText().endsWith("/ack"));
            assertThat(lines)
                    .as(fixture.toString())
                    .anyMatch(l -> l.path("path").asText().matches("/grids/[^/]+/gridsquares"));
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("conversations")
    void recordedSmartEmAgentConversationGetsTheSameStatusesAndShapes(String fixture, TestDatabase db)
            throws IOException, URISyntaxException {
        List<JsonNode> lines = read(fixtureDir().resolve(fixture));
        List<String> differences = new ArrayList<>();
        Map<Long, Stream_> streams = new HashMap<>();
        TestServer server = TestServer.startSharing(db, c -> c, b -> b);
        // An event can be recorded before the answer to the request that caused it (the stream is
        // faster than the answer): events are awaited at the next point that needs them, before an
        // acknowledgement, a restart, a new stream, and at the end.
        List<JsonNode> pending = new ArrayList<>();
        try {
            for (JsonNode line : lines) {
                long seq = line.path("seq").asLong();
                boolean barrier = line.has("restart")
                        || line.has("agent_restart")
                        || "event-stream".equals(line.path("response").asText())
                        || line.path("path").asText().endsWith("/ack");
                if (barrier) {
                    awaitEvents(pending, streams, differences);
                }
                if (line.has("restart")) {
                    server.close();
                    server = TestServer.startSharing(db, c -> c, b -> b);
                } else if (line.has("agent_restart")) {
                    streams.values().forEach(s -> s.recorder().close());
                } else if (line.has("stream")) {
                    pending.add(line);
                } else if ("event-stream".equals(line.path("response").asText())) {
                    SseRecorder recorder = SseRecorder.openChunkStrict(
                            server.uri(line.get("path").asText()), Map.of("Accept", "text/event-stream"));
                    if (recorder.status() != line.get("status").asInt()) {
                        differences.add("seq %d: GET %s answered %d, recorded %d"
                                .formatted(
                                        seq,
                                        line.get("path").asText(),
                                        recorder.status(),
                                        line.get("status").asInt()));
                    }
                    streams.put(seq, new Stream_(recorder, new int[] {0}));
                } else {
                    compare(server, line).ifPresent(d -> differences.add("seq " + seq + ": " + d));
                }
            }
            awaitEvents(pending, streams, differences);
        } finally {
            streams.values().forEach(s -> s.recorder().close());
            server.close();
            db.close();
        }
        assertThat(differences)
                .as("differences from the recorded conversation " + fixture)
                .isEmpty();
    }

    /** An open instruction stream and how far the replay has matched its events. */
    private record Stream_(SseRecorder recorder, int[] matched) {}

    private static Optional<String> compare(TestServer server, JsonNode line) {
        String method = line.get("method").asText();
        String path = line.get("path").asText();
        JsonNode body = line.path("body");
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path));
        if (body.isMissingNode() || body.isNull()) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String json = body.isTextual() ? body.asText() : body.toString();
            request.method(method, HttpRequest.BodyPublishers.ofString(json))
                    .header("Content-Type", "application/json");
        }
        TestServer.Response response = server.send(request);
        int recorded = line.get("status").asInt();
        if (response.status() != recorded) {
            return Optional.of("%s %s answered %d, recorded %d: %s"
                    .formatted(method, path, response.status(), recorded, response.body()));
        }
        String expected = canonical(line.get("response"));
        String actual = canonical(withoutNewFeatures(shapeOf(response), line.get("response")));
        return expected.equals(actual)
                ? Optional.empty()
                : Optional.of("%s %s answered the shape %s, recorded %s".formatted(method, path, actual, expected));
    }

    private static void awaitEvents(List<JsonNode> pending, Map<Long, Stream_> streams, List<String> differences) {
        for (JsonNode event : pending) {
            long seq = event.path("seq").asLong();
            Stream_ stream = streams.get(event.get("stream").asLong());
            if (stream == null) {
                differences.add("seq " + seq + ": an event of a stream that did not open");
            } else {
                expectEvent(stream, event).ifPresent(d -> differences.add("seq " + seq + ": " + d));
            }
        }
        pending.clear();
    }

    private static Optional<String> expectEvent(Stream_ stream, JsonNode line) {
        String name = line.get("event").asText();
        String id = line.path("id").isTextual() ? line.get("id").asText() : null;
        java.util.concurrent.atomic.AtomicReference<SseRecorder.Message> found =
                new java.util.concurrent.atomic.AtomicReference<>();
        try {
            await().atMost(EVENT_WAIT).pollInterval(Duration.ofMillis(10)).until(() -> {
                List<SseRecorder.Message> messages = stream.recorder().messages();
                for (int i = stream.matched()[0]; i < messages.size(); i++) {
                    SseRecorder.Message m = messages.get(i);
                    if (m.event().equals(name) && Objects.equals(m.id(), id)) {
                        stream.matched()[0] = i + 1;
                        found.set(m);
                        return true;
                    }
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            return Optional.of("event %s (id %s) did not arrive within %s; the stream had %s"
                    .formatted(name, id, EVENT_WAIT, stream.recorder().messages()));
        }
        String expected = canonical(line.get("data"));
        String actual = canonical(shape(parse(found.get().data())));
        return expected.equals(actual)
                ? Optional.empty()
                : Optional.of("event %s carried the shape %s, recorded %s".formatted(name, actual, expected));
    }

    /**
     * {@code /status} {@code features} is an open set of capability flags (the contract types it as an object
     * of booleans, and a client reads only the flags it knows): a feature a later server adds is not a
     * change of shape, a recorded feature that is gone or changed type is.
     */
    private static JsonNode withoutNewFeatures(JsonNode actual, JsonNode recorded) {
        if (actual.path("features").isObject()
                && recorded != null
                && recorded.path("features").isObject()) {
            var features = (ObjectNode) actual.get("features");
            List<String> known = new ArrayList<>();
            recorded.get("features").fieldNames().forEachRemaining(known::add);
            features.retain(known);
        }
        return actual;
    }

    /** The shape of an answer, as record-proxy.py writes it. */
    private static JsonNode shapeOf(TestServer.Response response) {
        if (response.body().isEmpty()) {
            return MAPPER.getNodeFactory().textNode("empty");
        }
        if (!response.contentType().contains("json")) {
            return MAPPER.getNodeFactory().textNode("text");
        }
        JsonNode parsed = parse(response.body());
        return parsed == null ? MAPPER.getNodeFactory().textNode("invalid-json") : shape(parsed);
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    /** Objects by key, arrays by the set of their items' shapes, scalars by JSON type (record-proxy.py's shape). */
    static JsonNode shape(JsonNode value) {
        if (value == null) {
            return MAPPER.getNodeFactory().textNode("text");
        }
        if (value.isObject()) {
            var object = MAPPER.createObjectNode();
            value.properties().forEach(e -> object.set(e.getKey(), shape(e.getValue())));
            return object;
        }
        if (value.isArray()) {
            var array = MAPPER.createArrayNode();
            Map<String, JsonNode> distinct = new TreeMap<>();
            value.forEach(item -> {
                JsonNode s = shape(item);
                distinct.put(canonical(s), s);
            });
            distinct.values().forEach(array::add);
            return array;
        }
        String type = value.isNull() ? "null" : value.isBoolean() ? "boolean" : value.isNumber() ? "number" : "string";
        return MAPPER.getNodeFactory().textNode(type);
    }

    /** A shape written with sorted keys and sorted, distinct array items, so that equal shapes are equal text. */
    static String canonical(JsonNode shape) {
        if (shape.isObject()) {
            TreeMap<String, String> sorted = new TreeMap<>();
            shape.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            StringBuilder sb = new StringBuilder("{");
            sorted.forEach((k, v) ->
                    sb.append(sb.length() > 1 ? "," : "").append(k).append(':').append(v));
            return sb.append('}').toString();
        }
        if (shape.isArray()) {
            TreeSet<String> items = new TreeSet<>();
            shape.forEach(item -> items.add(canonical(item)));
            return "[" + String.join(",", items) + "]";
        }
        return shape.asText();
    }

    private static Path fixtureDir() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(SmartEmConversationReplayTest.class.getResource("/smartem-conversations"))
                .toURI());
    }

    private static List<JsonNode> read(Path fixture) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(fixture)) {
            if (!line.isBlank()) {
                lines.add(MAPPER.readTree(line));
            }
        }
        return lines;
    }
}
