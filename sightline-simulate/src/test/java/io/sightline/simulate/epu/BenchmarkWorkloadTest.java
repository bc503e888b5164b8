package io.sightline.simulate.epu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark workload has the shape the benchmarks are specified with (plan only; nothing is written). */
class BenchmarkWorkloadTest {

    private static final SimulationPlan PLAN = EpuSimulator.plan(EpuSimulation.benchmark());

    @Test
    void benchmarkWorkloadHasTheSpecifiedCounts() {
        SimulatedSession truth = PLAN.session();
        SimulatedSession.Grid grid = truth.grids().get(0);
        assertThat(truth.grids()).hasSize(1);
        assertThat(finalWrites(PlannedWrite.Kind.GRID_SQUARE_METADATA)).isEqualTo(420);
        assertThat(grid.visitedSquareIds()).hasSize(10);
        assertThat(grid.holeIdsBySquare().values())
                .allSatisfy(holes -> assertThat(holes).hasSize(570));
        assertThat(grid.nearGridBarHoleIds().values())
                .allSatisfy(near -> assertThat(near.size()).isBetween(200, 370));
        assertThat(truth.micrographCount()).isEqualTo(5_000);
        assertThat(truth.foilHoleManifestCount()).isEqualTo(100);
        assertThat(PLAN.writes().stream().filter(w -> w.kind() == PlannedWrite.Kind.MICROGRAPH_MANIFEST))
                .hasSize(5_000);
    }

    @Test
    void benchmarkAtlasIsAboutAsLargeAsARealOne() throws IOException {
        PlannedWrite atlas = only(PlannedWrite.Kind.ATLAS);
        long bytes = size(atlas);
        assertThat(bytes).isBetween(100_000_000L, 125_000_000L);
    }

    @Test
    void atlasGrowsWithTiles() throws IOException {
        EpuSimulation few = EpuSimulation.builder().squares(60).atlasTiles(16).build();
        long small = size(EpuSimulator.plan(few).writes().stream()
                .filter(w -> w.kind() == PlannedWrite.Kind.ATLAS)
                .findFirst()
                .orElseThrow());
        long large = size(EpuSimulator.plan(few.toBuilder().atlasTiles(144).build()).writes().stream()
                .filter(w -> w.kind() == PlannedWrite.Kind.ATLAS)
                .findFirst()
                .orElseThrow());
        assertThat(large).isGreaterThan(3 * small);
    }

    @Test
    void visitedSquareMetadataIsMegabytesOnOneLine() throws IOException {
        List<PlannedWrite> metadata = PLAN.writes().stream()
                .filter(w -> w.kind() == PlannedWrite.Kind.GRID_SQUARE_METADATA)
                .toList();
        long largest = 0;
        for (PlannedWrite write : metadata.subList(metadata.size() - 5, metadata.size())) {
            largest = Math.max(largest, size(write));
        }
        assertThat(largest).isBetween(1_500_000L, 3_000_000L);
    }

    private static long finalWrites(PlannedWrite.Kind kind) {
        return PLAN.writes().stream()
                .filter(w -> w.kind() == kind)
                .map(PlannedWrite::relativePath)
                .distinct()
                .count();
    }

    private static PlannedWrite only(PlannedWrite.Kind kind) {
        List<PlannedWrite> writes =
                PLAN.writes().stream().filter(w -> w.kind() == kind).toList();
        assertThat(writes).hasSize(1);
        return writes.get(0);
    }

    private static long size(PlannedWrite write) throws IOException {
        long[] count = {0};
        write.content().writeTo(new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        });
        return count[0];
    }
}
