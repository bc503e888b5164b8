package io.sightline.pipeline.exec.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sightline.pipeline.exec.ContainerSpec;
import io.sightline.pipeline.exec.JobLaunch;
import io.sightline.pipeline.exec.JobMarkers;
import io.sightline.pipeline.exec.JobObservation;
import io.sightline.pipeline.exec.JobState;
import io.sightline.pipeline.exec.ResourceProfile;
import io.sightline.pipeline.exec.SubmittedJob;
import io.sightline.pipeline.exec.TaskMarkers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalExecutorTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path project;

    private final LocalExecutor executor = new LocalExecutor();

    private static JobLaunch launch(String key, Path dir, String script, int arrayTasks, Map<String, String> env) {
        return new JobLaunch(
                key, dir, List.of("/bin/sh", "-c", script), env, ResourceProfile.EMPTY, arrayTasks, Optional.empty());
    }

    private JobObservation awaitFinished(SubmittedJob job) {
        return await().atMost(DEADLINE)
                .until(
                        () -> executor.poll(List.of(job)).get(job.externalId()),
                        o -> o.state().finished());
    }

    @Test
    void aToolThatExitsZeroSucceedsWithItsOutputInRunOut() throws Exception {
        Path dir = project.resolve("External/job001");
        SubmittedJob job =
                executor.submit(launch("run1-job001-a1", dir, "echo hello $GREETING", 0, Map.of("GREETING", "world")));

        JobObservation o = awaitFinished(job);

        assertThat(o).isEqualTo(new JobObservation(JobState.SUCCEEDED, 1, 0, ""));
        assertThat(Files.readString(dir.resolve(LocalExecutor.STDOUT))).isEqualTo("hello world\n");
        assertThat(dir.resolve(JobMarkers.SUCCESS)).exists();
    }

    @Test
    void aToolThatFailsLeavesAFailureMarkerWithItsExitCode() throws Exception {
        Path dir = project.resolve("External/job002");
        SubmittedJob job = executor.submit(launch("k", dir, "echo broken >&2; exit 3", 0, Map.of()));

        JobObservation o = awaitFinished(job);

        assertThat(o.state()).isEqualTo(JobState.FAILED);
        assertThat(o.reason()).isEqualTo("exit code 3");
        assertThat(Files.readString(dir.resolve(LocalExecutor.STDERR))).isEqualTo("broken\n");
    }

    @Test
    void theToolsOwnMarkerOutranksItsExitCode() throws Exception {
        Path dir = project.resolve("External/job003");
        SubmittedJob job = executor.submit(launch("k", dir, "touch " + JobMarkers.FAILURE + "; exit 0", 0, Map.of()));

        assertThat(awaitFinished(job).state()).isEqualTo(JobState.FAILED);
        assertThat(dir.resolve(JobMarkers.SUCCESS)).doesNotExist();
    }

    @Test
    void anArrayRunsEveryTaskWithItsIndex() throws Exception {
        Path dir = project.resolve("External/job004");
        SubmittedJob job = executor.submit(launch("k", dir, "touch task_$SLURM_ARRAY_TASK_ID", 3, Map.of()));

        assertThat(awaitFinished(job)).isEqualTo(new JobObservation(JobState.SUCCEEDED, 3, 0, ""));
        assertThat(dir.resolve("task_0")).exists();
        assertThat(dir.resolve("task_2")).exists();
        assertThat(dir.resolve("task_3")).doesNotExist();
    }

    @Test
    void cancelStopsTheToolAndMarksTheJobAborted() throws Exception {
        Path dir = project.resolve("External/job005");
        SubmittedJob job = executor.submit(launch("k", dir, "echo $$ > tool.pid; exec sleep 300", 0, Map.of()));
        await().atMost(DEADLINE)
                .until(() -> Files.exists(dir.resolve("tool.pid")) && Files.size(dir.resolve("tool.pid")) > 0);
        long toolPid = Long.parseLong(Files.readString(dir.resolve("tool.pid")).strip());
        assertThat(executor.poll(List.of(job)).get(job.externalId()).state()).isEqualTo(JobState.RUNNING);

        executor.cancel(job);

        await().atMost(DEADLINE)
                .until(() -> ProcessHandle.of(toolPid).map(h -> !h.isAlive()).orElse(true));
        assertThat(executor.poll(List.of(job)).get(job.externalId()).state()).isEqualTo(JobState.CANCELLED);
        assertThat(dir.resolve(JobMarkers.FAILURE)).doesNotExist();
        executor.cancel(job); // idempotent
    }

    @Test
    void aRestartedServerFindsARunningJobByItsKeyAndSeesItFinish() throws Exception {
        Path dir = project.resolve("External/job006");
        SubmittedJob job = executor.submit(
                launch("run7-job006-a1", dir, "while [ ! -e go ]; do sleep 0.05; done; echo done", 0, Map.of()));

        LocalExecutor afterRestart = new LocalExecutor();
        Optional<SubmittedJob> found = afterRestart.findByKey("run7-job006-a1", dir);
        assertThat(found).contains(job);
        assertThat(afterRestart.findByKey("run7-job006-a2", dir)).isEmpty();
        assertThat(afterRestart.findByKey("run7-job006-a1", project.resolve("External/job999")))
                .isEmpty();
        assertThat(afterRestart
                        .poll(found.stream().toList())
                        .get(job.externalId())
                        .state())
                .isEqualTo(JobState.RUNNING);

        Files.createFile(dir.resolve("go"));

        await().atMost(DEADLINE)
                .until(() ->
                        afterRestart.poll(List.of(job)).get(job.externalId()).state() == JobState.SUCCEEDED);
    }

    @Test
    void aContainerImageIsRefusedRatherThanIgnored() {
        JobLaunch l = new JobLaunch(
                "k",
                project.resolve("External/job007"),
                List.of("true"),
                Map.of(),
                ResourceProfile.EMPTY,
                0,
                Optional.of(new ContainerSpec("apptainer", Path.of("/x.sif"), List.of(), false)));
        assertThatThrownBy(() -> executor.submit(l)).hasMessageContaining("runs tools natively");
    }

    @Test
    void anArrayMarksEachTaskAndItsRerunRunsOnlyTheTasksThatDidNotSucceed() throws Exception {
        Path dir = project.resolve("External/job009");
        // task 1 fails while the file "fail1" exists; every run of a task leaves a line in ran_<task>
        String script = "echo x >> ran_$SLURM_ARRAY_TASK_ID; [ \"$SLURM_ARRAY_TASK_ID\" != 1 ] || [ ! -e fail1 ]";
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("fail1"), "");
        JobLaunch all = launch("arr-a1", dir, script, 3, Map.of());

        JobObservation first = awaitFinished(executor.submit(all));

        assertThat(first.state()).isEqualTo(JobState.FAILED);
        assertThat(first.tasksSucceeded()).isEqualTo(2);
        assertThat(first.reason()).contains("1 of 3 tasks");
        assertThat(TaskMarkers.unsucceeded(dir, 3)).containsExactly(1);

        Files.delete(dir.resolve("fail1"));
        JobObservation rerun = awaitFinished(executor.submit(all.onlyTasks("arr-a2", List.of(1))));

        assertThat(rerun).isEqualTo(new JobObservation(JobState.SUCCEEDED, 3, 0, ""));
        assertThat(Files.readAllLines(dir.resolve("ran_0"))).hasSize(1);
        assertThat(Files.readAllLines(dir.resolve("ran_1"))).hasSize(2);
        assertThat(Files.readAllLines(dir.resolve("ran_2"))).hasSize(1);
    }

    @Test
    void anArrayRunsAtMostItsBoundOfTasksAtOnce() throws Exception {
        Path dir = project.resolve("External/job010");
        // each task counts itself in while it runs and records how many were in at its start; a task waits until
        // a second one is in (or 2 s pass), so with a bound of 2 the peak is 2 and never 3
        String script = "mkdir -p in; : > in/$SLURM_ARRAY_TASK_ID; ls in | wc -l >> peaks;"
                + " k=0; while [ $(ls in | wc -l) -lt 2 ] && [ $k -lt 40 ]; do sleep 0.05; k=$((k+1)); done;"
                + " ls in | wc -l >> peaks; rm in/$SLURM_ARRAY_TASK_ID";
        JobObservation o = awaitFinished(new LocalExecutor(2).submit(launch("par-a1", dir, script, 4, Map.of())));

        assertThat(o.state()).isEqualTo(JobState.SUCCEEDED);
        List<Integer> peaks = Files.readAllLines(dir.resolve("peaks")).stream()
                .map(String::strip)
                .map(Integer::parseInt)
                .toList();
        assertThat(peaks).hasSize(8).contains(2).allMatch(p -> p <= 2);
        assertThatThrownBy(() -> new LocalExecutor(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
