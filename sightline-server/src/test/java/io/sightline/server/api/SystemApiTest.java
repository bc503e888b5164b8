package io.sightline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.testing.Broker;
import io.sightline.server.testing.TcpProxy;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** /health, /version, /openapi.json and /docs; the spec lists exactly the routes the server has. */
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
