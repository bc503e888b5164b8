package io.sightline.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import io.sightline.simulate.epu.SimulatedSession;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
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

    /**
     * The server holds each image file once, and its parent is the image the layout says: a micrograph's is
     * the newest image of its foil hole, a foil hole's its square's, a square's and a tile's the atlas.
     */
    private static void assertImagesOnceWithTheirParents(TestServer server, Path visit) throws Exception {
        JsonNode objects = server.get("/api/v1/data-objects?limit=1000").json();
        Map<String, JsonNode> byUid = new HashMap<>();
        Map<Path, JsonNode> byPath = new HashMap<>();
        objects.forEach(o -> {
            assertThat(byUid.put(o.path("uid").asText(), o)).as("uid once").isNull();
            assertThat(byPath.put(Path.of(o.path("path").asText()), o))
                    .as("file once")
                    .isNull();
        });
        List<Path> images;
        try (Stream<Path> files = Files.walk(visit)) {
            images = files.filter(
                            p -> p.toString().endsWith(".jpg") || p.toString().endsWith(".mrc"))
                    .map(p -> p.toAbsolutePath().normalize())
                    .toList();
        }
        assertThat(byPath.keySet()).containsExactlyInAnyOrderElementsOf(images);
        for (Path image : images) {
            JsonNode object = byPath.get(image);
            List<Path> parents = new ArrayList<>();
            object.path("parents")
                    .forEach(uid -> parents.add(
                            Path.of(byUid.get(uid.asText()).path("path").asText())));
            String name = image.getFileName().toString();
            Path folder = image.getParent();
            List<Path> expected = switch (object.path("kind").asText()) {
                case "atlas" -> List.of();
                case "atlas_tile" -> List.of(newest(folder, "Atlas_"));
                case "gridsquare" -> List.of(newest(atlasFolder(visit), "Atlas_"));
                case "foilhole" -> List.of(newest(folder.getParent(), "GridSquare_"));
                case "micrograph" ->
                    List.of(newest(folder.resolveSibling("FoilHoles"), name.substring(0, name.indexOf("_Data_") + 1)));
                default -> throw new AssertionError("unexpected kind " + object);
            };
            assertThat(parents).as("parents of %s", image).isEqualTo(expected);
        }
    }

    /** The JPEG in {@code folder} with the greatest name starting with {@code prefix}. */
    private static Path newest(Path folder, String prefix) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().endsWith(".jpg"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow()
                    .toAbsolutePath()
                    .normalize();
        }
    }

    private static Path atlasFolder(Path visit) throws Exception {
        try (Stream<Path> files = Files.walk(visit)) {
            return files.filter(p -> p.getFileName().toString().equals("Atlas.dm"))
                    .findFirst()
                    .orElseThrow()
                    .getParent();
        }
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
                            assertImagesOnceWithTheirParents(server, visit);
                        });
            } finally {
                second.destroy();
                second.waitFor();
            }
            assertThat(second.exitValue()).as("a clean stop (SIGTERM) exits 0").isZero();
        }
    }
}
