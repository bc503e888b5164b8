package io.sightline.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real server process SIGKILLed while a pipeline job runs, then started again on the same database: the
 * run finishes and no job was submitted twice (each shell-script "tool" counts its runs in a file). The tool
 * of the second job waits while a file exists, so the kill lands while it runs. On H2 and PostgreSQL.
 */
class PipelineKillTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newHttpClient();

    static Stream<String> stores() {
        return Stream.of("H2", "PostgreSQL");
    }

    private JsonNode call(ServerProcess server, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(server.uri(path));
        if (body != null) {
            r.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return JSON.readTree(response.body());
    }

    private static long runs(Path project, String job) throws IOException {
        Path f = project.resolve("count_" + job);
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aServerKilledMidRunFinishesItAfterARestartWithoutSubmittingTwice(String storeName) throws Exception {
        Path root = Files.createDirectories(temp.resolve("projects"));
        Path tool = temp.resolve("tool.sh");
        Files.writeString(tool, """
                #!/bin/sh
                out=$1; shift
                p=$SIGHTLINE_PROJECT; j=$SIGHTLINE_JOB
                echo run >> "$p/count_$j"
                while [ -e "$p/hold_$j" ]; do sleep 0.05; done
                echo ok > "$out"
                """);
        String[] args = {
            "--pipeline-root", root.toString(),
            "--pipeline-program", "spa.import=/bin/sh " + tool + " movies.star",
            "--pipeline-program", "spa.motioncorr=/bin/sh " + tool + " corrected_micrographs.star",
            "--pipeline-program", "spa.ctf=/bin/sh " + tool + " micrographs_ctf.star"
        };
        Path dataDir = temp.resolve("data");
        ServerProcess.Store store =
                storeName.equals("H2") ? ServerProcess.Store.h2(dataDir) : ServerProcess.Store.postgres(dataDir);
        Path project = root.resolve("p1");
        Files.createDirectories(project);
        Files.writeString(project.resolve("hold_motion"), "");

        String id;
        try (ServerProcess first = ServerProcess.start(store, temp.resolve("server1.log"), args)) {
            id = call(
                            first,
                            "/api/v1/pipeline/runs",
                            Map.of(
                                    "pipeline",
                                    Map.of(
                                            "name",
                                            "spa",
                                            "jobs",
                                            List.of(
                                                    Map.of("name", "import", "type", "spa.import"),
                                                    Map.of("name", "motion", "type", "spa.motioncorr"),
                                                    Map.of("name", "ctf", "type", "spa.ctf"))),
                                    "project",
                                    "p1",
                                    "acquisition",
                                    Map.of("pixel_size", 0.83)))
                    .path("id")
                    .asText();
            await().atMost(DEADLINE).until(() -> runs(project, "motion") == 1);
            first.kill();
        }

        try (ServerProcess second = ServerProcess.start(store, temp.resolve("server2.log"), args)) {
            Files.delete(project.resolve("hold_motion"));
            await().atMost(DEADLINE)
                    .until(
                            () -> call(second, "/api/v1/pipeline/runs/" + id, null)
                                    .path("status")
                                    .asText(),
                            "succeeded"::equals);
        } finally {
            if (store.postgres() != null) {
                store.postgres().close();
            }
        }
        assertThat(runs(project, "import")).isEqualTo(1);
        assertThat(runs(project, "motion")).isEqualTo(1);
        assertThat(runs(project, "ctf")).isEqualTo(1);
        assertThat(project.resolve("External/job003/RELION_JOB_EXIT_SUCCESS")).exists();
    }
}
