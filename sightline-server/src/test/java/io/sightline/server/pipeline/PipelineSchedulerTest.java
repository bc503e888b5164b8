package io.sightline.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.core.relion.DefaultPipeline;
import io.sightline.core.relion.PipelineProcess;
import io.sightline.core.relion.ProcessStatus;
import io.sightline.core.relion.RelionFiles;
import io.sightline.pipeline.exec.JobMarkers;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The scheduler on a real database (H2 and PostgreSQL) with the local executor running small shell-script
 * "tools": each appends a line to {@code count_<job>} (how often it ran), writes its RELION-shaped output, fails
 * while {@code fail_<job>} holds a number above zero, and waits while {@code hold_<job>} exists.
 */
class PipelineSchedulerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    static final String TOOL = """
            #!/bin/sh
            out=$1; shift
            p=$SIGHTLINE_PROJECT; j=$SIGHTLINE_JOB
            echo "$@" >> "$p/count_$j"
            while [ -e "$p/hold_$j" ]; do sleep 0.05; done
            if [ -f "$p/fail_$j" ]; then
              left=$(cat "$p/fail_$j")
              if [ "$left" -gt 0 ]; then echo $((left - 1)) > "$p/fail_$j"; echo "failing on purpose" >&2; exit 2; fi
            fi
            printf 'data_micrographs\\n\\nloop_\\n_rlnMicrographName #1\\n%s/mic_0001.mrc\\n' "$j" > "$out"
            """;

    @TempDir
    Path tmp;

    private final List<PipelineScheduler> schedulers = new ArrayList<>();

    @AfterEach
    void stop() {
        schedulers.forEach(PipelineScheduler::close);
    }

    private PipelineScheduler scheduler(Database db) throws IOException {
        Path tool = tmp.resolve("tool.sh");
        Files.writeString(tool, TOOL);
        Map<String, List<String>> programs = Map.of(
                "spa.import", List.of("/bin/sh", tool.toString(), "movies.star"),
                "spa.motioncorr", List.of("/bin/sh", tool.toString(), "corrected_micrographs.star"),
                "spa.ctf", List.of("/bin/sh", tool.toString(), "micrographs_ctf.star"),
                "tomo.import", List.of("/bin/sh", tool.toString(), "tilt_series.star"),
                "tomo.motion_ctf", List.of("/bin/sh", tool.toString(), "fs_motion_and_ctf.star"));
        PipelineScheduler s = new PipelineScheduler(
                new PipelineStore(db),
                new LocalExecutor(),
                JobTypes.standard(),
                programs,
                ServerApp.objectMapper(),
                Clock.systemUTC());
        schedulers.add(s);
        return s.start(Duration.ofMillis(50));
    }

    private RunRequest request(Path project, boolean stopOnFailure, int maxAttempts, String... jobs) {
        List<JobSpec> specs = new ArrayList<>();
        for (String j : jobs) {
            String[] nameType = j.split("=");
            specs.add(JobSpec.of(nameType[0], nameType[1]));
        }
        return new RunRequest(
                new PipelineSpec("test", "", specs),
                Acquisition.UNKNOWN.with(AcquisitionField.PIXEL_SIZE, 0.83),
                project.toString(),
                stopOnFailure,
                maxAttempts);
    }

    private static PipelineRun awaitRun(PipelineStore store, String id, RunStatus status) {
        return await().atMost(DEADLINE).until(() -> store.run(id).orElseThrow(), r -> r.status() == status);
    }

    static PipelineJob job(PipelineStore store, String run, String name) {
        return store.jobs(run).stream()
                .filter(j -> j.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static long runs(Path project, String job) throws IOException {
        Path f = project.resolve("count_" + job);
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aPipelineRunsToTheEndAndLeavesAProjectRelionCanOpen(TestDatabase db) throws Exception {
        Path project = tmp.resolve("project");
        PipelineScheduler s = scheduler(db.open());
        PipelineStore store = new PipelineStore(db.open());

        PipelineRun run =
                s.start(request(project, true, 1, "import=spa.import", "motion=spa.motioncorr", "ctf=spa.ctf"));

        awaitRun(store, run.id(), RunStatus.SUCCEEDED);
        assertThat(runs(project, "import")).isEqualTo(1);
        assertThat(runs(project, "motion")).isEqualTo(1);
        assertThat(runs(project, "ctf")).isEqualTo(1);
        // The ctf tool was given the motion job's output as its input.
        assertThat(Files.readString(project.resolve("count_ctf")))
                .contains("--i " + project.toAbsolutePath() + "/External/job002/corrected_micrographs.star");
        DefaultPipeline p = new RelionFiles().pipeline(project.resolve("default_pipeline.star"));
        assertThat(p.processes())
                .extracting(PipelineProcess::name, PipelineProcess::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Import/job001/", ProcessStatus.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple("External/job002/", ProcessStatus.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple("External/job003/", ProcessStatus.SUCCEEDED));
        assertThat(project.resolve("External/job003/" + JobMarkers.SUCCESS)).exists();
        assertThat(project.resolve("External/job003/micrographs_ctf.star")).exists();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aFailedJobIsRetriedInPlaceUpToTheLimit(TestDatabase db) throws Exception {
        Path project = tmp.resolve("project");
        Files.createDirectories(project);
        Files.writeString(project.resolve("fail_motion"), "1");
        PipelineScheduler s = scheduler(db.open());
        PipelineStore store = new PipelineStore(db.open());

        PipelineRun run = s.start(request(project, true, 2, "import=spa.import", "motion=spa.motioncorr"));

        awaitRun(store, run.id(), RunStatus.SUCCEEDED);
        assertThat(runs(project, "motion")).isEqualTo(2);
        PipelineJob motion = job(store, run.id(), "motion");
        assertThat(motion.attempt()).isEqualTo(2);
        assertThat(motion.jobDir()).isEqualTo("External/job002/");
        assertThat(project.resolve("External/job002/" + JobMarkers.FAILURE)).doesNotExist();
        assertThat(Files.readString(project.resolve("External/job002/run.err"))).contains("failing on purpose");
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aFailureStopsTheRunAndCancelsTheRest(TestDatabase db) throws Exception {
        Path project = tmp.resolve("project");
        Files.createDirectories(project);
        Files.writeString(project.resolve("fail_motion"), "5");
        Files.writeString(project.resolve("hold_tomo"), "");
        PipelineScheduler s = scheduler(db.open());
        PipelineStore store = new PipelineStore(db.open());

        PipelineRun run = s.start(request(
                project,
                true,
                1,
                "tomo=tomo.import",
                "tomomotion=tomo.motion_ctf",
                "import=spa.import",
                "motion=spa.motioncorr"));
        await().atMost(DEADLINE).until(() -> runs(project, "tomo") == 1); // the tomography branch is running

        PipelineRun done = awaitRun(store, run.id(), RunStatus.FAILED);

        assertThat(done.reason()).startsWith("motion failed");
        assertThat(job(store, run.id(), "motion").status()).isEqualTo(JobStatus.FAILED);
        assertThat(job(store, run.id(), "tomo").status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job(store, run.id(), "tomomotion").status()).isEqualTo(JobStatus.CANCELLED);
        String tomoDir = job(store, run.id(), "tomo").jobDir();
        assertThat(project.resolve(tomoDir + JobMarkers.ABORTED)).exists();
        assertThat(runs(project, "tomomotion")).isZero();
        assertThat(new RelionFiles()
                        .pipeline(project.resolve("default_pipeline.star"))
                        .process(tomoDir))
                .map(PipelineProcess::status)
                .contains(ProcessStatus.ABORTED);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void withoutStopOnFailureOnlyTheJobsThatNeedTheFailedOneAreCancelled(TestDatabase db) throws Exception {
        Path project = tmp.resolve("project");
        Files.createDirectories(project);
        Files.writeString(project.resolve("fail_motion"), "5");
        PipelineScheduler s = scheduler(db.open());
        PipelineStore store = new PipelineStore(db.open());

        PipelineRun run = s.start(request(
                project,
                false,
                1,
                "import=spa.import",
                "motion=spa.motioncorr",
                "ctf=spa.ctf",
                "tomo=tomo.import",
                "tomomotion=tomo.motion_ctf"));

        awaitRun(store, run.id(), RunStatus.FAILED);
        assertThat(job(store, run.id(), "motion").status()).isEqualTo(JobStatus.FAILED);
        assertThat(job(store, run.id(), "ctf").status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job(store, run.id(), "ctf").reason()).isEqualTo("input motion failed");
        assertThat(job(store, run.id(), "tomomotion").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(runs(project, "ctf")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aJobTheExecutorRefusesFailsInsteadOfBeingAskedForever(TestDatabase db) throws Exception {
        Path project = tmp.resolve("project");
        Files.createDirectories(project);
        Files.writeString(project.resolve("hold_import"), "");
        PipelineScheduler s = scheduler(db.open());
        PipelineStore store = new PipelineStore(db.open());
        PipelineRun run = s.start(request(project, true, 3, "import=spa.import", "motion=spa.motioncorr"));
        await().atMost(DEADLINE).until(() -> runs(project, "import") == 1);
        // The motion job's directory becomes a plain file: the local executor cannot start anything there.
        Path motionDir = project.resolve(job(store, run.id(), "motion").jobDir());
        Files.delete(motionDir.resolve("job.star"));
        Files.delete(motionDir);
        Files.writeString(motionDir, "in the way");

        Files.delete(project.resolve("hold_import"));

        PipelineRun done = awaitRun(store, run.id(), RunStatus.FAILED);
        assertThat(job(store, run.id(), "motion").status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.reason()).startsWith("motion failed: the local executor refused it");
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aRerunSkipsWhatSucceededAndRetriesWhatFailed(TestDatabase db) throws Exception {
        Path project = tmp.resolve("project");
        Files.createDirectories(project);
        Files.writeString(project.resolve("fail_ctf"), "1");
        PipelineScheduler s = scheduler(db.open());
        PipelineStore store = new PipelineStore(db.open());
        PipelineRun run =
                s.start(request(project, true, 1, "import=spa.import", "motion=spa.motioncorr", "ctf=spa.ctf"));
        awaitRun(store, run.id(), RunStatus.FAILED);

        s.rerun(run.id());

        awaitRun(store, run.id(), RunStatus.SUCCEEDED);
        assertThat(runs(project, "import")).isEqualTo(1);
        assertThat(runs(project, "motion")).isEqualTo(1);
        assertThat(runs(project, "ctf")).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aRestartedSchedulerContinuesWithoutSubmittingAnythingTwice(TestDatabase db) throws Exception {
        Path project = tmp.resolve("project");
        Files.createDirectories(project);
        Files.writeString(project.resolve("hold_motion"), "");
        PipelineScheduler first = scheduler(db.open());
        PipelineStore store = new PipelineStore(db.open());
        PipelineRun run =
                first.start(request(project, true, 1, "import=spa.import", "motion=spa.motioncorr", "ctf=spa.ctf"));
        await().atMost(DEADLINE)
                .until(() -> runs(project, "motion") == 1
                        && job(store, run.id(), "motion").status() == JobStatus.SUBMITTED);

        first.close(); // the server dies; its tools run on
        // ... and as if it died between the executor's answer and storing it: only the intent is on record.
        PipelineJob motion = job(store, run.id(), "motion");
        store.update(motion.submitting(motion.attempt(), motion.jobKey(), motion.executor(), motion.updatedAt()));

        scheduler(db.open());
        Files.delete(project.resolve("hold_motion"));

        awaitRun(store, run.id(), RunStatus.SUCCEEDED);
        assertThat(runs(project, "import")).isEqualTo(1);
        assertThat(runs(project, "motion")).isEqualTo(1);
        assertThat(runs(project, "ctf")).isEqualTo(1);
    }
}
