package io.sightline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** /health, /version, /openapi.json and /docs; the spec lists exactly the routes the server has. */
class SystemApiTest {

    @Test
    void healthAndVersionAnswer200() {
        try (TestServer server = TestServer.start()) {
            assertThat(server.get("/health").json().get("status").asText()).isEqualTo("healthy");
            assertThat(server.get("/version").json().get("version").asText()).isNotBlank();
        }
    }

    @Test
    void everyRegisteredRouteIsInTheSpecAndEverySpecRouteIsRegistered() {
        try (TestServer server = TestServer.start()) {
            JsonNode spec = server.get("/openapi.json").json();
            List<String> documented = new ArrayList<>();
            spec.get("paths")
                    .properties()
                    .forEach(path -> path.getValue()
                            .fieldNames()
                            .forEachRemaining(
                                    method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));

            List<String> registered = server.running().routes().stream()
                    .filter(r -> r.startsWith("GET ")
                            || r.startsWith("POST ")
                            || r.startsWith("PUT ")
                            || r.startsWith("DELETE "))
                    .toList();

            assertThat(registered).isNotEmpty();
            assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
        }
    }

    @Test
    void docsPagePointsToTheSpec() {
        try (TestServer server = TestServer.start()) {
            TestServer.Response docs = server.get("/docs");
            assertThat(docs.status()).isEqualTo(200);
            assertThat(docs.contentType()).startsWith("text/html");
            assertThat(docs.body()).contains("href=\"/openapi.json\"");
        }
    }
}
