package io.sightline.simulate.epu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class SimulationPropertiesTest {

    @Property(tries = 60)
    void planCountsAndIdsHoldForAnySeedAndOrder(
            @ForAll long seed,
            @ForAll EpuSimulation.Order order,
            @ForAll @IntRange(min = 1, max = 2) int grids,
            @ForAll @IntRange(min = 1, max = 12) int squares,
            @ForAll @IntRange(min = 0, max = 12) int visited,
            @ForAll @IntRange(min = 0, max = 20) int holes,
            @ForAll @IntRange(min = 0, max = 25) int acquired,
            @ForAll @IntRange(min = 0, max = 3) int perHole,
            @ForAll @IntRange(min = -1, max = 30) int foilHoles) {
        EpuSimulation options = EpuSimulation.builder()
                .seed(seed)
                .order(order)
                .grids(grids)
                .squares(squares)
                .visitedSquares(Math.min(visited, squares))
                .holesPerSquare(holes)
                .acquiredHolesPerSquare(acquired)
                .micrographsPerHole(perHole)
                .foilHoleManifests(foilHoles)
                .atlasTiles(9)
                .build();
        SimulationPlan plan = EpuSimulator.plan(options);
        SimulatedSession truth = plan.session();
        int acquiredPerSquare = Math.min(acquired, holes);
        int visitedSquares = Math.min(visited, squares);
        assertThat(truth.grids()).hasSize(grids);
        assertThat(truth.gridSquareCount()).isEqualTo(grids * squares);
        assertThat(truth.micrographCount()).isEqualTo(grids * visitedSquares * acquiredPerSquare * perHole);
        if (foilHoles >= 0 && visitedSquares * acquiredPerSquare > 0) {
            assertThat(truth.foilHoleManifestCount()).isEqualTo(grids * foilHoles);
        }
        assertThat(plan.writes()).hasSize(truth.plannedWrites());
        assertThat(plan.writes().stream()
                        .map(PlannedWrite::relativePath)
                        .distinct()
                        .count())
                .isEqualTo(truth.files());

        List<Long> ids = new ArrayList<>();
        Set<String> guids = new HashSet<>();
        for (SimulatedSession.Grid grid : truth.grids()) {
            ids.add(grid.sessionId());
            ids.add(grid.atlasId());
            ids.addAll(grid.squareIds());
            ids.addAll(grid.atlasTileIds());
            grid.holeIdsBySquare().values().forEach(ids::addAll);
            assertThat(grid.visitedSquareIds()).hasSize(visitedSquares).doesNotHaveDuplicates();
            assertThat(grid.squareIds()).containsAll(grid.visitedSquareIds());
            grid.holeIdsBySquare().values().forEach(h -> assertThat(h).hasSize(holes));
            for (SimulatedSession.Micrograph micrograph : grid.micrographs()) {
                assertThat(guids.add(micrograph.uniqueId())).isTrue();
                assertThat(grid.acquiredHoleIdsBySquare().get(micrograph.squareId()))
                        .contains(micrograph.holeId());
            }
        }
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id >= 1_000_000 && id < 100_000_000);
    }

    @Property(tries = 12)
    void filesOnDiskMatchTheTruthForAnySeedAndOrder(@ForAll long seed, @ForAll EpuSimulation.Order order)
            throws IOException {
        EpuSimulation options = EpuSimulation.builder()
                .seed(seed)
                .order(order)
                .squares(5)
                .visitedSquares(2)
                .holesPerSquare(6)
                .acquiredHolesPerSquare(3)
                .micrographsPerHole(2)
                .atlasTiles(4)
                .build();
        Path out = Files.createTempDirectory("sightline-sim-");
        try {
            SimulatedSession truth = EpuSimulator.write(out, options, SimulationListener.NONE);
            Map<String, Path> files = SimulatedFiles.all(out);
            assertThat(files).hasSize(truth.files());
            for (SimulatedSession.Micrograph micrograph : truth.grids().get(0).micrographs()) {
                assertThat(files).containsKey(micrograph.path());
            }
            assertThat(SimulatedFiles.count(out, ".*/Data/.*\\.xml")).isEqualTo(truth.micrographCount());
        } finally {
            deleteTree(out);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
