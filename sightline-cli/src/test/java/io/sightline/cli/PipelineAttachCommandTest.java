package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.cli.support.ExitCode;
import io.sightline.pipeline.exec.local.LocalExecutor;
import io.sightline.server.pipeline.PipelineSettings;
import io.sightline.server.testing.MicrographFixture;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sightline pipeline attach/attachments/flush/detach} against a real server running shell-script tools. */
class PipelineAttachCommandTest {
    @TempDir
    Path tmp;

    private TestServer server;
    private Path root;
    private String url;

    @BeforeEach
    void start() throws Exception {
        root = Files.createDirectories(tmp.resolve("storage"));
        Path tool = tmp.resolve("tool.sh");
        Files.writeString(tool, "#!/bin/sh\nout=$1; shift\necho \"$SIGHTLINE_JOB $*\"\necho ok > \"$out\"\n");
        Map<String, List<String>> programs = new LinkedHashMap<>();
        Map.of(
                        "spa.import", "movies.star",
                        "spa.motioncorr", "corrected_micrographs.star",
                        "spa.ctf", "micrographs_ctf.star",
                        "spa.autopick", "autopick.star",
                        "spa.extract", "particles.star",
                        "spa.class2d", "run_classes.star")
                .forEach((type, out) -> programs.put(type, List.of("/bin/sh", tool.toString(), out)));
        Path r = root;
        server = TestServer.start(
                TestDatabase.h2(),
                c -> c.withStorage(c.storage().withRoots(List.of(r))),
                b -> b.pipelines(
                        new PipelineSettings(new LocalExecutor(), programs, List.of(), Duration.ofMillis(50))));
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode json(String... args) throws Exception {
        CommandRun run = CommandRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void attachFlushListAndDetachFollowAnAcquisitionsMicrographs() throws Exception {
        MicrographFixture acquisition = MicrographFixture.create(server, root);
        CommandRun attach = CommandRun.of(
                "pipeline",
                "attach",
                acquisition.acquisition(),
                "spa-preprocessing",
                "--project",
                "live",
                "--batch-size",
                "2",
                "--max-wait",
                "3600",
                "--acquisition",
                "pixel_size=0.83",
                "--api-url",
                url);
        assertThat(attach.exitCode()).as(attach.err()).isEqualTo(ExitCode.OK);
        String id = attach.out().strip();
        String first = acquisition.micrograph(1);
        acquisition.micrograph(2);
        acquisition.micrograph(3);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> json("pipeline", "attachments", id, "--json", "--api-url", url)
                                .path("waiting")
                                .asInt()
                        == 1);
        JsonNode flushed = json("pipeline", "flush", id, "--json", "--api-url", url);
        assertThat(flushed.path("id").asText()).isEqualTo(id);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> json("pipeline", "attachments", id, "--json", "--api-url", url)
                        .path("batch_runs")
                        .findValuesAsText("run_status")
                        .equals(List.of("succeeded", "succeeded")));

        CommandRun shown = CommandRun.of("pipeline", "attachments", id, "--api-url", url);
        assertThat(shown.out())
                .contains("taken 3, waiting 0, batches 2")
                .containsPattern("batch 1\\s+2 micrographs")
                .containsPattern("batch 2\\s+1 micrographs");
        assertThat(Files.readString(root.resolve("live/Import/job001/run.out")))
                .contains("--i " + root.resolve("live/Movies/batch_0001") + "/*");
        assertThat(Files.readSymbolicLink(root.resolve("live/Movies/batch_0001")
                        .resolve(Path.of(first).getFileName())))
                .isEqualTo(Path.of(first));
        assertThat(json("pipeline", "attachments", "--json", "--api-url", url).findValuesAsText("id"))
                .containsExactly(id);

        JsonNode detached = json("pipeline", "detach", id, "--json", "--api-url", url);
        assertThat(detached.path("status").asText()).isEqualTo("detached");
    }

    @Test
    void refusalsExitOneNamingTheFieldAndBadOptionsExitTwo() {
        CommandRun unknown = CommandRun.of(
                "pipeline",
                "attach",
                "no-such-acquisition",
                "spa-preprocessing",
                "--project",
                "p",
                "--acquisition",
                "pixel_size=0.83",
                "--api-url",
                url);
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(unknown.err()).contains("422").contains("body.acquisition_uuid");
        CommandRun badSet = CommandRun.of(
                "pipeline", "attach", "a", "spa-preprocessing", "--project", "p", "--set", "nodot", "--api-url", url);
        assertThat(badSet.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(CommandRun.of("pipeline", "detach", "nothing", "--api-url", url)
                        .exitCode())
                .isEqualTo(ExitCode.FAILED);
    }
}
