package io.sightline.agent.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.epu.kind.EpuKinds;
import io.sightline.core.epu.model.EpuSession;
import io.sightline.core.epu.model.FoilHoleManifest;
import io.sightline.core.epu.model.FoilHoleTarget;
import io.sightline.core.epu.model.GridSquareMetadata;
import io.sightline.core.epu.model.PixelPoint;
import io.sightline.core.epu.path.EpuFile;
import io.sightline.core.wire.EntityType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reconcile stage alone, with records made in code. */
class ReconcilerTest {
    private final Path root = Path.of("/data/visit").toAbsolutePath();
    private final Reconciler reconciler = new Reconciler(root, "agent-1");
    private final Path sessionFile = root.resolve("grid1/EpuSession.dm");
    private final Path metadataFile = root.resolve("grid1/Metadata/GridSquare_5.dm");
    private final Path holeFile =
            root.resolve("grid1/Images-Disc1/GridSquare_5/FoilHoles/FoilHole_7_20250108_101010.xml");

    private static EpuFile classify(Path p) {
        return EpuKinds.standard().classify(p).orElseThrow();
    }

    private Reconciler.Result session() {
        return reconciler.apply(
                classify(sessionFile), new EpuSession(1, "Grid one", null, null, null, null, null), sessionFile);
    }

    private static GridSquareMetadata metadata(String state) {
        return new GridSquareMetadata(
                5,
                null,
                state,
                true,
                false,
                null,
                null,
                List.of(new FoilHoleTarget(7, new PixelPoint(10, 20), 30.0, null, false, "Queued", true, null)));
    }

    private static FoilHoleManifest manifest(String id, String time, double quality) {
        return new FoilHoleManifest(
                7, 5, id, Instant.parse(time), new PixelPoint(1, 2), null, quality, 0.5, null, null);
    }

    private Reconciler.Result metadataResult(String state) {
        return reconciler.apply(classify(metadataFile), metadata(state), metadataFile);
    }

    private static List<EntityChange> changes(Reconciler.Result result) {
        assertThat(result).isInstanceOf(Reconciler.Result.Applied.class);
        return ((Reconciler.Result.Applied) result).changes();
    }

    @Test
    void aChildWhoseGridIsUnknownWaitsForThatGrid() {
        Reconciler.Result result = metadataResult("InProgress");

        assertThat(result).isInstanceOf(Reconciler.Result.Waiting.class);
        ParentRef parent = ((Reconciler.Result.Waiting) result).parent();
        assertThat(parent.type()).isEqualTo("grid");
        Reconciler.Result.Applied grid = (Reconciler.Result.Applied) session();
        assertThat(grid.released()).contains(parent);
    }

    @Test
    void oneFilesChangesComeParentsFirstWithDerivedParentUuids() {
        changes(reconciler.start());
        List<EntityChange> grid = changes(session());
        List<EntityChange> square = changes(metadataResult("InProgress"));

        assertThat(grid).singleElement().satisfies(g -> {
            assertThat(g.type()).isEqualTo(EntityType.GRID);
            assertThat(g.parentUuid()).isEqualTo(reconciler.acquisitionUuid());
            assertThat(g.fields()).containsEntry("name", "Grid one");
        });
        assertThat(square).extracting(EntityChange::type).containsExactly(EntityType.GRIDSQUARE, EntityType.FOILHOLE);
        assertThat(square.get(0).parentUuid()).isEqualTo(grid.get(0).uuid());
        assertThat(square.get(1).parentUuid()).isEqualTo(square.get(0).uuid());
        assertThat(square.get(1).fields()).containsEntry("x_location", 10L).containsEntry("diameter", 30L);
    }

    @Test
    void aModifiedFileUpdatesTheSameEntitiesAndAnUnchangedOneGivesNothing() {
        session();
        List<EntityChange> first = changes(metadataResult("InProgress"));

        List<EntityChange> same = changes(metadataResult("InProgress"));
        List<EntityChange> modified = changes(metadataResult("Completed"));

        assertThat(same).isEmpty();
        assertThat(modified).singleElement().satisfies(c -> {
            assertThat(c.uuid()).isEqualTo(first.get(0).uuid());
            assertThat(c.fields()).containsEntry("state", "Completed");
        });
        assertThat(reconciler.counts()).containsEntry(EntityType.GRIDSQUARE, 1L).containsEntry(EntityType.FOILHOLE, 1L);
    }

    @Test
    void theLatestFoilHoleManifestWinsAndTheDmFieldsSurvive() {
        session();
        metadataResult("InProgress");
        EpuFile file = classify(holeFile);
        List<EntityChange> newer =
                changes(reconciler.apply(file, manifest("b", "2025-01-08T10:20:00Z", 0.9), holeFile));
        List<EntityChange> older =
                changes(reconciler.apply(file, manifest("a", "2025-01-08T10:10:00Z", 0.1), holeFile));

        assertThat(newer)
                .singleElement()
                .satisfies(h -> assertThat(h.fields())
                        .containsEntry("quality", 0.9)
                        .containsEntry("x_location", 10L)
                        .containsEntry("center_x", 1.0));
        assertThat(older).isEmpty();
    }
}
