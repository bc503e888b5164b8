package io.sightline.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.agent.client.ApiFlavour;
import io.sightline.agent.client.BackendClient;
import io.sightline.agent.ingest.EntityChange;
import io.sightline.agent.outbox.AgentStore;
import io.sightline.agent.outbox.OutboxSender;
import io.sightline.core.wire.EntityType;
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
        try (TestServer server = TestServer.start();
                AgentStore store = AgentStore.inMemory("sender-test")) {
            store.append(
                    List.of(
                            new EntityChange(EntityType.ACQUISITION, acquisition, Map.of("name", "visit")),
                            new EntityChange(
                                    EntityType.GRID, grid, Map.of("acquisition_uuid", acquisition, "name", "Grid 1")),
                            new EntityChange(
                                    EntityType.GRIDSQUARE,
                                    orphan,
                                    Map.of("grid_uuid", UUID.randomUUID().toString(), "gridsquare_id", "5"))),
                    Map.of());
            OutboxSender sender = new OutboxSender(
                    store,
                    new BackendClient(server.uri(""), null, Duration.ofSeconds(5)),
                    "sender-test",
                    100,
                    Duration.ofMillis(50),
                    Duration.ofMillis(500));
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

    @Test
    void onSmartEmsPerEntityEndpointsParentsGoFirstRefusedOnesAreParkedAndAResendDuplicatesNothing() {
        String acquisition = UUID.randomUUID().toString();
        String grid = UUID.randomUUID().toString();
        String square = UUID.randomUUID().toString();
        String hole = UUID.randomUUID().toString();
        String orphan = UUID.randomUUID().toString();
        List<EntityChange> changes = List.of(
                new EntityChange(EntityType.ACQUISITION, acquisition, Map.of("name", "visit")),
                new EntityChange(EntityType.GRID, grid, Map.of("acquisition_uuid", acquisition, "name", "Grid 1")),
                new EntityChange(EntityType.GRIDSQUARE, square, Map.of("grid_uuid", grid, "gridsquare_id", "7")),
                new EntityChange(
                        EntityType.FOILHOLE,
                        hole,
                        Map.of("gridsquare_uuid", square, "foilhole_id", "70", "gridsquare_id", "7")),
                new EntityChange(
                        EntityType.GRIDSQUARE,
                        orphan,
                        Map.of("grid_uuid", UUID.randomUUID().toString(), "gridsquare_id", "5")));
        try (TestServer server = TestServer.start();
                AgentStore store = AgentStore.inMemory("smartem-sender-test")) {
            store.append(changes, Map.of());
            OutboxSender sender = new OutboxSender(
                    store,
                    new BackendClient(server.uri(""), null, Duration.ofSeconds(5)),
                    "smartem-sender-test",
                    100,
                    Duration.ofMillis(50),
                    Duration.ofMillis(500),
                    ApiFlavour.SMARTEM);
            sender.start();
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> store.depth() == 0);
                assertThat(store.parkedCount()).isEqualTo(1);
                assertThat(sender.delivered()).isEqualTo(4);
                store.append(changes.subList(0, 4), Map.of()); // sent again, as after a restart
                await().atMost(Duration.ofSeconds(20)).until(() -> store.depth() == 0);

                assertThat(sender.delivered()).isEqualTo(8);
                assertThat(server.get("/grids").json()).hasSize(1);
                assertThat(server.get("/gridsquares").json()).hasSize(1);
                assertThat(server.get("/foilholes/" + hole)
                                .json()
                                .path("gridsquare_uuid")
                                .asText())
                        .isEqualTo(square);
            } finally {
                sender.close();
            }
        }
    }

    @Test
    void autoChoosesBatchedIngestWhenTheServerAdvertisesIt() {
        try (TestServer server = TestServer.start();
                AgentStore store = AgentStore.inMemory("auto-sender-test")) {
            store.append(
                    List.of(new EntityChange(
                            EntityType.ACQUISITION, UUID.randomUUID().toString(), Map.of("name", "visit"))),
                    Map.of());
            OutboxSender sender = new OutboxSender(
                    store,
                    new BackendClient(server.uri(""), null, Duration.ofSeconds(5)),
                    "auto-sender-test",
                    100,
                    Duration.ofMillis(50),
                    Duration.ofMillis(500),
                    ApiFlavour.AUTO);
            sender.start();
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> store.depth() == 0);
                assertThat(sender.flavour()).contains(ApiFlavour.SIGHTLINE);
            } finally {
                sender.close();
            }
        }
    }
}
