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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PipelineKillTest} on the real SLURM cluster: {@code sightline server --pipeline-executor slurm}
 * SIGKILLed while a job runs as a SLURM job, then started again on the same database: the run finishes and
 * SLURM holds exactly one job per pipeline job; on H2 and PostgreSQL (read from {@code squeue}, which lists ended jobs for
 * {@code MinJobAge}). Skips, with the reason, only when {@code sinfo} does not answer.
 */
class PipelineSlurmKillTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newHttpClient();

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

    /** Runs {@code argv} to its end within 30 s; what it printed, or null when it could not run or failed. */
    private static String output(String... argv) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }

    static Stream<String> stores() {
        return Stream.of("H2", "PostgreSQL");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aServerOnSlurmKilledMidRunFinishesItAfterARestartWithoutSubmittingTwice(String storeName) throws Exception {
        String sinfo = output("sinfo", "-h", "-o", "%P %a");
        Assumptions.assumeTrue(
                sinfo != null && !sinfo.isBlank(), "SLURM test skipped: sinfo does not answer on this machine");
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
            "--pipeline-root",
            root.toString(),
            "--pipeline-executor",
            "slurm",
            "--slurm-cpus",
            "1",
            "--slurm-memory",
            "100M",
            "--slurm-time",
            "00:10:00",
            "--pipeline-program",
            "spa.import=/bin/sh " + tool + " movies.star",
            "--pipeline-program",
            "spa.motioncorr=/bin/sh " + tool + " corrected_micrographs.star",
            "--pipeline-program",
            "spa.ctf=/bin/sh " + tool + " micrographs_ctf.star"
        };
        Path dataDir = temp.resolve("data");
        ServerProcess.Store store =
                storeName.equals("H2") ? ServerProcess.Store.h2(dataDir) : ServerProcess.Store.postgres(dataDir);
        Path project = Files.createDirectories(root.resolve("p1"));
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
            // motion runs as a SLURM job, held by its file: the kill lands mid-run.
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
        String prefix = "sl-" + id.substring(0, 8) + "-";
        Map<String, Long> jobs = output("squeue", "-h", "-t", "all", "-o", "%j")
                .lines()
                .map(String::strip)
                .filter(n -> n.startsWith(prefix))
                .collect(Collectors.groupingBy(n -> n.substring(prefix.length()), Collectors.counting()));
        assertThat(jobs).containsExactlyInAnyOrderEntriesOf(Map.of("import-a1", 1L, "motion-a1", 1L, "ctf-a1", 1L));
        assertThat(project.resolve("External/job003/RELION_JOB_EXIT_SUCCESS")).exists();
    }
}
