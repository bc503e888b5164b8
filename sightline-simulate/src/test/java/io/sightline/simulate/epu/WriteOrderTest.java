package io.sightline.simulate.epu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteOrderTest {

    @TempDir
    Path out;

    /** Records, in write order, the relative path of every completed file. */
    private static final class Recorder implements SimulationListener {
        final List<String> written = new ArrayList<>();
        final Path root;

        Recorder(Path root) {
            this.root = root.toAbsolutePath().normalize();
        }

        @Override
        public void fileWritten(Path file, PlannedWrite.Kind kind, int index, int totalWrites, long bytes) {
            assertThat(index).isEqualTo(written.size() + 1);
            written.add(root.relativize(file).toString().replace('\\', '/'));
        }

        int first(String path) {
            int index = written.indexOf(path);
            assertThat(index).as("written: " + path).isNotNegative();
            return index;
        }

        int firstMatching(String regex) {
            for (int i = 0; i < written.size(); i++) {
                if (written.get(i).matches(regex)) {
                    return i;
                }
            }
            throw new AssertionError("nothing written matching " + regex);
        }
    }

    private Recorder write(EpuSimulation.Order order) throws IOException {
        Recorder recorder = new Recorder(out.resolve(order.cliName()));
        SimulatedSession truth = EpuSimulator.write(
                out.resolve(order.cliName()),
                SimulatedFiles.small().toBuilder().grids(1).order(order).build(),
                recorder);
        assertThat(recorder.written).hasSize(truth.plannedWrites());
        return recorder;
    }

    @Test
    void realisticOrderWritesParentsBeforeChildren() throws IOException {
        Recorder recorder = write(EpuSimulation.Order.REALISTIC);
        SimulatedSession truth = EpuSimulator.plan(
                        SimulatedFiles.small().toBuilder().grids(1).build())
                .session();
        SimulatedSession.Grid grid = truth.grids().get(0);
        int session = recorder.first(grid.folder() + "/EpuSession.dm");
        assertThat(recorder.first(grid.atlasPath())).isLessThan(session);
        for (SimulatedSession.Micrograph micrograph : grid.micrographs()) {
            int squareManifest =
                    recorder.firstMatching(".*/GridSquare_" + micrograph.squareId() + "/GridSquare_.*\\.xml");
            assertThat(session).isLessThan(squareManifest);
            assertThat(squareManifest).isLessThan(recorder.first(micrograph.path()));
        }
        for (SimulatedSession.FoilHoleManifest hole : grid.foilHoleManifests()) {
            grid.micrographs().stream()
                    .filter(m -> m.holeId() == hole.holeId())
                    .forEach(m -> assertThat(
                                    recorder.firstMatching(".*/FoilHole_" + hole.holeId() + "_\\d{8}_\\d{6}\\.xml"))
                            .isLessThan(recorder.first(m.path())));
        }
    }

    @Test
    void realisticOrderRewritesVisitedSquareMetadataAsHolesComplete() throws IOException {
        Recorder recorder = write(EpuSimulation.Order.REALISTIC);
        Map<String, Integer> writes = new HashMap<>();
        recorder.written.forEach(p -> writes.merge(p, 1, Integer::sum));
        SimulatedSession.Grid grid = EpuSimulator.plan(
                        SimulatedFiles.small().toBuilder().grids(1).build())
                .session()
                .grids()
                .get(0);
        for (long square : grid.squareIds()) {
            int times = writes.get(grid.folder() + "/Metadata/GridSquare_" + square + ".dm");
            assertThat(times)
                    .as("writes of square " + square)
                    .isEqualTo(grid.visitedSquareIds().contains(square) ? 4 : 1);
        }
    }

    @Test
    void childrenFirstWritesMicrographsBeforeTheirFoilHolesSquaresAndSession() throws IOException {
        Recorder recorder = write(EpuSimulation.Order.CHILDREN_FIRST);
        SimulatedSession.Grid grid = EpuSimulator.plan(
                        SimulatedFiles.small().toBuilder().grids(1).build())
                .session()
                .grids()
                .get(0);
        int session = recorder.first(grid.folder() + "/EpuSession.dm");
        for (SimulatedSession.Micrograph micrograph : grid.micrographs()) {
            int written = recorder.first(micrograph.path());
            assertThat(written).isLessThan(session);
            assertThat(written)
                    .isLessThan(
                            recorder.firstMatching(".*/GridSquare_" + micrograph.squareId() + "/GridSquare_.*\\.xml"));
            assertThat(written)
                    .isLessThan(
                            recorder.first(grid.folder() + "/Metadata/GridSquare_" + micrograph.squareId() + ".dm"));
        }
        for (SimulatedSession.FoilHoleManifest hole : grid.foilHoleManifests()) {
            grid.micrographs().stream()
                    .filter(m -> m.holeId() == hole.holeId())
                    .forEach(m -> assertThat(recorder.first(m.path())).isLessThan(recorder.first(hole.path())));
        }
        assertThat(recorder.first(grid.atlasPath())).isGreaterThan(session);
    }

    @Test
    void randomOrderIsASeededShuffle() throws IOException {
        List<String> random = write(EpuSimulation.Order.RANDOM).written;
        List<String> realistic = write(EpuSimulation.Order.REALISTIC).written;
        assertThat(random).containsExactlyInAnyOrderElementsOf(realistic).isNotEqualTo(realistic);
        List<String> again = EpuSimulator.plan(SimulatedFiles.small().toBuilder()
                        .grids(1)
                        .order(EpuSimulation.Order.RANDOM)
                        .build())
                .writes()
                .stream()
                .map(PlannedWrite::relativePath)
                .toList();
        assertThat(again).isEqualTo(random);
    }
}
