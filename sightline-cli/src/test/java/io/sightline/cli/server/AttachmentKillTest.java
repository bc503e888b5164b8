package io.sightline.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.server.testing.AttachedPipeline;
import io.sightline.server.testing.MicrographFixture;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A pipeline attached to an acquisition while the real server process is SIGKILLed in the middle of taking
 * micrographs and running batches, then started again on the same database (H2 and PostgreSQL): every
 * micrograph delivered before and after the kill is processed exactly once, in batches no larger than asked.
 * The import "tool" ({@link AttachedPipeline}) logs each file of its batch into {@code seen.txt} and holds while
 * {@code hold} exists, so that the kill lands while a batch runs.
 */
class AttachmentKillTest {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newHttpClient();

    static Stream<String> stores() {
        return Stream.of("H2", "PostgreSQL");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aServerKilledWhileMicrographsArriveProcessesEachOnceAfterARestart(String storeName) throws Exception {
        Path root = Files.createDirectories(temp.resolve("projects"));
        Path storage = Files.createDirectories(temp.resolve("storage"));
        List<String> args =
                new ArrayList<>(List.of("--pipeline-root", root.toString(), "--storage-root", storage.toString()));
        args.addAll(AttachedPipeline.programFlags(temp));
        String[] argv = args.toArray(String[]::new);
        Path dataDir = temp.resolve("data");
        ServerProcess.Store store =
                storeName.equals("H2") ? ServerProcess.Store.h2(dataDir) : ServerProcess.Store.postgres(dataDir);
        Path project = Files.createDirectories(root.resolve("live"));
        Files.writeString(project.resolve("hold"), "");
        List<String> expected = new ArrayList<>();
        String attachment;
        MicrographFixture acquisition;
        try (ServerProcess first = ServerProcess.start(store, temp.resolve("server1.log"), argv)) {
            acquisition = MicrographFixture.through((path, body) -> call(first, "POST", path, body), storage);
            Map<String, Object> attach = AttachedPipeline.request(acquisition.acquisition(), "live", 3, 1);
            attachment = call(first, "POST", "/api/v1/pipeline/attachments", attach)
                    .path("id")
                    .asText();
            for (int n = 1; n <= 3; n++) {
                expected.add(acquisition.micrograph(n));
            }
            await().atMost(DEADLINE).until(() -> seen(project).size() == 3); // batch 1 runs, held
            for (int n = 4; n <= 8; n++) {
                expected.add(acquisition.micrograph(n));
            }
            first.kill(); // at once: taking, cutting or starting may be half done
        }

        try (ServerProcess second = ServerProcess.start(store, temp.resolve("server2.log"), argv)) {
            MicrographFixture again = new MicrographFixture(
                    (path, body) -> call(second, "POST", path, body),
                    acquisition.acquisition(),
                    acquisition.hole(),
                    storage);
            for (int n = 9; n <= 10; n++) {
                expected.add(again.micrograph(n));
            }
            Files.delete(project.resolve("hold"));
            await().atMost(DEADLINE).until(() -> {
                JsonNode a = call(second, "GET", "/api/v1/pipeline/attachments/" + attachment, null);
                List<String> statuses = a.path("batch_runs").findValuesAsText("run_status");
                return a.path("taken").asInt() == 10
                        && a.path("waiting").asInt() == 0
                        && statuses.stream().allMatch("succeeded"::equals);
            });
            JsonNode a = call(second, "GET", "/api/v1/pipeline/attachments/" + attachment, null);
            int total = 0;
            for (JsonNode b : a.path("batch_runs")) {
                assertThat(b.path("size").asInt()).isBetween(1, 3);
                total += b.path("size").asInt();
            }
            assertThat(total).isEqualTo(10);
        } finally {
            if (store.postgres() != null) {
                store.postgres().close();
            }
        }
        List<String> seen = AttachedPipeline.files(seen(project));
        assertThat(seen).as("each micrograph processed once").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(new HashSet<>(seen)).hasSize(10);
    }

    private static List<String> seen(Path project) throws IOException {
        return AttachedPipeline.seen(project);
    }

    private JsonNode call(ServerProcess server, String method, String path, Object body) throws IOException {
        HttpRequest.Builder r = HttpRequest.newBuilder(server.uri(path));
        if (body != null) {
            r.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        try {
            HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isLessThan(300);
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
