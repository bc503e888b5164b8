package io.sightline.simulate.epu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {

    @TempDir
    Path temp;

    @Test
    void sameSeedAndOptionsWriteByteIdenticalFiles() throws IOException {
        EpuSimulation options = SimulatedFiles.small();
        SimulatedSession first = EpuSimulator.write(temp.resolve("a"), options, SimulationListener.NONE);
        SimulatedSession second = EpuSimulator.write(temp.resolve("b"), options, SimulationListener.NONE);
        assertThat(second).isEqualTo(first);
        assertSameTree(temp.resolve("a"), temp.resolve("b"));
    }

    @Test
    void differentSeedsGiveDifferentIdsAndGuids() {
        SimulatedSession one = EpuSimulator.plan(SimulatedFiles.small()).session();
        SimulatedSession other = EpuSimulator.plan(
                        SimulatedFiles.small().toBuilder().seed(7).build())
                .session();
        Set<Long> oneSquares = Set.copyOf(one.grids().get(0).squareIds());
        assertThat(other.grids().get(0).squareIds())
                .isNotEqualTo(one.grids().get(0).squareIds());
        assertThat(other.grids().get(0).sessionId())
                .isNotEqualTo(one.grids().get(0).sessionId());
        assertThat(other.grids().get(0).squareIds().stream()
                        .filter(oneSquares::contains)
                        .count())
                .isLessThan(oneSquares.size());
        Set<String> oneGuids = one.grids().get(0).micrographs().stream()
                .map(SimulatedSession.Micrograph::uniqueId)
                .collect(Collectors.toSet());
        assertThat(other.grids().get(0).micrographs()).noneMatch(m -> oneGuids.contains(m.uniqueId()));
    }

    @Test
    void everyOrderLeavesTheSameFinalFiles() throws IOException {
        for (EpuSimulation.Order order : EpuSimulation.Order.values()) {
            EpuSimulator.write(
                    temp.resolve(order.cliName()),
                    SimulatedFiles.small().toBuilder().order(order).build(),
                    SimulationListener.NONE);
        }
        assertSameTree(temp.resolve("realistic"), temp.resolve("children-first"));
        assertSameTree(temp.resolve("realistic"), temp.resolve("random"));
    }

    static void assertSameTree(Path a, Path b) throws IOException {
        Map<String, Path> left = SimulatedFiles.all(a);
        Map<String, Path> right = SimulatedFiles.all(b);
        assertThat(right.keySet()).containsExactlyElementsOf(left.keySet());
        for (Map.Entry<String, Path> file : left.entrySet()) {
            assertThat(Files.mismatch(file.getValue(), right.get(file.getKey())))
                    .as(file.getKey())
                    .isEqualTo(-1L);
        }
    }
}
