package io.sightline.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.testing.TestServer;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import io.sightline.simulate.epu.SimulatedSession;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sightline agent watch} as its own process, killed with SIGKILL mid-session and started again on
 * the same state directory: the server ends with every micrograph and foil hole on disk, once.
 */
class AgentKillTest {
    @TempDir
    Path temp;

    private Process agent(TestServer server, Path visit, int run) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "io.sightline.cli.Main",
                "agent",
                "watch",
                visit.toString(),
                "--api-url",
                server.uri("").toString(),
                "--agent-id",
                "killed",
                "--polling-only",
                "--poll-interval",
                "0.2",
                "--settle",
                "0.2",
                "--log-interval",
                "1",
                "--state-dir",
                temp.resolve("state").toString());
        File log = temp.resolve("agent-" + run + ".log").toFile();
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
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
        try (TestServer server = TestServer.start()) {
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
                    .until(() -> server.get("/gridsquares").json().size() > 0);
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
                        });
            } finally {
                second.destroy();
                second.waitFor();
            }
            assertThat(second.exitValue()).as("a clean stop (SIGTERM) exits 0").isZero();
        }
    }
}
