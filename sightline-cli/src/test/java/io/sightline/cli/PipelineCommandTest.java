package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.cli.support.ExitCode;
import io.sightline.pipeline.exec.local.LocalExecutor;
import io.sightline.server.pipeline.PipelineSettings;
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

/** {@code sightline pipeline list/show/run/status/cancel} against a real server running shell-script tools. */
class PipelineCommandTest {
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

    @Test
    void listShowRunAndStatusFollowARunToItsEnd() throws Exception {
        CommandRun list = CommandRun.of("pipeline", "list", "--api-url", url);
        assertThat(list.exitCode()).as(list.err()).isEqualTo(ExitCode.OK);
        assertThat(list.out()).contains("spa-preprocessing", "tomo-preprocessing");

        CommandRun show = CommandRun.of("pipeline", "show", "spa-preprocessing", "--api-url", url);
        assertThat(show.out())
                .contains("class2d (spa.class2d)")
                .containsPattern("classes\\s+50\\s+whole number in \\[1, 400\\]");

        CommandRun run = CommandRun.of(
                "pipeline",
                "run",
                "spa-preprocessing",
                "--project",
                "p1",
                "--acquisition",
                "pixel_size=0.83",
                "--set",
                "class2d.classes=20",
                "--api-url",
                url);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        String id = run.out().strip();

        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            CommandRun status = CommandRun.of("pipeline", "status", id, "--json", "--api-url", url);
                            return new ObjectMapper()
                                    .readTree(status.out())
                                    .path("status")
                                    .asText();
                        },
                        "succeeded"::equals);

        CommandRun status = CommandRun.of("pipeline", "status", id, "--api-url", url);
        assertThat(status.out()).contains("class2d", "External/job006/", "succeeded");
        assertThat(Files.readString(root.resolve("p1/External/job006/run.out"))).contains("--K 20");
        JsonNode runs = new ObjectMapper()
                .readTree(CommandRun.of("pipeline", "status", "--json", "--api-url", url)
                        .out());
        assertThat(runs.findValuesAsText("id")).containsExactly(id);
        CommandRun cancel = CommandRun.of("pipeline", "cancel", id, "--api-url", url);
        assertThat(cancel.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(cancel.out()).contains(": succeeded");
    }

    @Test
    void aParameterOutOfBoundsFailsWithTheFieldNamed() {
        CommandRun run = CommandRun.of(
                "pipeline",
                "run",
                "spa-preprocessing",
                "--project",
                "p2",
                "--acquisition",
                "pixel_size=0.83",
                "--set",
                "motion.patch_x=99",
                "--api-url",
                url);
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err()).contains("422").contains("body.jobs.motion.patch_x: 99 is outside [1, 20]");
        assertThat(CommandRun.of(
                                "pipeline",
                                "run",
                                "spa-preprocessing",
                                "--project",
                                "p2",
                                "--set",
                                "nodot",
                                "--api-url",
                                url)
                        .exitCode())
                .isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aResourceOutOfBoundsFailsWithTheFieldNamedAndAMalformedOneIsAUsageError() {
        CommandRun run = CommandRun.of(
                "pipeline",
                "run",
                "spa-preprocessing",
                "--project",
                "p3",
                "--acquisition",
                "pixel_size=0.83",
                "--resource",
                "memory=8G",
                "--resource",
                "ctf.cpus=0",
                "--api-url",
                url);
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err()).contains("422").contains("body.job_resources.ctf.cpus: 0 is outside [1, 4096]");
        assertThat(CommandRun.of(
                                "pipeline",
                                "run",
                                "spa-preprocessing",
                                "--project",
                                "p3",
                                "--resource",
                                "ctf.colour.x=1",
                                "--api-url",
                                url)
                        .exitCode())
                .isEqualTo(ExitCode.USAGE);
    }
}
