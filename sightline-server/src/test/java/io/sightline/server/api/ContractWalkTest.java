package io.sightline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.server.testing.TestServer;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Walks every operation of SmartEM's contract against a running server with a session's entities in
 * it: none may answer 404/405 for want of a route (only for an unknown entity), and a successful JSON
 * answer must have the top-level shape (object or list) the contract gives it.
 */
class ContractWalkTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)}");

    private record Operation(String method, String path, JsonNode spec) {
        String name() {
            return method + " " + path;
        }
    }

    @Test
    void everyContractOperationHasARouteAndAnswersTheContractsShape() throws Exception {
        JsonNode contract;
        try (InputStream in = getClass().getResourceAsStream("/contracts/smartem-backend-openapi.json")) {
            contract = MAPPER.readTree(in);
        }
        List<Operation> operations = new ArrayList<>();
        contract.get("paths")
                .properties()
                .forEach(p -> p.getValue()
                        .properties()
                        .forEach(m -> operations.add(new Operation(
                                m.getKey().toUpperCase(java.util.Locale.ROOT), p.getKey(), m.getValue()))));
        // deletes last, so that the other operations find the entities
        operations.sort(Comparator.comparing(o -> o.method().equals("DELETE")));
        assertThat(operations).hasSize(87);

        try (TestServer server = TestServer.start()) {
            ApiFixtures f = new ApiFixtures(ApiFixtures::smartEmId)
                    .atlasWithTile(server)
                    .micrograph(server);
            // the model every prediction path names ("walk", like every other unknown path parameter), so
            // that those paths answer with their shapes rather than 404
            assertThat(server.post("/prediction_models", Map.of("name", "walk")).status())
                    .isEqualTo(201);
            TestServer.Response session = server.post("/agent/krios-1/sessions", "{}");
            String sessionId = session.json().get("session_id").asText();
            String instructionId = server.post(
                            "/agent/krios-1/session/" + sessionId + "/instructions",
                            Map.of("instruction_type", "t.walk"))
                    .json()
                    .get("instruction_id")
                    .asText();
            Map<String, String> ids = Map.ofEntries(
                    Map.entry("acquisition_uuid", f.acquisition),
                    Map.entry("grid_uuid", f.grid),
                    Map.entry("atlas_uuid", f.atlas),
                    Map.entry("tile_uuid", f.tile),
                    Map.entry("gridsquare_uuid", f.square),
                    Map.entry("foilhole_uuid", f.hole),
                    Map.entry("micrograph_uuid", f.micrograph),
                    Map.entry("agent_id", "krios-1"),
                    Map.entry("session_id", sessionId),
                    Map.entry("instruction_id", instructionId));

            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Set<String> missing = new TreeSet<>();
            List<String> wrongShape = new ArrayList<>();
            for (Operation op : operations) {
                Matcher m = PARAM.matcher(op.path());
                StringBuilder path = new StringBuilder();
                while (m.find()) {
                    m.appendReplacement(path, ids.getOrDefault(m.group(1), "walk"));
                }
                m.appendTail(path);
                HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path.toString()))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json");
                boolean hasBody = op.method().equals("POST") || op.method().equals("PUT");
                request.method(
                        op.method(),
                        hasBody ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
                HttpResponse<InputStream> response =
                        client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                String contentType =
                        response.headers().firstValue("Content-Type").orElse("");
                String body;
                try (InputStream in = response.body()) {
                    // a stream answers with its head and would run on: its status is enough
                    body = contentType.startsWith("text/event-stream")
                            ? ""
                            : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                // the router's own answers (Javalin's "Endpoint ... not found", the error handler's "no such
                // resource"), never a route's 404 for an unknown entity
                boolean noRoute = status == 405
                        || (status == 404
                                && (body.contains("no such resource")
                                        || (body.contains("\"detail\":\"Endpoint ") && body.contains(" not found\""))));
                if (noRoute) {
                    missing.add(op.name() + " -> " + status);
                    continue;
                }
                JsonNode schema = op.spec()
                        .path("responses")
                        .path(Integer.toString(status))
                        .path("content")
                        .path("application/json")
                        .path("schema");
                String type = schema.path("type").asText("");
                if (status / 100 == 2 && contentType.startsWith("application/json") && !type.isEmpty()) {
                    JsonNode answer = MAPPER.readTree(body);
                    boolean fits = switch (type) {
                        case "array" -> answer.isArray();
                        case "object" -> answer.isObject();
                        default -> true;
                    };
                    if (!fits) {
                        wrongShape.add(op.name() + ": contract " + type + ", answered " + answer.getNodeType());
                    }
                }
            }
            assertThat(missing).as("operations without a route").isEmpty();
            assertThat(wrongShape)
                    .as("answers in a shape the contract does not allow")
                    .isEmpty();
        }
    }
}
