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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The kill-and-restart scenario both executors must survive: a three-job pipeline (import, motion, ctf)
 * whose shell-script "tool" counts its runs in a file and holds the motion job while a file exists; the
 * real server process is SIGKILLed while motion runs, started again on the same database, the hold
 * released; the run must succeed with every tool run exactly once.
 */
final class PipelineKillScenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOOL = """
            #!/bin/sh
            out=$1; shift
            p=$SIGHTLINE_PROJECT; j=$SIGHTLINE_JOB
            echo run >> "$p/count_$j"
            while [ -e "$p/hold_$j" ]; do sleep 0.05; done
            echo ok > "$out"
            """;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Path temp;
    private final Duration deadline;

    PipelineKillScenario(Path temp, Duration deadline) {
        this.temp = temp;
        this.deadline = deadline;
    }

    /**
     * Runs the scenario on the store named ({@code H2} or {@code PostgreSQL}) with the server's executor
     * options; asserts each tool ran once and the last job's success marker exists; answers the run's id.
     */
    String killMidRunAndFinish(String storeName, String... executorArgs) throws Exception {
        Path root = Files.createDirectories(temp.resolve("projects"));
        Path tool = temp.resolve("tool.sh");
        Files.writeString(tool, TOOL);
        List<String> args = new ArrayList<>(List.of("--pipeline-root", root.toString()));
        args.addAll(List.of(executorArgs));
        args.addAll(List.of(
                "--pipeline-program", "spa.import=/bin/sh " + tool + " movies.star",
                "--pipeline-program", "spa.motioncorr=/bin/sh " + tool + " corrected_micrographs.star",
                "--pipeline-program", "spa.ctf=/bin/sh " + tool + " micrographs_ctf.star"));
        String[] argv = args.toArray(String[]::new);
        Path dataDir = temp.resolve("data");
        ServerProcess.Store store =
                storeName.equals("H2") ? ServerProcess.Store.h2(dataDir) : ServerProcess.Store.postgres(dataDir);
        Path project = Files.createDirectories(root.resolve("p1"));
        Files.writeString(project.resolve("hold_motion"), "");

        String id;
        try (ServerProcess first = ServerProcess.start(store, temp.resolve("server1.log"), argv)) {
            Map<String, Object> pipeline = Map.of(
                    "name",
                    "spa",
                    "jobs",
                    List.of(
                            Map.of("name", "import", "type", "spa.import"),
                            Map.of("name", "motion", "type", "spa.motioncorr"),
                            Map.of("name", "ctf", "type", "spa.ctf")));
            id = call(
                            first,
                            "/api/v1/pipeline/runs",
                            Map.of("pipeline", pipeline, "project", "p1", "acquisition", Map.of("pixel_size", 0.83)))
                    .path("id")
                    .asText();
            // motion is held by its file: the kill lands while it runs
            await().atMost(deadline).until(() -> runs(project, "motion") == 1);
            first.kill();
        }

        try (ServerProcess second = ServerProcess.start(store, temp.resolve("server2.log"), argv)) {
            Files.delete(project.resolve("hold_motion"));
            await().atMost(deadline)
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
        return id;
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
}
