package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.server.auth.Role;
import io.sightline.server.auth.TokenStore;
import io.sightline.server.events.Event;
import io.sightline.server.events.InProcessEventBus;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The delivery pieces as ServerApp wires them from the configuration alone: one committed change
 * reaches a stream client, the bus and the metrics through the one sink persistence calls; shutdown
 * runs in the documented order (streams get their final event before HTTP stops).
 */
class DeliveryWiringTest {

    @Test
    void aCommittedEventReachesStreamsTheBusAndMetricsThroughOneSink() throws Exception {
        TestDatabase db = TestDatabase.h2();
        TokenStore tokens = new TokenStore(db.dataSource()); // as `sightline token create` does, before start
        String viewer = tokens.create("dashboard", Role.VIEWER).secret();
        String agent = tokens.create("krios-1", Role.AGENT).secret();
        TestServer app = TestServer.start(db);
        InProcessEventBus bus = (InProcessEventBus) app.running().eventBus(); // no amqpUri: the in-process bus
        List<Event> onBus = new CopyOnWriteArrayList<>();
        InProcessEventBus.Subscription subscription = bus.subscribe("test", onBus::add);

        SseRecorder stream =
                SseRecorder.open(app.uri("/api/v1/events/stream"), Map.of("Authorization", "Bearer " + viewer));
        await().atMost(Duration.ofSeconds(5)).until(() -> app.running().sseHub().clientCount() == 1);
        String uuid = UUID.randomUUID().toString();
        assertThat(app.postAs(agent, "/acquisitions", Map.of("uuid", uuid, "name", "session 1"))
                        .status())
                .isEqualTo(201);

        await().atMost(Duration.ofSeconds(10)).until(() -> stream.events().size() == 1 && onBus.size() == 1);
        assertThat(stream.events().getFirst().event()).isEqualTo("acquisition.created");
        assertThat(onBus.getFirst().type()).isEqualTo("acquisition.created");
        assertThat(onBus.getFirst().entityUuid()).isEqualTo(uuid);
        assertThat(stream.events().getFirst().id())
                .isEqualTo(Long.toString(onBus.getFirst().id()));
        assertThat(app.events().events())
                .extracting(Event::id)
                .containsExactly(onBus.getFirst().id()); // the test's sink too
        await().atMost(Duration.ofSeconds(5)).until(() -> app.running().outbox().depth() == 0);
        assertThat(app.getAs(viewer, "/metrics").body())
                .contains("sightline_events_committed_total{type=\"acquisition.created\"} 1");

        // shutdown order: streams get their final event, then HTTP stops, then the outbox, the bus, the pool
        app.close();
        assertThat(stream.awaitEnd(Duration.ofSeconds(10))).isTrue();
        assertThat(stream.messages().getLast().event()).isEqualTo("shutdown");
        subscription.close();
    }
}
