package io.sightline.agent.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.agent.ingest.Reconciler;
import io.sightline.core.epu.kind.EpuEntities;
import io.sightline.core.image.formats.ImageFormats;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image registrar over a session the simulator wrote: every image once, with its parent image, uids
 * that a second run agrees on, and a corrupt image that holds up nobody.
 */
class ImageRegistrarTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    /** What the sink was given, in order, with the stamps. */
    private static final class RecordingSink implements ImageSink {
        final List<JsonNode> registered = new CopyOnWriteArrayList<>();
        final Map<Path, String> stamps = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void register(List<DataObjectRegistration> registrations, Map<Path, String> imageStamps) {
            for (DataObjectRegistration r : registrations) {
                try {
                    JsonNode node = JSON.readTree(r.json());
                    assertThat(node.path("uid").asText()).isEqualTo(r.uid());
                    registered.add(node);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            stamps.putAll(imageStamps);
        }
    }

    /** The reconciler's grids, with the atlas link its session would give (no session is read here). */
    private static Grids grids(Path root, Optional<Path> atlas) throws Exception {
        Reconciler reconciler = new Reconciler(root, "images-test");
        Path gridFolder = gridFolder(root);
        return new Grids() {
            @Override
            public String acquisitionUuid() {
                return reconciler.acquisitionUuid();
            }

            @Override
            public String gridUuid(Path gridFolder) {
                return reconciler.gridUuid(gridFolder);
            }

            @Override
            public Optional<Path> atlasOf(Path gridFolder, java.util.Collection<Path> atlasFiles) {
                return atlas; // what EpuSession.dm would link
            }

            @Override
            public List<String> gridsTaking(Path atlasFile, java.util.Collection<Path> atlasFiles) {
                return atlas.filter(a -> a.toAbsolutePath().normalize().equals(atlasFile))
                        .map(a -> List.of(reconciler.gridUuid(gridFolder)))
                        .orElse(List.of());
            }
        };
    }

    /** The folder of the (one) grid's {@code EpuSession.dm}. */
    private static Path gridFolder(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals("EpuSession.dm"))
                    .findFirst()
                    .orElseThrow()
                    .getParent();
        }
    }

    private Path visit() throws Exception {
        Path visit = temp.resolve("visit");
        EpuSimulator.write(
                visit,
                EpuSimulation.builder()
                        .squares(4)
                        .visitedSquares(2)
                        .holesPerSquare(4)
                        .acquiredHolesPerSquare(2)
                        .micrographsPerHole(2)
                        .atlasTiles(2)
                        .order(EpuSimulation.Order.CHILDREN_FIRST)
                        .build());
        return visit;
    }

    private static List<Path> images(Path visit) throws Exception {
        try (Stream<Path> files = Files.walk(visit)) {
            return files.filter(p ->
                            EpuImage.classify(p.toAbsolutePath().normalize()).isPresent())
                    .map(p -> p.toAbsolutePath().normalize())
                    .sorted()
                    .toList();
        }
    }

    private static Path atlasFile(Path visit) throws Exception {
        try (Stream<Path> files = Files.walk(visit)) {
            return files.filter(p -> p.getFileName().toString().equals("Atlas.dm"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    @Test
    void everyImageIsRegisteredOnceWithItsParentImageAndASecondRunSendsNothing() throws Exception {
        Path visit = visit();
        List<Path> images = images(visit);
        assertThat(images).isNotEmpty();
        Grids grids = grids(visit, Optional.of(atlasFile(visit)));
        RecordingSink sink = new RecordingSink();
        Map<String, JsonNode> byPath = new HashMap<>();
        try (ImageRegistrar registrar = new ImageRegistrar(visit, grids, sink, ImageFormats.standard(), Map.of())) {
            // children first, as a restart over a finished session may hand them on
            images.reversed().forEach(registrar::offer);
            assertThat(registrar.awaitIdle(Duration.ofSeconds(30))).isTrue();
            for (JsonNode node : sink.registered) {
                assertThat(byPath.put(node.path("path").asText(), node))
                        .as("once")
                        .isNull();
            }
            assertThat(byPath.keySet())
                    .containsExactlyInAnyOrderElementsOf(
                            images.stream().map(Path::toString).toList());
            assertThat(registrar.uid(images.getFirst()))
                    .isEqualTo(
                            byPath.get(images.getFirst().toString()).path("uid").asText());
        }
        Map<String, String> uidToPath = new HashMap<>();
        String gridUuid = grids.gridUuid(gridFolder(visit));
        byPath.forEach((path, node) -> uidToPath.put(node.path("uid").asText(), path));
        // every parent was registered before its child, and is the image the layout says
        List<String> seen = new ArrayList<>();
        for (JsonNode node : sink.registered) {
            Path path = Path.of(node.path("path").asText());
            String kind = node.path("kind").asText();
            List<String> parents = new ArrayList<>();
            node.path("parents").forEach(p -> parents.add(p.asText()));
            assertThat(seen).containsAll(parents);
            seen.add(node.path("uid").asText());
            assertThat(node.path("shape").size()).isEqualTo(2);
            assertThat(node.path("dtype").asText()).isNotBlank();
            String parentPath = parents.isEmpty() ? null : uidToPath.get(parents.getFirst());
            String entity = node.path("entity_uuid").asText(null);
            switch (kind) {
                case "atlas" -> {
                    assertThat(parents).isEmpty();
                    assertThat(entity).as("an atlas image names its grid").isEqualTo(gridUuid);
                }
                case "atlas_tile" -> {
                    assertThat(Path.of(parentPath).getFileName().toString()).startsWith("Atlas_");
                    long tile = Long.parseLong(path.getFileName().toString().split("_")[1]);
                    assertThat(entity)
                            .as("a tile image names its atlas tile")
                            .isEqualTo(EpuEntities.tileUuid(EpuEntities.atlasUuid(gridUuid), tile));
                }
                case "gridsquare" ->
                    assertThat(Path.of(parentPath).getFileName().toString()).startsWith("Atlas_");
                case "foilhole" ->
                    assertThat(Path.of(parentPath).getParent())
                            .isEqualTo(path.getParent().getParent());
                case "micrograph" -> {
                    String hole = path.getFileName().toString().split("_Data_")[0];
                    assertThat(Path.of(parentPath).getFileName().toString()).startsWith(hole + "_");
                    assertThat(Path.of(parentPath).getParent().getFileName().toString())
                            .isEqualTo("FoilHoles");
                }
                default -> throw new AssertionError("unexpected kind " + kind);
            }
        }

        RecordingSink again = new RecordingSink();
        try (ImageRegistrar second = new ImageRegistrar(visit, grids, again, ImageFormats.standard(), sink.stamps)) {
            images.forEach(second::offer);
            assertThat(second.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(again.registered)
                    .as("unchanged images are not sent again")
                    .isEmpty();
        }
    }

    @Test
    void anAtlasNoGridLinksIsRegisteredWithoutAGridAfterAWhileAndItsTilesStillUnderIt() throws Exception {
        Path visit = visit();
        List<Path> atlasImages = images(visit).stream()
                .filter(p -> p.getParent().getFileName().toString().equals("Atlas"))
                .toList();
        RecordingSink sink = new RecordingSink();
        try (ImageRegistrar registrar =
                new ImageRegistrar(visit, grids(visit, Optional.empty()), sink, ImageFormats.standard(), Map.of())) {
            atlasImages.forEach(registrar::offer);
            assertThat(registrar.awaitIdle(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(sink.registered).hasSameSizeAs(atlasImages);
        String atlasUid = sink.registered.stream()
                .filter(n -> n.path("kind").asText().equals("atlas"))
                .map(n -> n.path("uid").asText())
                .findFirst()
                .orElseThrow();
        for (JsonNode node : sink.registered) {
            assertThat(node.has("entity_uuid"))
                    .as("no grid, no entity: %s", node)
                    .isFalse();
            if (node.path("kind").asText().equals("atlas_tile")) {
                assertThat(node.path("parents").path(0).asText()).isEqualTo(atlasUid);
            }
        }
    }

    @Test
    void aCorruptImageIsSkippedUntilItChangesAndHoldsUpNoOther() throws Exception {
        Path visit = visit();
        List<Path> images = images(visit);
        Path corrupt = images.stream()
                .filter(p -> p.getParent().getFileName().toString().equals("Data"))
                .findFirst()
                .orElseThrow();
        Files.write(corrupt, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00, 0x12}); // a JPEG cut short
        RecordingSink sink = new RecordingSink();
        try (ImageRegistrar registrar = new ImageRegistrar(
                visit, grids(visit, Optional.of(atlasFile(visit))), sink, ImageFormats.standard(), Map.of())) {
            images.forEach(registrar::offer);
            assertThat(registrar.awaitIdle(Duration.ofSeconds(60))).isTrue();
            assertThat(sink.registered).hasSize(images.size() - 1);
            assertThat(sink.registered).noneMatch(n -> n.path("path").asText().equals(corrupt.toString()));
            assertThat(registrar.rejected()).isEqualTo(1);

            // the same bad bytes again: still skipped, not tried again
            registrar.offer(corrupt);
            assertThat(registrar.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(registrar.rejected()).isEqualTo(1);

            // written whole at last: registered
            Files.copy(
                    images.stream()
                            .filter(p -> !p.equals(corrupt) && p.getParent().equals(corrupt.getParent()))
                            .findFirst()
                            .orElseThrow(),
                    corrupt,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(
                    corrupt, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
            registrar.offer(corrupt);
            assertThat(registrar.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(sink.registered).anyMatch(n -> n.path("path").asText().equals(corrupt.toString()));
        }
    }

    @Test
    void imagesAreRecognisedFromTheirPathsAlone() {
        Path grid = Path.of("/v/Supervisor_1_EPU/Images-Disc1/GridSquare_42");
        assertThat(EpuImage.classify(grid.resolve("GridSquare_20250101_101010.jpg")))
                .hasValueSatisfying(i -> {
                    assertThat(i.kind()).isEqualTo(ImageKind.GRIDSQUARE);
                    assertThat(i.squareId()).isEqualTo(42);
                    assertThat(i.gridFolder()).isEqualTo(Path.of("/v/Supervisor_1_EPU"));
                });
        assertThat(EpuImage.classify(grid.resolve("FoilHoles/FoilHole_7_20250101_101010.jpg")))
                .hasValueSatisfying(i -> assertThat(i.holeId()).isEqualTo(7));
        assertThat(EpuImage.classify(grid.resolve("Data/FoilHole_7_Data_9_1_20250101_101010.mrc")))
                .hasValueSatisfying(i -> assertThat(i.kind()).isEqualTo(ImageKind.MICROGRAPH));
        assertThat(EpuImage.classify(grid.resolve("Data/FoilHole_7_Data_9_1_20250101_101010_Fractions.tiff")))
                .hasValueSatisfying(i -> assertThat(i.kind()).isEqualTo(ImageKind.MOVIE));
        assertThat(EpuImage.classify(Path.of("/v/atlas/Sample1/Atlas/Tile_5_1_3.jpg")))
                .hasValueSatisfying(i -> assertThat(i.kind()).isEqualTo(ImageKind.ATLAS_TILE));
        assertThat(EpuImage.classify(grid.resolve("Data/FoilHole_7_Data_9_1_20250101_101010.xml")))
                .isEmpty();
        assertThat(EpuImage.classify(grid.resolve("Data/FoilHole_7_Data_9_1_20250101_101010_Fractions.eer")))
                .isEmpty();
        assertThat(EpuImage.classify(grid.resolve("FoilHoles/FoilHole_x_2025.jpg")))
                .isEmpty();
    }
}
