package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.server.auth.AccessControl;
import io.sightline.server.auth.Role;
import io.sightline.server.auth.StartupSecurityCheck;
import io.sightline.server.auth.TokenRoutes;
import io.sightline.server.auth.TokenStore;
import io.sightline.server.events.Event;
import io.sightline.server.events.EventLog;
import io.sightline.server.events.EventSink;
import io.sightline.server.events.EventSinks;
import io.sightline.server.events.InProcessEventBus;
import io.sightline.server.events.OutboxPublisher;
import io.sightline.server.events.ReplayWindow;
import io.sightline.server.metrics.ServerMetrics;
import io.sightline.server.sse.SseHub;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.EventsTestDatabase;
import io.sightline.server.testing.TestEvents;
import io.sightline.server.testing.EventsTestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The delivery pieces wired the way the composition root (ServerApp) wires them: one committed event
 * reaches a stream client, the bus and the metrics; shutdown runs in the documented order.
 */
class DeliveryWiringTest {

  @Test
  void aCommittedEventReachesStreamsTheBusAndMetricsThroughOneSink() throws Exception {
    EventsTestDatabase db = EventsTestDatabase.h2();
    ServerMetrics metrics = new ServerMetrics();
    metrics.instrument(db.dataSource());

    TokenStore tokens = new TokenStore(db.dataSource());
    String viewer = tokens.create("dashboard", Role.VIEWER).secret();
    StartupSecurityCheck.check("127.0.0.1", tokens.hasActiveTokens(), false);
    AccessControl access = new AccessControl(tokens, null, AccessControl.Options.of(true));

    InProcessEventBus bus = new InProcessEventBus();
    List<Event> onBus = new CopyOnWriteArrayList<>();
    InProcessEventBus.Subscription subscription = bus.subscribe("test", onBus::add);
    OutboxPublisher outbox = new OutboxPublisher(db.dataSource(), bus, OutboxPublisher.Options.DEFAULT);
    SseHub hub = new SseHub(new EventLog(db.dataSource(), ReplayWindow.DEFAULT, Clock.systemUTC()), SseHub.Options.DEFAULT);
    metrics.bindSseHub(hub);
    metrics.bindOutbox(outbox);
    EventSink sink = EventSinks.of(hub, outbox, metrics); // what persistence calls after each commit

    EventsTestServer app = new EventsTestServer(cfg -> {
      AccessControl.register(cfg, access); // first: every later handler sees an authorised request
      ServerMetrics.register(cfg, metrics);
      SseHub.register(cfg, hub);
      TokenRoutes.register(cfg, tokens);
    });
    outbox.start();

    SseRecorder stream = SseRecorder.open(app.uri("/api/v1/events/stream"), Map.of("Authorization", "Bearer " + viewer));
    await().atMost(Duration.ofSeconds(5)).until(() -> hub.clientCount() == 1);
    List<Event> written = new TestEvents(db.dataSource()).write(List.of(
        new Event(0, "acquisition.created", "acq-1", "acq-1", Instant.now(), "{\"uuid\":\"acq-1\"}")));
    sink.committed(written);

    await().atMost(Duration.ofSeconds(10)).until(() -> stream.events().size() == 1 && onBus.size() == 1);
    assertThat(onBus).containsExactlyElementsOf(written);
    await().atMost(Duration.ofSeconds(5)).until(() -> outbox.depth() == 0);
    String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(app.uri("/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(scrape).contains("sightline_events_committed_total{type=\"acquisition.created\"} 1");

    // shutdown order: streams get their final event, then HTTP stops, then the outbox, the bus, the pool
    hub.close();
    assertThat(stream.awaitEnd(Duration.ofSeconds(10))).isTrue();
    assertThat(stream.messages().getLast().event()).isEqualTo("shutdown");
    app.close();
    outbox.close();
    subscription.close();
    bus.close();
    db.close();
  }
}
