package io.sightline.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.agent.images.DataObjectRegistration;
import io.sightline.agent.ingest.EntityChange;
import io.sightline.core.wire.EntityType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image registrations held while the server has no storage root: the entities behind them go on, they
 * survive a restart, and once released they come back once, in their order, ahead of the images stored
 * since (a child may be among those).
 */
class HeldRegistrationsTest {
    @TempDir
    Path stateDir;

    private static EntityChange grid(String uuid) {
        return new EntityChange(EntityType.GRID, uuid, Map.of("acquisition_uuid", "a", "name", "Grid " + uuid));
    }

    private static DataObjectRegistration image(String uid, String parent) {
        return new DataObjectRegistration(
                uid, "{\"uid\":\"" + uid + "\",\"parents\":[" + (parent == null ? "" : "\"" + parent + "\"") + "]}");
    }

    @Test
    void heldImagesLetTheEntitiesPassSurviveARestartAndComeBackOnceAheadOfTheirChildren() {
        try (AgentStore store = AgentStore.open(stateDir)) {
            store.append(List.of(grid("g1")), Map.of());
            store.register(List.of(image("atlas", null), image("square", "atlas")), Map.of());
            store.append(List.of(grid("g2")), Map.of());
            List<OutboxEntry> waiting = store.peek(10);
            assertThat(waiting).extracting(OutboxEntry::uuid).containsExactly("g1", "atlas", "square", "g2");

            store.delivered(List.of(waiting.get(0).seq()));
            store.hold(List.of(waiting.get(1).seq(), waiting.get(2).seq())); // a server without a root
            assertThat(store.heldCount()).isEqualTo(2);
            assertThat(store.depth())
                    .as("held entries do not wait for delivery")
                    .isEqualTo(1);
            assertThat(store.peek(10)).extracting(OutboxEntry::uuid).containsExactly("g2");
            store.delivered(List.of(store.peek(10).getFirst().seq()));
            assertThat(store.peek(10)).isEmpty();
        }
        try (AgentStore reopened = AgentStore.open(stateDir)) {
            assertThat(reopened.heldCount()).as("kept across a restart").isEqualTo(2);
            assertThat(reopened.peek(10)).isEmpty();
            // seen after the restart, before the server had a root again: waiting, and a child of a held one
            reopened.register(List.of(image("hole", "square")), Map.of());
            reopened.append(List.of(grid("g3")), Map.of());
            assertThat(reopened.peek(10)).extracting(OutboxEntry::uuid).containsExactly("hole", "g3");

            assertThat(reopened.releaseHeld()).isEqualTo(2);
            assertThat(reopened.heldCount()).isZero();
            assertThat(reopened.peek(10))
                    .as("the held ones first, then the images stored since; entities keep their place")
                    .extracting(OutboxEntry::uuid)
                    .containsExactly("g3", "atlas", "square", "hole");
            assertThat(reopened.depth()).isEqualTo(4);
            assertThat(reopened.releaseHeld()).as("released once").isZero();
            assertThat(reopened.peek(10)).hasSize(4);
        }
        try (AgentStore again = AgentStore.open(stateDir)) {
            assertThat(again.heldCount()).isZero();
            assertThat(again.peek(10)).extracting(OutboxEntry::uuid).containsExactly("g3", "atlas", "square", "hole");
        }
    }
}
