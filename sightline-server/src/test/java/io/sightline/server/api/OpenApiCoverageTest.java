package io.sightline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.testing.TestServer;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /openapi.json} is generated from the declared routes: every route the server has is described,
 * every described route is answered (not the router's 404 or 405), and every schema it names exists.
 */
class OpenApiCoverageTest {
    private static TestServer server;
    private static JsonNode spec;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        spec = server.get("/openapi.json").json();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String[]> described() {
        List<String[]> out = new ArrayList<>();
        spec.get("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .fieldNames()
                        .forEachRemaining(
                                method -> out.add(new String[] {method.toUpperCase(Locale.ROOT), path.getKey()})));
        return out;
    }

    @Test
    void everyRouteTheServerHasIsDescribedAndNothingElse() {
        List<String> documented =
                described().stream().map(d -> d[0] + " " + d[1]).toList();
        List<String> registered = server.running().routes().stream()
                .filter(r -> r.startsWith("GET ")
                        || r.startsWith("POST ")
                        || r.startsWith("PUT ")
                        || r.startsWith("DELETE "))
                .toList();

        assertThat(registered).hasSizeGreaterThan(50);
        assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
    }

    @Test
    void everyDescribedRouteIsAnswered() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<String> unanswered = new ArrayList<>();
        for (String[] route : described()) {
            String path = route[1].replaceAll("\\{agent_id}", "krios-1")
                    .replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            HttpRequest request = HttpRequest.newBuilder(server.uri(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .method(
                            route[0],
                            route[0].equals("GET") || route[0].equals("DELETE")
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString("{}"))
                    .build();
            // streams answer with their headers and go on: read the status and hang up
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = response.body()) {
                String type = response.headers().firstValue("Content-Type").orElse("");
                body = type.startsWith("text/event-stream") ? "" : new String(in.readAllBytes());
            }
            boolean routerNotFound = response.statusCode() == 404 && body.contains("no such resource");
            if (routerNotFound || response.statusCode() == 405) {
                unanswered.add(route[0] + " " + route[1] + " -> " + response.statusCode());
            }
        }
        assertThat(unanswered).isEmpty();
    }

    @Test
    void everySchemaTheDescriptionNamesExists() {
        List<String> refs = new ArrayList<>();
        collectRefs(spec, refs);
        assertThat(refs).isNotEmpty();
        JsonNode schemas = spec.path("components").path("schemas");
        assertThat(refs)
                .allSatisfy(ref -> assertThat(schemas.has(ref.substring("#/components/schemas/".length())))
                        .as(ref)
                        .isTrue());
    }

    @Test
    void listRoutesDescribeTheirPaging() {
        JsonNode params = spec.at("/paths/~1grids/get/parameters");
        List<String> names = new ArrayList<>();
        params.forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).containsExactly("limit", "offset");
        assertThat(params.get(0).at("/schema/maximum").asLong()).isEqualTo(Resources.MAX_LIMIT);
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, out));
        }
    }
}
