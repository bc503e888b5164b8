package io.sightline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.testing.Broker;
import io.sightline.server.testing.TcpProxy;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** /health, /version and /docs ({@link OpenApiCoverageTest} checks /openapi.json against the routes). */
class SystemApiTest {

    @Test
    void healthAndVersionAnswer200() {
        try (TestServer server = TestServer.start()) {
            TestServer.Response health = server.get("/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("status").asText()).isEqualTo("ok");
            assertThat(health.json()
                            .get("services")
                            .get("database")
                            .get("status")
                            .asText())
                    .isEqualTo("ok");
            assertThat(health.json()
                            .get("services")
                            .get("event_broker")
                            .get("status")
                            .asText())
                    .isEqualTo("ok");
            assertThat(health.json().get("timestamp").asText()).isNotBlank();
            TestServer.Response status = server.get("/status");
            assertThat(status.json().get("features").isObject()).isTrue();
            assertThat(status.json().get("features").get("ingest-v1").asBoolean())
                    .isTrue();
            assertThat(server.get("/version").json().get("version").asText()).isNotBlank();
        }
    }

    @Test
    void healthIsDegradedWith503WhileTheEventBrokerIsUnreachable() throws Exception {
        Broker.assumeReachable();
        try (TcpProxy proxy = new TcpProxy(Broker.HOST, Broker.PORT);
                TestServer server =
                        TestServer.start(TestDatabase.h2(), c -> c.withAmqpUri(Broker.uri(proxy.port())), b -> b)) {
            proxy.cut();
            // a change the outbox must deliver, which it cannot while the broker is cut off
            assertThat(server.post("/acquisitions", java.util.Map.of("uuid", "health-1", "name", "a"))
                            .status())
                    .isEqualTo(201);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> server.get("/health").status() == 503);
            JsonNode health = server.get("/health").json();
            assertThat(health.get("status").asText()).isEqualTo("degraded");
            assertThat(health.get("services").get("event_broker").get("status").asText())
                    .isEqualTo("error");
            assertThat(health.get("services").get("database").get("status").asText())
                    .isEqualTo("ok");
            proxy.restore();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> server.get("/health").status() == 200);
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
