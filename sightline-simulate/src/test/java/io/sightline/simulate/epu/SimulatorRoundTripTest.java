package io.sightline.simulate.epu;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.epu.dir.EpuDirectory;
import io.sightline.core.epu.dir.EpuDirectoryReader;
import io.sightline.core.epu.dir.EpuValidator;
import io.sightline.core.epu.dir.GridModel;
import io.sightline.core.epu.model.FoilHole;
import io.sightline.core.epu.model.MicrographManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the simulator writes, the real readers read back: same grids, ids and links, nothing pending, no problems. */
class SimulatorRoundTripTest {

    @TempDir
    Path tmp;

    @Test
    void aDefaultSessionReadsBackCompletely() throws IOException {
        SimulatedSession written = EpuSimulator.write(tmp, EpuSimulation.defaults());

        assertReadsBack(tmp, written);
        assertThat(new EpuValidator().validate(tmp).issues()).isEmpty();
    }

    @Test
    void severalGridsShareTheVisitAndEachFindsItsAtlas() throws IOException {
        SimulatedSession written = EpuSimulator.write(
                tmp,
                EpuSimulation.builder()
                        .grids(3)
                        .squares(6)
                        .visitedSquares(2)
                        .holesPerSquare(10)
                        .acquiredHolesPerSquare(3)
                        .micrographsPerHole(1)
                        .build());

        EpuDirectory read = assertReadsBack(tmp, written);
        assertThat(read.grids())
                .hasSize(3)
                .allSatisfy(g -> assertThat(g.atlas()).isNotNull());
    }

    @Property(tries = 12)
    void anySeedAndOrderReadsBack(
            @ForAll long seed,
            @ForAll EpuSimulation.Order order,
            @ForAll @IntRange(min = 1, max = 6) int squares,
            @ForAll @IntRange(min = 0, max = 6) int visited,
            @ForAll @IntRange(min = 0, max = 12) int holes,
            @ForAll @IntRange(min = 0, max = 3) int micrographsPerHole)
            throws IOException {
        Path dir = Files.createTempDirectory("sightline-roundtrip-");
        try {
            EpuSimulation options = EpuSimulation.builder()
                    .seed(seed)
                    .order(order)
                    .squares(squares)
                    .visitedSquares(Math.min(visited, squares))
                    .holesPerSquare(holes)
                    .acquiredHolesPerSquare(holes / 2)
                    .micrographsPerHole(micrographsPerHole)
                    .build();
            assertReadsBack(dir, EpuSimulator.write(dir, options));
        } finally {
            deleteTree(dir);
        }
    }

    private static EpuDirectory assertReadsBack(Path visit, SimulatedSession written) throws IOException {
        EpuDirectory read = new EpuDirectoryReader().read(visit);

        assertThat(read.allProblems()).isEmpty();
        assertThat(read.grids()).hasSize(written.grids().size());
        Map<Long, GridModel> bySession =
                read.grids().stream().collect(Collectors.toMap(g -> g.session().id(), g -> g));
        for (SimulatedSession.Grid expected : written.grids()) {
            GridModel grid = bySession.get(expected.sessionId());
            assertThat(grid).as("grid of session %d", expected.sessionId()).isNotNull();
            assertThat(grid.session().name()).isEqualTo(expected.sessionName());
            assertThat(grid.atlas().sessionId()).isEqualTo(expected.atlasId());
            assertThat(grid.atlas().squares())
                    .extracting(p -> p.squareId())
                    .containsExactlyInAnyOrderElementsOf(expected.atlasSquareIds());
            assertThat(grid.squares().keySet()).containsExactlyInAnyOrderElementsOf(expected.squareIds());

            Set<Long> expectedHoles = new HashSet<>();
            expected.holeIdsBySquare().values().forEach(expectedHoles::addAll);
            expected.foilHoleManifests().forEach(m -> expectedHoles.add(m.holeId()));
            assertThat(grid.foilHoles().keySet()).containsExactlyInAnyOrderElementsOf(expectedHoles);
            for (var latest : expected.latestFoilHoleManifests().values()) {
                FoilHole hole = grid.foilHoles().get(latest.holeId());
                assertThat(hole.manifest().uniqueId())
                        .as("latest manifest of hole %d", latest.holeId())
                        .isEqualTo(latest.uniqueId());
            }
            for (var entry : expected.nearGridBarHoleIds().entrySet()) {
                for (long holeId : entry.getValue()) {
                    assertThat(grid.foilHoles().get(holeId).target().nearGridBar())
                            .isTrue();
                }
            }

            assertThat(grid.micrographs().keySet())
                    .containsExactlyInAnyOrderElementsOf(expected.micrographs().stream()
                            .map(SimulatedSession.Micrograph::uniqueId)
                            .toList());
            for (SimulatedSession.Micrograph m : expected.micrographs()) {
                MicrographManifest got = grid.micrographs().get(m.uniqueId());
                assertThat(got.foilHoleId()).isEqualTo(m.holeId());
                assertThat(got.squareId()).isEqualTo(m.squareId());
                assertThat(got.locationId()).isEqualTo(m.locationId());
            }
            assertThat(grid.pending())
                    .as("every micrograph's foil hole is known")
                    .isEmpty();
        }
        return read;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
