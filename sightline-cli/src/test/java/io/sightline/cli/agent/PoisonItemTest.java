package io.sightline.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.agent.AgentConfig;
import io.sightline.agent.AgentRunner;
import io.sightline.agent.client.BackendClient;
import io.sightline.agent.ingest.EntityChange;
import io.sightline.agent.ingest.FileHashes;
import io.sightline.agent.ingest.IngestPipeline;
import io.sightline.agent.ingest.Reconciler;
import io.sightline.agent.outbox.AgentStore;
import io.sightline.agent.outbox.OutboxEntry;
import io.sightline.agent.outbox.OutboxSender;
import io.sightline.agent.outbox.ParkedEntry;
import io.sightline.agent.steer.SteeringConfig;
import io.sightline.agent.testing.CapturedLog;
import io.sightline.core.wire.EntityType;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import io.sightline.simulate.epu.SimulatedSession;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The poison rule against a real server whose database refuses one item (a CHECK constraint added to the
 * test's schema, which no request validation knows of), or every ingest: only an item that fails alone
 * while others go through is parked; an outage parks nothing.
 */
class PoisonItemTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path temp;

    /** The outbox of a simulated session, stored as the agent stores it. */
    private static List<OutboxEntry> storeSession(Path visit, AgentStore store) throws Exception {
        return storeSession(visit, store, "poison-test");
    }

    private static List<OutboxEntry> storeSession(Path visit, AgentStore store, String agentId) throws Exception {
        try (IngestPipeline pipeline =
                new IngestPipeline(new Reconciler(visit, agentId), store, store, FileHashes.NONE, 2)) {
            pipeline.start();
            try (Stream<Path> files = Files.walk(visit)) {
                pipeline.offerTogether(files.filter(Files::isRegularFile).toList());
            }
            assertThat(pipeline.awaitIdle(Duration.ofSeconds(30))).isTrue();
        }
        return store.peek(100_000);
    }

    private static SimulatedSession writeSession(Path visit) throws Exception {
        return EpuSimulator.write(
                visit,
                EpuSimulation.builder()
                        .squares(8)
                        .visitedSquares(3)
                        .holesPerSquare(12)
                        .acquiredHolesPerSquare(6)
                        .micrographsPerHole(3)
                        .atlasTiles(2)
                        .build());
    }

    private static OutboxSender sender(AgentStore store, TestServer server, String agentId) {
        return sender(store, server.uri(""), agentId);
    }

    /** A sender as the agent's, with a short backoff. */
    private static OutboxSender sender(AgentStore store, URI server, String agentId) {
        return new OutboxSender(
                store,
                new BackendClient(server, null, Duration.ofSeconds(5)),
                agentId,
                100,
                Duration.ofMillis(20),
                Duration.ofMillis(400));
    }

    private static void sql(TestDatabase db, String statement) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aMicrographTheDatabaseRefusesIsParkedAloneWithTheReasonAndEverythingElseArrives(TestDatabase db)
            throws Exception {
        Path visit = temp.resolve("visit");
        SimulatedSession truth = writeSession(visit);
        try (TestServer server = TestServer.start(db);
                AgentStore store = AgentStore.inMemory("poison-" + UUID.randomUUID());
                CapturedLog log = new CapturedLog(OutboxSender.class)) {
            List<OutboxEntry> entries = storeSession(visit, store);
            List<OutboxEntry> micrographs =
                    entries.stream().filter(e -> e.type().equals("micrograph")).toList();
            OutboxEntry poison = micrographs.get(micrographs.size() / 2);
            sql(db, "ALTER TABLE micrograph ADD CONSTRAINT test_poison CHECK (uuid <> '" + poison.uuid() + "')");

            OutboxSender sender = sender(store, server, "poison-test");
            sender.start();
            try {
                await().atMost(WAIT).until(() -> store.depth() == 0);

                assertThat(store.parkedCount()).isEqualTo(1);
                ParkedEntry parked = store.newestParked().orElseThrow();
                assertThat(parked.uuid()).isEqualTo(poison.uuid());
                assertThat(parked.reason()).startsWith("500 ").contains("failed alone 3 times");
                assertThat(sender.delivered()).isEqualTo(entries.size() - 1);
                assertThat(server.get("/micrographs").json()).hasSize(truth.micrographCount() - 1);
                assertThat(server.get("/micrographs/" + poison.uuid()).status()).isEqualTo(404);
                assertThat(log.messages())
                        .filteredOn(m -> m.contains("poison") && m.contains(poison.uuid()))
                        .as("logged once")
                        .hasSize(1);
                assertThat(sender.heldBack()).isZero();
            } finally {
                sender.close();
            }
        }
    }

    @Test
    void aPoisonItemIsInTheAgentsStatusLineAndItsHeartbeatPutsItInTheServersAgentListingAndMetrics() throws Exception {
        Path visit = temp.resolve("visit");
        SimulatedSession truth = writeSession(visit);
        String agentId = "e2e-agent"; // the id AgentEndToEndTest.config gives: it names the acquisition
        String poison;
        try (AgentStore dryRun = AgentStore.inMemory("poison-uuids-" + UUID.randomUUID())) {
            poison = storeSession(visit, dryRun, agentId).stream()
                    .filter(e -> e.type().equals("micrograph"))
                    .skip(truth.micrographCount() / 2)
                    .findFirst()
                    .orElseThrow()
                    .uuid();
        }
        try (TestDatabase db = TestDatabase.h2();
                TestServer server = TestServer.start(db)) {
            sql(db, "ALTER TABLE micrograph ADD CONSTRAINT test_poison CHECK (uuid <> '" + poison + "')");
            AgentConfig config = AgentEndToEndTest.config(visit, server.uri(""), temp.resolve("state"))
                    .withSteering(SteeringConfig.DEFAULTS.withHeartbeatInterval(Duration.ofMillis(200)));
            try (AgentRunner agent = new AgentRunner(config, line -> {}).start()) {
                await().atMost(WAIT)
                        .until(() ->
                                agent.status().parked() == 1 && agent.status().outboxDepth() == 0);
                assertThat(agent.status().describe())
                        .contains("parked 1 (newest micrograph " + poison + ": 500 ")
                        .contains("failed alone 3 times");

                await().atMost(WAIT).untilAsserted(() -> {
                    JsonNode listed = server.get("/api/v1/agents").json().get(0);
                    assertThat(listed.get("agent_id").asText()).isEqualTo(agentId);
                    assertThat(listed.at("/outbox/parked").asLong()).isEqualTo(1);
                    assertThat(listed.at("/outbox/depth").asLong()).isZero();
                    assertThat(listed.at("/outbox/newest_parked").asText()).contains(poison);
                });
                assertThat(server.get("/metrics").body())
                        .contains("sightline_agent_outbox_parked{agent_id=\"" + agentId + "\"} 1.0")
                        .contains("sightline_agent_outbox_depth{agent_id=\"" + agentId + "\"} 0.0");
                assertThat(server.get("/micrographs").json()).hasSize(truth.micrographCount() - 1);
            }
        }
    }

    @Test
    void childrenOfAnItemHeldBackWaitForItAndNothingIsParkedWhenTheServerTakesItAfterAll() throws Exception {
        String acquisition = UUID.randomUUID().toString();
        String grid = UUID.randomUUID().toString();
        String square = UUID.randomUUID().toString();
        String hole = UUID.randomUUID().toString();
        List<String> micrographs = List.of(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        try (TestDatabase db = TestDatabase.h2();
                TestServer server = TestServer.start(db);
                AgentStore store = AgentStore.inMemory("held-back-" + UUID.randomUUID())) {
            store.append(
                    Stream.concat(
                                    Stream.of(
                                            new EntityChange(EntityType.ACQUISITION, acquisition, Map.of("name", "v")),
                                            new EntityChange(
                                                    EntityType.GRID,
                                                    grid,
                                                    Map.of("acquisition_uuid", acquisition, "name", "Grid 1")),
                                            new EntityChange(
                                                    EntityType.GRIDSQUARE,
                                                    square,
                                                    Map.of("grid_uuid", grid, "gridsquare_id", "7")),
                                            new EntityChange(
                                                    EntityType.FOILHOLE,
                                                    hole,
                                                    Map.of("gridsquare_uuid", square, "foilhole_id", "70"))),
                                    micrographs.stream()
                                            .map(m -> new EntityChange(
                                                    EntityType.MICROGRAPH,
                                                    m,
                                                    Map.of("foilhole_uuid", hole, "micrograph_id", m))))
                            .toList(),
                    Map.of());
            // the database refuses the foil hole for a while (a constraint the operator drops again)
            sql(db, "ALTER TABLE foilhole ADD CONSTRAINT test_refused CHECK (uuid <> '" + hole + "')");

            OutboxSender sender = sender(store, server, "held-back-test");
            sender.start();
            try {
                // the hole is held back, its micrographs are answered 404 and deferred behind it, and with
                // nothing else accepted since, its further failures alone count for nothing
                await().atMost(WAIT).until(() -> sender.heldBack() == 1 + micrographs.size());
                long failures = sender.failedAlone();
                await().atMost(WAIT).until(() -> sender.failedAlone() >= failures + 3);
                assertThat(store.parkedCount()).isZero();
                assertThat(sender.state()).contains("held back");

                sql(db, "ALTER TABLE foilhole DROP CONSTRAINT test_refused");
                await().atMost(WAIT).until(() -> store.depth() == 0);
                assertThat(store.parkedCount()).isZero();
                assertThat(server.get("/foilholes/" + hole).status()).isEqualTo(200);
                assertThat(server.get("/micrographs").json()).hasSize(micrographs.size());
                assertThat(sender.heldBack()).isZero();
            } finally {
                sender.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aDatabaseRefusingEveryIngestThenAServerGoneParkNothingAndEverythingArrivesOnceBack(TestDatabase db)
            throws Exception {
        Path visit = temp.resolve("visit");
        SimulatedSession truth = writeSession(visit);
        int port = AgentEndToEndTest.freePort();
        try (AgentStore store = AgentStore.inMemory("outage-" + UUID.randomUUID())) {
            List<OutboxEntry> entries = storeSession(visit, store);
            OutboxSender sender = sender(store, URI.create("http://127.0.0.1:" + port), "outage-test");
            try {
                try (TestServer first = TestServer.startSharing(db, c -> c.withPort(port), b -> b)) {
                    // every ingest fails on the server: the database refuses the idempotency record
                    sql(db, "ALTER TABLE ingest_request RENAME TO ingest_request_away");
                    sender.start();
                    await().atMost(WAIT).until(() -> sender.failedAlone() >= 2L * 3);
                    assertThat(store.parkedCount()).isZero();
                } // and then the server is gone too
                await().atMost(WAIT).until(() -> sender.state().startsWith("unreachable"));
                sql(db, "ALTER TABLE ingest_request_away RENAME TO ingest_request");
                try (TestServer second = TestServer.startSharing(db, c -> c.withPort(port), b -> b)) {
                    await().atMost(WAIT).until(() -> store.depth() == 0);
                    assertThat(store.parkedCount()).isZero();
                    assertThat(sender.delivered()).isEqualTo(entries.size());
                    assertThat(second.get("/micrographs").json()).hasSize(truth.micrographCount());
                }
            } finally {
                sender.close();
            }
        }
    }
}
