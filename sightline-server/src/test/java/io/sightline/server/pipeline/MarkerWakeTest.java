package io.sightline.server.pipeline;

import static org.awaitility.Awaitility.await;

import io.sightline.pipeline.exec.local.LocalExecutor;
import io.sightline.pipeline.graph.JobSpec;
import io.sightline.pipeline.graph.PipelineSpec;
import io.sightline.pipeline.jobtype.Acquisition;
import io.sightline.pipeline.jobtype.AcquisitionField;
import io.sightline.pipeline.jobtype.JobTypes;
import io.sightline.server.ServerApp;
import io.sightline.server.persistence.Database;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The scheduler decides about the next job when a job's marker appears, not at its next poll: with a poll
 * interval of an hour, a three-job run still finishes, because each marker wakes a tick.
 */
class MarkerWakeTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void eachMarkerWakesTheSchedulerSoTheRunFinishesWithoutAPoll(TestDatabase db) throws Exception {
        Path tool = tmp.resolve("tool.sh");
        Files.writeString(tool, "#!/bin/sh\nout=$1; shift\necho ok > \"$out\"\n");
        Database database = db.open();
        try (PipelineScheduler scheduler = new PipelineScheduler(
                        new PipelineStore(database),
                        new LocalExecutor(),
                        JobTypes.standard(),
                        Map.of(
                                "spa.import", List.of("/bin/sh", tool.toString(), "movies.star"),
                                "spa.motioncorr", List.of("/bin/sh", tool.toString(), "corrected_micrographs.star"),
                                "spa.ctf", List.of("/bin/sh", tool.toString(), "micrographs_ctf.star")),
                        ServerApp.objectMapper(),
                        Clock.systemUTC())
                .start(Duration.ofHours(1))) {
            PipelineSpec spec = new PipelineSpec(
                    "three",
                    "",
                    List.of(
                            JobSpec.of("import", "spa.import"),
                            JobSpec.of("motion", "spa.motioncorr"),
                            JobSpec.of("ctf", "spa.ctf")));
            PipelineRun run = scheduler.start(new RunRequest(
                    spec,
                    Acquisition.UNKNOWN.with(AcquisitionField.PIXEL_SIZE, 0.83),
                    tmp.resolve("p").toString(),
                    true,
                    1));
            PipelineStore store = new PipelineStore(database);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> store.run(run.id()).orElseThrow().status() == RunStatus.SUCCEEDED);
        }
    }
}
