package io.sightline.server.pipeline;

import static io.sightline.server.pipeline.PipelineSchedulerTest.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.pipeline.exec.Executor;
import io.sightline.pipeline.exec.JobMarkers;
import io.sightline.pipeline.exec.TaskMarkers;
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
 * Per-item jobs run as arrays by the scheduler (real database, H2 and PostgreSQL; the local executor here,
 * {@link PipelineArraySlurmTest} on the real cluster): the "tools" are {@link #TOOL}, which copies the items of its
 * {@code --i} into its {@code --o} directory, counts its runs per task in {@code count_<job>_<task>} and fails while
 * {@code fail_<job>_<task>} holds a number above zero.
 */
class PipelineArrayTest {
    static final Duration DEADLINE = Duration.ofMinutes(3);

    /** $1: the output file's name; then the job type's arguments. The import writes four movies. */
    static final String TOOL = """
            #!/bin/sh
            out=$1; shift
            p=$SIGHTLINE_PROJECT; j=$SIGHTLINE_JOB; t=${SLURM_ARRAY_TASK_ID:-single}
            in=""; o="./"
            while [ $# -gt 0 ]; do case "$1" in --i) in=$2; shift;; --o) o=$2; shift;; esac; shift; done
            echo "$in" >> "$p/count_${j}_$t"
            if [ -f "$p/fail_${j}_$t" ]; then
              left=$(cat "$p/fail_${j}_$t")
              if [ "$left" -gt 0 ]; then echo $((left - 1)) > "$p/fail_${j}_$t"; echo "failing on purpose" >&2; exit 2; fi
            fi
            if [ "$out" = movies.star ]; then
              printf 'data_movies\\n\\nloop_\\n_rlnMicrographMovieName #1\\nm1.tiff\\nm2.tiff\\nm3.tiff\\nm4.tiff\\n' > "$o$out"
            else
              { printf 'data_micrographs\\n\\nloop_\\n_rlnMicrographName #1\\n'
                grep -oE '[^ ]+[.](tiff|mrc)' "$in" | sed 's/[.]tiff$/.mrc/'; } > "$o$out"
            fi
            """;

    @TempDir
    Path tmp;

    private final List<PipelineScheduler> schedulers = new ArrayList<>();

    @AfterEach
    void stop() {
        schedulers.forEach(PipelineScheduler::close);
    }

    static Map<String, List<String>> programs(Path tmp) throws IOException {
        Path tool = tmp.resolve("array-tool.sh");
        Files.writeString(tool, TOOL);
        return Map.of(
                "spa.import", List.of("/bin/sh", tool.toString(), "movies.star"),
                "spa.motioncorr", List.of("/bin/sh", tool.toString(), "corrected_micrographs.star"),
                "spa.ctf", List.of("/bin/sh", tool.toString(), "micrographs_ctf.star"));
    }

    static PipelineScheduler scheduler(Database db, Executor executor, Path tmp) throws IOException {
        return new PipelineScheduler(
                new PipelineStore(db),
                executor,
                JobTypes.standard(),
                programs(tmp),
                ServerApp.objectMapper(),
                Clock.systemUTC());
    }

    /** import → motion (one movie a task: 4 tasks) → ctf (two micrographs a task: 2 tasks). */
    static RunRequest request(Path project, int maxAttempts) {
        return new RunRequest(
                new PipelineSpec(
                        "arrays",
                        "",
                        List.of(
                                JobSpec.of("import", "spa.import"),
                                new JobSpec("motion", "spa.motioncorr", Map.of("items_per_task", "1"), Map.of()),
                                new JobSpec("ctf", "spa.ctf", Map.of("items_per_task", "2"), Map.of()))),
                Acquisition.UNKNOWN.with(AcquisitionField.PIXEL_SIZE, 0.83),
                project.toString(),
                true,
                maxAttempts);
    }

    static long taskRuns(Path project, String job, Object task) throws IOException {
        Path f = project.resolve("count_" + job + "_" + task);
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }

    /** The run once it ended, whichever way (the caller asserts how, so a failure shows the reason). */
    static PipelineRun awaitEnd(PipelineStore store, String id) {
        return await().atMost(DEADLINE)
                .until(() -> store.run(id).orElseThrow(), r -> r.status().finished());
    }

    static List<String> items(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .map(String::strip)
                .filter(l -> l.endsWith(".mrc"))
                .toList();
    }

    /**
     * The whole scenario on one executor: a partly failed array fails the run with only its failed task marked
     * so; the rerun runs that task alone, and the run ends with every task's output joined.
     */
    static void failedTaskThenRerun(PipelineScheduler s, PipelineStore store, Path project) throws Exception {
        Files.createDirectories(project);
        Files.writeString(project.resolve("fail_motion_2"), "1");

        PipelineRun run = s.start(request(project, 1));
        PipelineRun failed = awaitEnd(store, run.id());
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        Path motion = project.resolve(job(store, run.id(), "motion").jobDir());
        assertThat(job(store, run.id(), "motion").status()).isEqualTo(JobStatus.FAILED);
        assertThat(TaskMarkers.unsucceeded(motion, 4)).containsExactly(2);
        for (int t = 0; t < 4; t++) {
            assertThat(taskRuns(project, "motion", t)).as("motion task %d", t).isEqualTo(1);
            // each task was given its own share of the movies
            assertThat(Files.readString(project.resolve("count_motion_" + t)))
                    .contains(motion.toAbsolutePath() + "/tasks/" + t + "/movies.star");
        }
        assertThat(taskRuns(project, "motion", "single")).isZero();
        assertThat(job(store, run.id(), "ctf").status()).isEqualTo(JobStatus.CANCELLED);

        s.rerun(run.id());
        PipelineRun done = awaitEnd(store, run.id());
        assertThat(done.status()).as(String.valueOf(done.reason())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(taskRuns(project, "import", "single")).isEqualTo(1);
        assertThat(taskRuns(project, "motion", 0)).isEqualTo(1);
        assertThat(taskRuns(project, "motion", 1)).isEqualTo(1);
        assertThat(taskRuns(project, "motion", 2)).as("the failed task, again").isEqualTo(2);
        assertThat(taskRuns(project, "motion", 3)).isEqualTo(1);
        assertThat(motion.resolve(JobMarkers.SUCCESS)).exists();
        assertThat(items(motion.resolve("corrected_micrographs.star")))
                .containsExactly("m1.mrc", "m2.mrc", "m3.mrc", "m4.mrc");
        Path ctf = project.resolve(job(store, run.id(), "ctf").jobDir());
        assertThat(taskRuns(project, "ctf", 0)).isEqualTo(1);
        assertThat(taskRuns(project, "ctf", 1)).isEqualTo(1);
        assertThat(taskRuns(project, "ctf", 2)).isZero();
        assertThat(items(ctf.resolve("micrographs_ctf.star"))).containsExactly("m1.mrc", "m2.mrc", "m3.mrc", "m4.mrc");
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aPartlyFailedArrayIsRerunTaskByTask(TestDatabase db) throws Exception {
        PipelineScheduler s = scheduler(db.open(), new LocalExecutor(), tmp);
        schedulers.add(s);
        s.start(Duration.ofMillis(50));
        failedTaskThenRerun(s, new PipelineStore(db.open()), tmp.resolve("project"));
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void theRetryInPlaceRunsOnlyTheFailedTask(TestDatabase db) throws Exception {
        PipelineScheduler s = scheduler(db.open(), new LocalExecutor(), tmp);
        schedulers.add(s);
        s.start(Duration.ofMillis(50));
        PipelineStore store = new PipelineStore(db.open());
        Path project = tmp.resolve("project");
        Files.createDirectories(project);
        Files.writeString(project.resolve("fail_motion_1"), "1");

        PipelineRun run = s.start(request(project, 2));
        PipelineRun done = awaitEnd(store, run.id());

        assertThat(done.status()).as(String.valueOf(done.reason())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(job(store, run.id(), "motion").attempt()).isEqualTo(2);
        assertThat(taskRuns(project, "motion", 0)).isEqualTo(1);
        assertThat(taskRuns(project, "motion", 1)).isEqualTo(2);
        assertThat(taskRuns(project, "motion", 2)).isEqualTo(1);
        assertThat(taskRuns(project, "motion", 3)).isEqualTo(1);
    }
}
