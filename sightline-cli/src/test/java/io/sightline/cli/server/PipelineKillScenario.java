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
    /**
     * $1: the output file's name. The import writes three movies; motion and ctf copy the items of their {@code --i}
     * into their {@code --o} (a share of them per array task). Each run appends "run TASK" to {@code count_<job>}.
     */
    private static final String TOOL = """
            #!/bin/sh
            out=$1; shift
            p=$SIGHTLINE_PROJECT; j=$SIGHTLINE_JOB
            in=""; o="./"
            while [ $# -gt 0 ]; do case "$1" in --i) in=$2; shift;; --o) o=$2; shift;; esac; shift; done
            echo "run ${SLURM_ARRAY_TASK_ID:-}" >> "$p/count_$j"
            while [ -e "$p/hold_$j" ]; do sleep 0.05; done
            if [ "$out" = movies.star ]; then
              printf 'data_movies\\n\\nloop_\\n_rlnMicrographMovieName #1\\nm1.tiff\\nm2.tiff\\nm3.tiff\\n' > "$o$out"
            else
              { printf 'data_micrographs\\n\\nloop_\\n_rlnMicrographName #1\\n'
                grep -oE '[^ ]+[.](tiff|mrc)' "$in" | sed 's/[.]tiff$/.mrc/'; } > "$o$out"
            fi
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
        return killMidRunAndFinish(storeName, false, executorArgs);
    }

    /**
     * The same with motion and ctf as per-item arrays (one movie a task: three tasks each), killed while motion's
     * tasks run or wait: every task must have run exactly once.
     */
    String killMidArrayAndFinish(String storeName, String... executorArgs) throws Exception {
        return killMidRunAndFinish(storeName, true, executorArgs);
    }

    private String killMidRunAndFinish(String storeName, boolean perItem, String... executorArgs) throws Exception {
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
                            job("motion", "spa.motioncorr", perItem),
                            job("ctf", "spa.ctf", perItem)));
            id = call(
                            first,
                            "/api/v1/pipeline/runs",
                            Map.of("pipeline", pipeline, "project", "p1", "acquisition", Map.of("pixel_size", 0.83)))
                    .path("id")
                    .asText();
            // motion is held by its file: the kill lands while it runs
            await().atMost(deadline).until(() -> !runs(project, "motion").isEmpty());
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
        assertThat(runs(project, "import")).containsExactly("run");
        List<String> once = perItem ? List.of("run 0", "run 1", "run 2") : List.of("run");
        assertThat(runs(project, "motion")).containsExactlyInAnyOrderElementsOf(once);
        assertThat(runs(project, "ctf")).containsExactlyInAnyOrderElementsOf(once);
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

    private static Map<String, Object> job(String name, String type, boolean perItem) {
        return perItem
                ? Map.of("name", name, "type", type, "parameters", Map.of("items_per_task", "1"))
                : Map.of("name", name, "type", type);
    }

    /** The lines of {@code count_<job>}, one per run of the tool ("run" or "run TASK"). */
    private static List<String> runs(Path project, String job) throws IOException {
        Path f = project.resolve("count_" + job);
        return Files.exists(f)
                ? Files.readAllLines(f).stream().map(String::strip).toList()
                : List.of();
    }
}
