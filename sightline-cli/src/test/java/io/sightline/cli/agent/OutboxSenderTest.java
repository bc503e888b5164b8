package io.sightline.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.agent.client.BackendClient;
import io.sightline.agent.ingest.EntityChange;
import io.sightline.agent.ingest.EntityType;
import io.sightline.agent.outbox.AgentStore;
import io.sightline.agent.outbox.OutboxSender;
import io.sightline.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sender against a real server: acknowledged items leave the outbox, refused ones are parked. */
class OutboxSenderTest {

    @Test
    void itemsTheServerRefusesAreParkedWithTheReasonAndTheRestIsDelivered() {
        String acquisition = UUID.randomUUID().toString();
        String grid = UUID.randomUUID().toString();
        String orphan = UUID.randomUUID().toString();
        try (TestServer server = TestServer.start(); AgentStore store = AgentStore.inMemory("sender-test")) {
            store.append(List.of(
                    new EntityChange(EntityType.ACQUISITION, acquisition, Map.of("name", "visit")),
                    new EntityChange(EntityType.GRID, grid, Map.of("acquisition_uuid", acquisition, "name", "Grid 1")),
                    new EntityChange(EntityType.GRIDSQUARE, orphan,
                            Map.of("grid_uuid", UUID.randomUUID().toString(), "gridsquare_id", "5"))));
            OutboxSender sender = new OutboxSender(store, new BackendClient(server.uri(""), null, Duration.ofSeconds(5)),
                    "sender-test", 100, Duration.ofMillis(50), Duration.ofMillis(500));
            sender.start();
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> store.depth() == 0);
                assertThat(store.parkedCount()).isEqualTo(1);
                assertThat(sender.delivered()).isEqualTo(2);
                assertThat(sender.state()).isEqualTo("connected");
                assertThat(server.get("/grids/" + grid).status()).isEqualTo(200);
                assertThat(server.get("/gridsquares").json()).isEmpty();
            } finally {
                sender.close();
            }
        }
    }
}
