package io.sightline.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.agent.ingest.EntityChange;
import io.sightline.agent.ingest.ParentRef;
import io.sightline.core.wire.EntityType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentStoreTest {
    @TempDir
    Path stateDir;

    private static EntityChange grid(String uuid) {
        return new EntityChange(EntityType.GRID, uuid, Map.of("acquisition_uuid", "a", "name", "Grid " + uuid));
    }

    @Test
    void everythingStoredSurvivesAStopWithoutSendingAndIsDeliveredInOrder() {
        try (AgentStore store = AgentStore.open(stateDir)) {
            store.append(List.of(grid("g1"), grid("g2")), Map.of());
            store.append(List.of(grid("g3")), Map.of());
            store.park(new ParentRef("grid", "g9"), Path.of("/visit/g9/Metadata/GridSquare_1.dm"));
        } // the "crash": closed with nothing sent

        try (AgentStore reopened = AgentStore.open(stateDir)) {
            List<OutboxEntry> entries = reopened.peek(100);
            assertThat(entries).extracting(OutboxEntry::uuid).containsExactly("g1", "g2", "g3");
            assertThat(entries.get(0).itemJson())
                    .contains("\"kind\":\"grid\"", "\"uuid\":\"g1\"", "\"name\":\"Grid g1\"");
            assertThat(reopened.depth()).isEqualTo(3);
            assertThat(reopened.oldestUndelivered()).isPresent();
            assertThat(reopened.count()).isEqualTo(1);

            reopened.delivered(List.of(entries.get(0).seq()));
            reopened.park(entries.get(1).seq(), "422 name is required");
            assertThat(reopened.peek(100)).extracting(OutboxEntry::uuid).containsExactly("g3");
            assertThat(reopened.parkedCount()).isEqualTo(1);
            assertThat(reopened.release(new ParentRef("grid", "g9")))
                    .containsExactly(Path.of("/visit/g9/Metadata/GridSquare_1.dm"));
            assertThat(reopened.count()).isZero();
        }
        try (AgentStore again = AgentStore.open(stateDir)) {
            assertThat(again.peek(100)).extracting(OutboxEntry::uuid).containsExactly("g3");
            assertThat(again.parkedCount()).isEqualTo(1);
        }
    }

    @Test
    void theFiguresCountWhatWaitsAndWhatWasParkedAndNameTheNewestParkedEntryWithItsReason() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-08T10:00:00Z"));
        Clock clock = ((InstantSource) now::get).withZone(ZoneOffset.UTC);
        try (AgentStore store = AgentStore.open(stateDir, clock)) {
            store.append(List.of(grid("g1"), grid("g2"), grid("g3")), Map.of());
            List<OutboxEntry> entries = store.peek(10);
            now.set(now.get().plusSeconds(30));
            store.park(entries.get(0).seq(), "422 name is required");
            now.set(now.get().plusSeconds(30));
            store.park(entries.get(1).seq(), "500 the server failed (failed alone 3 times)");

            OutboxFigures figures = store.figures(now.get());
            assertThat(figures.depth()).isEqualTo(1);
            assertThat(figures.parked()).isEqualTo(2);
            assertThat(figures.oldestUndelivered()).contains(java.time.Duration.ofSeconds(60));
            assertThat(figures.newestParked())
                    .get()
                    .extracting(ParkedEntry::describe)
                    .isEqualTo("grid g2: 500 the server failed (failed alone 3 times)");
        }
        try (AgentStore reopened = AgentStore.open(stateDir)) {
            assertThat(reopened.newestParked())
                    .get()
                    .extracting(ParkedEntry::uuid)
                    .isEqualTo("g2");
        }
    }

    @Test
    void aSecondAgentOnTheSameStateDirectoryIsRefusedWithAReason() {
        try (AgentStore first = AgentStore.open(stateDir)) {
            assertThatThrownBy(() -> AgentStore.open(stateDir))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(stateDir.toString());
        }
    }

    @Test
    void aFileWaitsForOneParentAtATimeAndKeepsItsFirstWaitingTime() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-08T10:10:10Z"));
        Clock clock = ((InstantSource) now::get).withZone(ZoneOffset.UTC);
        try (AgentStore store = AgentStore.inMemory("pending-test", clock)) {
            Path file = Path.of("/visit/grid/Images-Disc1/GridSquare_1/FoilHoles/FoilHole_2_20250108_101010.xml");
            store.park(new ParentRef("grid", "g"), file);
            Instant since = store.oldest().orElseThrow();
            now.set(since.plusSeconds(60));
            store.park(new ParentRef("gridsquare", "s"), file);
            assertThat(store.count()).isEqualTo(1);
            assertThat(store.oldest()).contains(since);
            assertThat(store.release(new ParentRef("grid", "g"))).isEmpty();
            assertThat(store.releaseAll("gridsquare")).containsExactly(file);
        }
    }

    @Test
    void changesAndTheHashesOfTheirFilesAreStoredTogetherAndComeBackAfterARestart() {
        Path file = Path.of("/visit/grid/EpuSession.dm");
        try (AgentStore store = AgentStore.open(stateDir)) {
            store.append(List.of(grid("g1")), Map.of(file, "crc:1234"));
        }
        try (AgentStore reopened = AgentStore.open(stateDir)) {
            assertThat(reopened.fileHashes()).containsExactly(Map.entry(file, "crc:1234"));
            assertThat(reopened.knownEntities()).containsExactly(grid("g1"));
        }
    }

    @Test
    void anEntityChangedTwiceBeforeItWasSentIsSentAsEachChangeInOrderAndKnownAsTheNewest() {
        try (AgentStore store = AgentStore.inMemory("two-changes")) {
            store.append(List.of(grid("g1")), Map.of());
            EntityChange renamed =
                    new EntityChange(EntityType.GRID, "g1", Map.of("acquisition_uuid", "a", "name", "Renamed"));
            store.append(List.of(renamed), Map.of());

            assertThat(store.peek(10))
                    .extracting(OutboxEntry::itemJson)
                    .containsExactly(grid("g1").toItemJson(), renamed.toItemJson());
            assertThat(store.knownEntities()).containsExactly(renamed);
        }
    }

    @Test
    void anEntryAcknowledgedAheadOfOneStillWaitingIsNotSentAgainWhileTheAgentRuns() {
        try (AgentStore store = AgentStore.open(stateDir)) {
            store.append(List.of(grid("g1"), grid("g2"), grid("g3")), Map.of());
            List<OutboxEntry> entries = store.peek(10);
            store.delivered(List.of(entries.get(1).seq(), entries.get(2).seq()));

            assertThat(store.peek(10)).extracting(OutboxEntry::uuid).containsExactly("g1");
            assertThat(store.depth()).isEqualTo(1);
            store.delivered(List.of(entries.get(0).seq()));
            assertThat(store.peek(10)).isEmpty();
            assertThat(store.depth()).isZero();
            assertThat(store.oldestUndelivered()).isEmpty();
        }
        try (AgentStore reopened = AgentStore.open(stateDir)) {
            assertThat(reopened.peek(10)).isEmpty();
            assertThat(reopened.knownEntities()).containsExactly(grid("g1"), grid("g2"), grid("g3"));
        }
    }

    @Test
    void afterARestartOnlyWhatWasNotAcknowledgedInOrderIsSentAgain() {
        try (AgentStore store = AgentStore.open(stateDir)) {
            store.append(List.of(grid("g1"), grid("g2"), grid("g3")), Map.of());
            List<OutboxEntry> entries = store.peek(10);
            store.delivered(List.of(entries.get(0).seq(), entries.get(2).seq())); // g2 still waiting
        }
        try (AgentStore reopened = AgentStore.open(stateDir)) {
            // g3 was acknowledged past a waiting entry: sent again, which the server takes as the same upsert
            assertThat(reopened.peek(10)).extracting(OutboxEntry::uuid).containsExactly("g2", "g3");
            assertThat(reopened.depth()).isEqualTo(2);
        }
    }

    @Test
    void rowsReplacedByANewerChangeAreDeletedOnceDeliveredAndTheNewestStays() throws Exception {
        try (AgentStore store = AgentStore.open(stateDir)) {
            for (int i = 0; i < 3; i++) {
                store.append(
                        List.of(new EntityChange(
                                EntityType.GRID, "g1", Map.of("acquisition_uuid", "a", "name", "name " + i))),
                        Map.of());
            }
            store.delivered(store.peek(10).stream().map(OutboxEntry::seq).toList());
        }
        try (AgentStore reopened = AgentStore.open(stateDir)) {
            assertThat(reopened.knownEntities())
                    .containsExactly(
                            new EntityChange(EntityType.GRID, "g1", Map.of("acquisition_uuid", "a", "name", "name 2")));
            assertThat(reopened.peek(10)).isEmpty();
        }
        String url = "jdbc:h2:file:" + stateDir.toAbsolutePath().resolve("agent");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
                java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM change_log")) {
            rs.next();
            assertThat(rs.getInt(1)).as("rows left in the change log").isEqualTo(1);
        }
    }

    @Test
    void aReplacedRowStillWaitingIsKeptSoThatItsChildrenFollowTheirParent() {
        try (AgentStore store = AgentStore.open(stateDir)) {
            store.append(List.of(grid("g1")), Map.of());
            store.append(List.of(new EntityChange(EntityType.GRIDSQUARE, "s1", Map.of("grid_uuid", "g1"))), Map.of());
            store.append(
                    List.of(new EntityChange(EntityType.GRID, "g1", Map.of("acquisition_uuid", "a", "name", "new"))),
                    Map.of());
        }
        try (AgentStore reopened = AgentStore.open(stateDir)) {
            assertThat(reopened.peek(10)).extracting(OutboxEntry::uuid).containsExactly("g1", "s1", "g1");
        }
    }

    @Test
    void aStoreWrittenByTheEarlierLayoutIsDeliveredAndRestoredAsItWas() throws Exception {
        // before: each outbox entry carried its item, and entity_state held the fields alone
        String url = "jdbc:h2:file:" + stateDir.toAbsolutePath().resolve("agent") + ";DB_CLOSE_ON_EXIT=FALSE";
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
                java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE outbox (seq BIGINT AUTO_INCREMENT PRIMARY KEY, entity_type VARCHAR(64) NOT NULL,"
                    + " uuid VARCHAR(64) NOT NULL, item CHARACTER LARGE OBJECT NOT NULL, created_at TIMESTAMP WITH TIME ZONE"
                    + " NOT NULL, parked BOOLEAN DEFAULT FALSE NOT NULL, reason VARCHAR(2000))");
            s.execute(
                    "CREATE TABLE entity_state (uuid VARCHAR(64) NOT NULL PRIMARY KEY, entity_type VARCHAR(64) NOT NULL,"
                            + " fields CHARACTER LARGE OBJECT NOT NULL)");
            s.execute(
                    "INSERT INTO outbox (entity_type, uuid, item, created_at) VALUES ('grid', 'g0',"
                            + " '{\"kind\":\"grid\",\"uuid\":\"g0\",\"acquisition_uuid\":\"a\",\"name\":\"Grid g0\"}', CURRENT_TIMESTAMP)");
            s.execute(
                    "INSERT INTO entity_state VALUES ('g0', 'grid', '{\"acquisition_uuid\":\"a\",\"name\":\"Grid g0\"}')");
        }
        try (AgentStore store = AgentStore.open(stateDir)) {
            store.append(List.of(grid("g1")), Map.of());

            assertThat(store.peek(10))
                    .extracting(OutboxEntry::itemJson)
                    .containsExactly(
                            "{\"kind\":\"grid\",\"uuid\":\"g0\",\"acquisition_uuid\":\"a\",\"name\":\"Grid g0\"}",
                            grid("g1").toItemJson());
            assertThat(store.knownEntities()).containsExactly(grid("g0"), grid("g1"));
        }
    }
}
