package io.sightline.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.agent.ingest.EntityChange;
import io.sightline.agent.ingest.EntityType;
import io.sightline.agent.ingest.ParentRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
            store.append(List.of(grid("g1"), grid("g2")));
            store.append(List.of(grid("g3")));
            store.park(new ParentRef("grid", "g9"), Path.of("/visit/g9/Metadata/GridSquare_1.dm"));
        } // the "crash": closed with nothing sent

        try (AgentStore reopened = AgentStore.open(stateDir)) {
            List<OutboxEntry> entries = reopened.peek(100);
            assertThat(entries).extracting(OutboxEntry::uuid).containsExactly("g1", "g2", "g3");
            assertThat(entries.get(0).itemJson()).contains("\"kind\":\"grid\"", "\"uuid\":\"g1\"", "\"name\":\"Grid g1\"");
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
    void aSecondAgentOnTheSameStateDirectoryIsRefusedWithAReason() {
        try (AgentStore first = AgentStore.open(stateDir)) {
            assertThatThrownBy(() -> AgentStore.open(stateDir)).isInstanceOf(StoreException.class)
                    .hasMessageContaining(stateDir.toString());
        }
    }

    @Test
    void aFileWaitsForOneParentAtATimeAndKeepsItsFirstWaitingTime() throws Exception {
        try (AgentStore store = AgentStore.inMemory("pending-test")) {
            Path file = Path.of("/visit/grid/Images-Disc1/GridSquare_1/FoilHoles/FoilHole_2_20250108_101010.xml");
            store.park(new ParentRef("grid", "g"), file);
            var since = store.oldest().orElseThrow();
            Thread.sleep(5);
            store.park(new ParentRef("gridsquare", "s"), file);
            assertThat(store.count()).isEqualTo(1);
            assertThat(store.oldest()).contains(since);
            assertThat(store.release(new ParentRef("grid", "g"))).isEmpty();
            assertThat(store.releaseAll("gridsquare")).containsExactly(file);
        }
    }
}
