package io.sightline.cli.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.cli.server.ServerProcess;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import io.sightline.simulate.epu.SimulatedSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The images an agent saw while its server had no storage root (no {@code data-objects-v1}) arrive once,
 * with their lineage, when the server is restarted with one: {@code sightline agent watch} and
 * {@code sightline server} as processes, the simulator held halfway through a session while the server
 * is restarted, so that images seen after the restart have parents seen before it. Then SmartEM's image
 * routes answer PNG for the agent's images: {@code /grids/{uuid}/atlas_image} and
 * {@code /gridsquares/{uuid}/gridsquare_image}. On the embedded H2 and on PostgreSQL.
 */
class ImagesBeforeStorageRootTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HELD = Pattern.compile("(\\d+) image registrations held");
    private static final Pattern ATLAS_IMAGE = Pattern.compile("<image data-testid=\"atlas-image\"[^>]*>");
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // the logs of a failed run stay
    Path temp;

    private final HttpClient http = HttpClient.newHttpClient();

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("H2"), Arguments.of("PostgreSQL"));
    }

    private HttpResponse<byte[]> get(URI base, String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode json(URI base, String path) {
        HttpResponse<byte[]> answer = get(base, path);
        assertThat(answer.statusCode()).as("GET %s", path).isEqualTo(200);
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest count of held image registrations the agent's status line gave, or -1. */
    private static int heldInLog(Path log) throws IOException {
        if (!Files.exists(log)) {
            return -1;
        }
        int held = -1;
        Matcher m = HELD.matcher(Files.readString(log));
        while (m.find()) {
            held = Integer.parseInt(m.group(1));
        }
        return held;
    }

    private void assertPng(URI base, String path) {
        HttpResponse<byte[]> answer = get(base, path);
        assertThat(answer.statusCode()).as("GET %s", path).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(answer.body()).as("PNG bytes from %s", path).startsWith(PNG);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void imagesSeenWhileTheServerHadNoStorageRootArriveOnceWithTheirLineageWhenItHasOne(String engine)
            throws Exception {
        Path visit = temp.resolve("visit");
        Files.createDirectories(visit);
        Path dataDir = temp.resolve("data");
        ServerProcess.Store store =
                engine.equals("H2") ? ServerProcess.Store.h2(dataDir) : ServerProcess.Store.postgres(dataDir);
        EpuSimulation options = EpuSimulation.builder()
                .squares(6)
                .visitedSquares(3)
                .holesPerSquare(6)
                .acquiredHolesPerSquare(3)
                .micrographsPerHole(2)
                .atlasTiles(4)
                .rate(40)
                .build();
        Path agentLog = temp.resolve("agent.log");
        try (AutoCloseable dropSchema = store.postgres() == null ? () -> {} : store.postgres()) {
            URI base;
            int port;
            HalfwayPause halfway = new HalfwayPause();
            CompletableFuture<SimulatedSession> writing = null;
            Process agent = null;
            try {
                try (ServerProcess withoutRoot = ServerProcess.start(store, temp.resolve("server-1.log"))) {
                    base = withoutRoot.uri("/");
                    port = base.getPort();
                    assertThat(json(base, "/status")
                                    .path("features")
                                    .path("data-objects-v1")
                                    .asBoolean(false))
                            .isFalse();
                    agent = AgentProcess.start(base, visit, temp.resolve("state"), agentLog);
                    writing = new CompletableFuture<>();
                    CompletableFuture<SimulatedSession> written = writing;
                    Thread.ofPlatform().daemon().name("simulator").start(() -> {
                        try {
                            written.complete(EpuSimulator.write(visit, options, halfway));
                        } catch (Exception | Error e) {
                            written.completeExceptionally(e);
                        }
                    });
                    // every image written so far is held by the agent, while the entities went on
                    await().atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(300))
                            .untilAsserted(() -> {
                                assertThat(halfway.reached())
                                        .as("writer halfway")
                                        .isTrue();
                                assertThat(json(base, "/gridsquares").size()).isPositive();
                                assertThat(heldInLog(agentLog))
                                        .as("held by the agent (%s)", agentLog)
                                        .isEqualTo(AgentImagesOnServer.imagesOnDisk(visit)
                                                .size());
                            });
                    assertThat(json(base, "/api/v1/data-objects").size())
                            .as("nothing registered without a root")
                            .isZero();
                    assertThat(withoutRoot.terminate()).isZero();
                }
                try (ServerProcess withRoot = ServerProcess.startOn(
                        store, port, temp.resolve("server-2.log"), "--storage-root", visit.toString())) {
                    halfway.release();
                    SimulatedSession truth = writing.get();
                    AtomicReference<Map<Path, JsonNode>> objects = new AtomicReference<>();
                    await().atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofMillis(500))
                            .untilAsserted(() -> {
                                assertThat(json(base, "/micrographs").size()).isEqualTo(truth.micrographCount());
                                objects.set(AgentImagesOnServer.assertImagesOnceWithTheirParents(
                                        path -> json(base, path), visit));
                            });
                    assertThat(Files.readString(agentLog)).contains("takes images now");

                    JsonNode grids = json(base, "/grids");
                    assertThat(grids.size()).isEqualTo(1);
                    String grid = grids.get(0).path("uuid").asText();
                    Set<String> squares = new HashSet<>();
                    json(base, "/gridsquares?limit=1000")
                            .forEach(q -> squares.add(q.path("uuid").asText()));
                    int squareImages = 0;
                    for (JsonNode object : objects.get().values()) {
                        String entity = object.path("entity_uuid").asText();
                        switch (object.path("kind").asText()) {
                            case "atlas" ->
                                assertThat(entity)
                                        .as("the atlas names its grid")
                                        .isEqualTo(grid);
                            case "gridsquare" -> {
                                assertThat(squares)
                                        .as("a square image names a square")
                                        .contains(entity);
                                assertPng(base, "/gridsquares/" + entity + "/gridsquare_image?size=64");
                                squareImages++;
                            }
                            default -> {}
                        }
                    }
                    assertThat(squareImages).isPositive();
                    assertPng(base, "/grids/" + grid + "/atlas_image");

                    // the acquisition page draws the atlas image under the squares, from that route
                    String acquisition = grids.get(0).path("acquisition_uuid").asText();
                    String page = new String(
                            get(base, "/ui/acquisitions/" + acquisition).body(), UTF_8);
                    int atlasMap = page.indexOf("<svg data-testid=\"atlas\"");
                    assertThat(atlasMap).as("the atlas map").isNotNegative();
                    Matcher image = ATLAS_IMAGE.matcher(page.substring(atlasMap, page.indexOf("</svg>", atlasMap)));
                    assertThat(image.find())
                            .as("an atlas image in the atlas map")
                            .isTrue();
                    String href = "/grids/" + grid + "/atlas_image?size=1024";
                    assertThat(image.group()).contains("data-grid-uuid=\"" + grid + "\"", "href=\"" + href + "\"");
                    assertPng(base, href);
                }
            } finally {
                halfway.release(); // never leave the writer waiting
                if (agent != null) {
                    agent.destroy();
                    agent.waitFor();
                }
            }
        }
    }
}
