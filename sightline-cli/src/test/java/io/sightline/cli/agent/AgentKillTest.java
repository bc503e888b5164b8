package io.sightline.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import io.sightline.simulate.epu.SimulatedSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sightline agent watch} as its own process, killed with SIGKILL mid-session and started again on
 * the same state directory: the server ends with every micrograph and foil hole on disk, once, and every
 * image on disk registered once as a data object under the right parent image.
 */
class AgentKillTest {
    @TempDir
    Path temp;

    private Process agent(TestServer server, Path visit, int run) throws Exception {
        return AgentProcess.start(server.uri(""), visit, temp.resolve("state"), temp.resolve("agent-" + run + ".log"));
    }

    private static int count(TestServer server, String path, String key) {
        JsonNode list = server.get(path).json();
        HashSet<String> keys = new HashSet<>();
        list.forEach(n -> keys.add(n.path(key).asText()));
        assertThat(keys).as("no duplicate %s", key).hasSize(list.size());
        return list.size();
    }

    @Test
    void anAgentKilledMidSessionAndRestartedLosesNothingAndDuplicatesNothing() throws Exception {
        Path visit = temp.resolve("visit");
        EpuSimulation options = EpuSimulation.builder()
                .squares(10)
                .visitedSquares(3)
                .holesPerSquare(8)
                .acquiredHolesPerSquare(4)
                .micrographsPerHole(3)
                .atlasTiles(4)
                .rate(25)
                .partialWrites(true)
                .build();
        Files.createDirectories(visit);
        try (TestServer server = TestServer.start(
                TestDatabase.h2(), c -> c.withStorage(c.storage().withRoots(List.of(visit))), b -> b)) {
            Process first = agent(server, visit, 1);
            HalfwayPause halfway = new HalfwayPause();
            CompletableFuture<SimulatedSession> writing = CompletableFuture.supplyAsync(() -> {
                try {
                    return EpuSimulator.write(visit, options, halfway);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> server.get("/gridsquares").json().size() > 0
                            && server.get("/api/v1/data-objects").json().size() > 0);
            first.destroyForcibly().waitFor();
            assertThat(writing).isNotDone(); // killed mid-session
            halfway.release();

            Process second = agent(server, visit, 2);
            try {
                SimulatedSession truth = writing.get();
                long holes = truth.grids().stream()
                        .mapToLong(g -> g.holeIdsBySquare().values().stream()
                                .mapToLong(List::size)
                                .sum())
                        .sum();
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(300))
                        .untilAsserted(() -> {
                            assertThat(count(server, "/micrographs", "micrograph_id"))
                                    .isEqualTo(truth.micrographCount());
                            assertThat(count(server, "/foilholes", "uuid")).isEqualTo((int) holes);
                            assertThat(count(server, "/gridsquares", "uuid")).isEqualTo(truth.gridSquareCount());
                            assertThat(count(server, "/grids", "uuid")).isEqualTo(1);
                            AgentImagesOnServer.assertImagesOnceWithTheirParents(
                                    path -> server.get(path).json(), visit);
                        });
            } finally {
                second.destroy();
                second.waitFor();
            }
            assertThat(second.exitValue()).as("a clean stop (SIGTERM) exits 0").isZero();
        }
    }
}
