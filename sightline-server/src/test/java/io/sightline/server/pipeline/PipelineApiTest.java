package io.sightline.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.pipeline.exec.local.LocalExecutor;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/pipeline} on a real server, with shell-script tools run by the local executor. */
class PipelineApiTest {
    private static final String TOOL = """
            #!/bin/sh
            out=$1; shift
            echo "$SIGHTLINE_JOB says hello"
            echo "$SIGHTLINE_JOB warns" >&2
            while [ -e "$SIGHTLINE_PROJECT/hold" ]; do sleep 0.05; done
            echo ok > "$out"
            """;

    @TempDir
    Path tmp;

    private TestServer server;
    private Path root;

    @BeforeEach
    void start() throws Exception {
        root = tmp.resolve("projects");
        Files.createDirectories(root);
        Path tool = tmp.resolve("tool.sh");
        Files.writeString(tool, TOOL);
        PipelineSettings settings = new PipelineSettings(
                new LocalExecutor(),
                Map.of(
                        "spa.import", List.of("/bin/sh", tool.toString(), "movies.star"),
                        "spa.motioncorr", List.of("/bin/sh", tool.toString(), "corrected_micrographs.star"),
                        "tomo.import", List.of("/bin/sh", tool.toString(), "tilt_series.star")),
                List.of(root),
                Duration.ofMillis(50));
        server = TestServer.start(TestDatabase.h2(), c -> c, b -> b.pipelines(settings));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Map<String, Object> twoJobs(String project) {
        return Map.of(
                "pipeline",
                Map.of(
                        "name",
                        "mini",
                        "jobs",
                        List.of(
                                Map.of("name", "import", "type", "spa.import"),
                                Map.of("name", "motion", "type", "spa.motioncorr"))),
                "project",
                project,
                "acquisition",
                Map.of("pixel_size", 0.83));
    }

    @Test
    void templatesAndJobTypesAreListed() {
        JsonNode templates = server.get(PipelineRoutes.PATH + "/templates").json();
        assertThat(templates.findValuesAsText("name")).contains("spa-preprocessing", "tomo-preprocessing");
        JsonNode types = server.get(PipelineRoutes.PATH + "/job-types").json();
        assertThat(types.size()).isEqualTo(11);
        assertThat(server.get(PipelineRoutes.PATH + "/templates/spa-preprocessing")
                        .json()
                        .path("jobs")
                        .size())
                .isEqualTo(6);
        assertThat(server.get(PipelineRoutes.PATH + "/templates/nothing").status())
                .isEqualTo(404);
    }

    @Test
    void aRunStartedOverHttpFinishesAndItsLogTailIsServed() {
        TestServer.Response created = server.post(PipelineRoutes.PATH + "/runs", twoJobs("p1"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.json().path("project").asText())
                .isEqualTo(root.resolve("p1").toString());

        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> server.get(PipelineRoutes.PATH + "/runs/" + id)
                                .json()
                                .path("status")
                                .asText(),
                        "succeeded"::equals);

        JsonNode run = server.get(PipelineRoutes.PATH + "/runs/" + id).json();
        assertThat(run.path("jobs").findValuesAsText("job_dir")).containsExactly("Import/job001/", "External/job002/");
        TestServer.Response out = server.get(PipelineRoutes.PATH + "/runs/" + id + "/jobs/motion/log?lines=1");
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.body()).isEqualTo("motion says hello\n");
        assertThat(server.get(PipelineRoutes.PATH + "/runs/" + id + "/jobs/motion/log?stream=err")
                        .body())
                .isEqualTo("motion warns\n");
        assertThat(server.get(PipelineRoutes.PATH + "/runs").json().findValuesAsText("id"))
                .contains(id);
        assertThat(server.get(PipelineRoutes.PATH + "/runs/" + id + "/jobs/ghost/log")
                        .status())
                .isEqualTo(404);
        assertThat(server.get(PipelineRoutes.PATH + "/runs/" + id + "/jobs/motion/log?stream=all")
                        .status())
                .isEqualTo(422);
    }

    @Test
    void aRunningRunIsCancelled() throws Exception {
        Files.createDirectories(root.resolve("p2"));
        Files.writeString(root.resolve("p2/hold"), "");
        String id = server.post(PipelineRoutes.PATH + "/runs", twoJobs("p2"))
                .json()
                .path("id")
                .asText();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(root.resolve("p2/Import/job001/run.out"))
                        && Files.size(root.resolve("p2/Import/job001/run.out")) > 0);

        TestServer.Response cancelled = server.post(PipelineRoutes.PATH + "/runs/" + id + "/cancel", Map.of());

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.json().path("jobs").findValuesAsText("status")).containsOnly("cancelled");
        assertThat(root.resolve("p2/Import/job001/RELION_JOB_EXIT_ABORTED")).exists();
    }

    @Test
    void parametersOutOfBoundsAreRefusedNamingJobAndField() {
        TestServer.Response r = server.post(
                PipelineRoutes.PATH + "/runs",
                Map.of(
                        "template",
                        "spa-preprocessing",
                        "project",
                        "p3",
                        "acquisition",
                        Map.of("pixel_size", 0.83),
                        "parameters",
                        Map.of("motion", Map.of("patch_x", 99))));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("detail").asText()).contains("body.jobs.motion.patch_x: 99 is outside [1, 20]");
        assertThat(root.resolve("p3")).doesNotExist();
    }

    @Test
    void aProjectOutsideTheRootsIsRefused() {
        TestServer.Response r = server.post(PipelineRoutes.PATH + "/runs", twoJobs("../../escape"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("detail").asText())
                .contains("project: '../../escape' is not a directory inside a project root");
        assertThat(server.post(PipelineRoutes.PATH + "/runs", twoJobs("/etc/x")).status())
                .isEqualTo(422);
    }

    @Test
    void aRunFromAnMdocTakesItsAcquisitionFactsAndGivenFactsWin() throws Exception {
        Files.createDirectories(root.resolve("mdoc"));
        Files.writeString(
                root.resolve("mdoc/TS_01.mdoc"),
                "PixelSpacing = 1.63\nVoltage = 300\n[T = SerialEM: Digitized on EMBL Krios]\n"
                        + "[T =     Tilt axis angle = 85.3, binning = 1  spot = 7  camera = 0]\n\n"
                        + "[ZValue = 0]\nTiltAngle = 0.0\nExposureDose = 2.5\n");
        Map<String, Object> body = Map.of(
                "pipeline",
                Map.of("name", "t", "jobs", List.of(Map.of("name", "import", "type", "tomo.import"))),
                "project",
                "p4",
                "mdoc",
                "mdoc/TS_01.mdoc",
                "acquisition",
                Map.of("dose", 3.0));

        TestServer.Response created = server.post(PipelineRoutes.PATH + "/runs", body);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String jobStar = Files.readString(root.resolve("p4/Import/job001/job.star"));
        assertThat(jobStar).containsPattern("angpix\\s+1.63").containsPattern("tilt_axis\\s+85.3");
        assertThat(jobStar).containsPattern("dose_per_tilt\\s+3\\b");
        Map<String, Object> missing = new java.util.HashMap<>(body);
        missing.put("mdoc", "mdoc/none.mdoc");
        TestServer.Response refused = server.post(PipelineRoutes.PATH + "/runs", missing);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("detail").asText()).contains("body.mdoc: not a file inside a project root");
    }

    @Test
    void unknownRunsAnswer404() {
        assertThat(server.get(PipelineRoutes.PATH + "/runs/nope").status()).isEqualTo(404);
        assertThat(server.post(PipelineRoutes.PATH + "/runs/nope/cancel", Map.of())
                        .status())
                .isEqualTo(404);
    }
}
