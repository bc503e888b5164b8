package io.sightline.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.server.auth.AccessControl;
import io.sightline.server.auth.Role;
import io.sightline.server.auth.TokenStore;
import io.sightline.server.events.Event;
import io.sightline.server.events.EventLog;
import io.sightline.server.events.InProcessEventBus;
import io.sightline.server.events.OutboxPublisher;
import io.sightline.server.sse.SseHub;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.EventsTestDatabase;
import io.sightline.server.testing.TestEvents;
import io.sightline.server.testing.EventsTestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(EventsTestServer s, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(s.uri(path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsShowRequestsByRouteTemplateAndStatusThePoolStreamsOutboxAndEvents() throws Exception {
    try (EventsTestDatabase db = EventsTestDatabase.h2();
        InProcessEventBus bus = new InProcessEventBus();
        SseHub hub = new SseHub(new EventLog(db.dataSource()), SseHub.Options.DEFAULT);
        OutboxPublisher outbox = new OutboxPublisher(db.dataSource(), bus, OutboxPublisher.Options.DEFAULT)) {
      ServerMetrics metrics = new ServerMetrics();
      metrics.instrument(db.dataSource());
      metrics.bindSseHub(hub);
      metrics.bindOutbox(outbox);
      TokenStore tokens = new TokenStore(db.dataSource());
      String viewer = tokens.create("v", Role.VIEWER).secret();
      AccessControl ac = new AccessControl(tokens, null, AccessControl.Options.of(false));
      try (EventsTestServer s = new EventsTestServer(cfg -> {
        AccessControl.register(cfg, ac);
        ServerMetrics.register(cfg, metrics);
        SseHub.register(cfg, hub);
        cfg.routes.get("/acquisitions/{uuid}", ctx -> ctx.result("ok"));
      })) {
        assertThat(get(s, "/acquisitions/a", viewer).statusCode()).isEqualTo(200);
        assertThat(get(s, "/acquisitions/b", viewer).statusCode()).isEqualTo(200);
        assertThat(get(s, "/acquisitions/c", null).statusCode()).isEqualTo(401);
        assertThat(get(s, "/no/such/path/42", viewer).statusCode()).isEqualTo(404);
        SseRecorder stream = SseRecorder.open(s.uri("/api/v1/events/stream"), Map.of("Authorization", "Bearer " + viewer));
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.clientCount() == 1);

        List<Event> written = new TestEvents(db.dataSource()).write(List.of(
            new Event(0, "micrograph.created", "a", null, Instant.now(), "{}"),
            new Event(0, "micrograph.created", "a", null, Instant.now(), "{}"),
            new Event(0, "gridsquare.updated", "a", null, Instant.now(), "{}")));
        metrics.committed(written);
        hub.committed(written);
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.events().size() == 3);

        HttpResponse<String> res = get(s, "/metrics", null); // public by default
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        String text = res.body();
        assertThat(text)
            .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/acquisitions/{uuid}\",status=\"200\"} 2")
            .contains("status=\"401\"")
            .contains("route=\"unmatched\",status=\"404\"")
            .doesNotContain("/no/such/path")
            .contains("hikaricp_connections_active")
            .contains("sightline_sse_clients 1")
            .contains("sightline_sse_events_sent_total 3")
            .contains("sightline_outbox_depth 0")
            .contains("sightline_events_committed_total{type=\"micrograph.created\"} 2")
            .contains("sightline_events_committed_total{type=\"gridsquare.updated\"} 1")
            .contains("jvm_memory_used_bytes");
        stream.close();
      }
    }
  }
}
