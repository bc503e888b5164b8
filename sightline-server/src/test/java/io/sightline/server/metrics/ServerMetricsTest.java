package io.sightline.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.server.auth.Role;
import io.sightline.server.auth.TokenStore;
import io.sightline.server.sse.SseHub;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** /metrics of the server as ServerApp wires it: requests, pool, streams, outbox and committed events. */
class ServerMetricsTest {

    private static Map<String, Object> acquisition(String uuid) {
        return Map.of("uuid", uuid, "name", "session", "status", "started");
    }

    @Test
    void metricsShowRequestsByRouteTemplateAndStatusThePoolStreamsOutboxAndEvents() throws Exception {
        TestDatabase db = TestDatabase.h2();
        TokenStore tokens = new TokenStore(db.dataSource());
        String viewer = tokens.create("v", Role.VIEWER).secret();
        String agent = tokens.create("a", Role.AGENT).secret();
        try (TestServer s = TestServer.start(db, c -> c.withMetricsPublic(true), b -> b)) {
            SseHub hub = s.running().sseHub();
            SseRecorder stream =
                    SseRecorder.open(s.uri("/api/v1/events/stream"), Map.of("Authorization", "Bearer " + viewer));
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.clientCount() == 1);

            String a = UUID.randomUUID().toString();
            String b = UUID.randomUUID().toString();
            assertThat(s.postAs(agent, "/acquisitions", acquisition(a)).status())
                    .isEqualTo(201);
            assertThat(s.postAs(agent, "/acquisitions", acquisition(b)).status())
                    .isEqualTo(201);
            assertThat(s.putAs(agent, "/acquisitions/" + a, Map.of("name", "renamed"))
                            .status())
                    .isEqualTo(200);
            assertThat(s.getAs(viewer, "/acquisitions/" + a).status()).isEqualTo(200);
            assertThat(s.getAs(viewer, "/acquisitions/" + b).status()).isEqualTo(200);
            assertThat(s.getAs(null, "/acquisitions/" + a).status()).isEqualTo(401);
            assertThat(s.getAs(viewer, "/no/such/path/42").status()).isEqualTo(404);
            await().atMost(Duration.ofSeconds(5)).until(() -> stream.events().size() == 3);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> s.running().outbox().depth() == 0);

            TestServer.Response res = s.getAs(null, "/metrics"); // public: configured so
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.contentType()).startsWith("text/plain");
            assertThat(res.body())
                    .contains(
                            "http_server_requests_seconds_count{method=\"GET\",route=\"/acquisitions/{acquisition_uuid}\",status=\"200\"} 2")
                    .contains(
                            "http_server_requests_seconds_count{method=\"POST\",route=\"/acquisitions\",status=\"201\"} 2")
                    .contains("status=\"401\"")
                    .contains("route=\"unmatched\",status=\"404\"")
                    .doesNotContain("/no/such/path")
                    .contains("hikaricp_connections_active")
                    .contains("sightline_sse_clients 1")
                    .contains("sightline_sse_events_sent_total 3")
                    .contains("sightline_outbox_depth 0")
                    .contains("sightline_outbox_published_total 3")
                    .contains("sightline_events_committed_total{type=\"acquisition.created\"} 2")
                    .contains("sightline_events_committed_total{type=\"acquisition.updated\"} 1")
                    .contains("jvm_memory_used_bytes");
            stream.close();
        }
    }

    @Test
    void byDefaultMetricsNeedAViewerOnceAuthenticationIsOn() throws Exception {
        TestDatabase db = TestDatabase.h2();
        String viewer = new TokenStore(db.dataSource())
                .create("prometheus", Role.VIEWER)
                .secret();
        try (TestServer s = TestServer.start(db)) {
            TestServer.Response anonymous = s.getAs(null, "/metrics");
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.contentType()).startsWith("application/problem+json");
            assertThat(s.getAs(viewer, "/metrics").status()).isEqualTo(200);
        }
    }
}
