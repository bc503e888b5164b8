package io.sightline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/** /health, /version and /docs ({@link OpenApiCoverageTest} checks /openapi.json against the routes). */
class SystemApiTest {

    @Test
    void healthAndVersionAnswer200() {
        try (TestServer server = TestServer.start()) {
            assertThat(server.get("/health").json().get("status").asText()).isEqualTo("healthy");
            assertThat(server.get("/version").json().get("version").asText()).isNotBlank();
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
