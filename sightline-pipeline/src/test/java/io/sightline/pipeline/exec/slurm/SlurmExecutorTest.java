package io.sightline.pipeline.exec.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sightline.pipeline.exec.ExecutorException;
import io.sightline.pipeline.exec.JobLaunch;
import io.sightline.pipeline.exec.JobMarkers;
import io.sightline.pipeline.exec.JobObservation;
import io.sightline.pipeline.exec.JobState;
import io.sightline.pipeline.exec.ResourceProfile;
import io.sightline.pipeline.exec.SubmittedJob;
import io.sightline.pipeline.exec.container.ContainerWrapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SLURM executor against the real one-node cluster of {@code .ci/slurm/start}: real {@code sbatch}
 * jobs whose tools are small scripts writing RELION-shaped outputs, some failing on purpose.
 */
class SlurmExecutorTest {

    /** A "tool": writes a RELION 3.1 micrographs STAR file into the job directory, then fails when asked. */
    private static final String CTF_TOOL = """
            #!/bin/bash
            # usage: ctf_tool NAME EXIT_CODE   (array tasks add their index to NAME)
            name="$1${SLURM_ARRAY_TASK_ID:+_$SLURM_ARRAY_TASK_ID}"
            cat > "$name.star" <<STAR
            # version 30001

            data_optics

            loop_
            _rlnOpticsGroupName #1
            _rlnOpticsGroup #2
            _rlnMicrographPixelSize #3
            opticsGroup1 1 0.83

            data_micrographs

            loop_
            _rlnMicrographName #1
            _rlnDefocusU #2
            _rlnCtfMaxResolution #3
            MotionCorr/job002/Movies/$name.mrc 12000.5 3.4
            STAR
            echo "wrote $name.star"
            code="$2"
            if [ -n "$FAIL_TASK" ] && [ "$FAIL_TASK" = "$SLURM_ARRAY_TASK_ID" ]; then code=3; fi
            [ "$code" -ne 0 ] && echo "failing on purpose with $code" >&2
            exit "$code"
            """;

    private static final Duration FINISH = Duration.ofMinutes(3);

    @TempDir
    Path project;

    private Path tool;
    private CountingRunner runner;
    private SlurmExecutor executor;
    private final List<SubmittedJob> submitted = new ArrayList<>();

    private static Optional<String> unavailable;

    @BeforeAll
    static void askTheClusterOnce() {
        unavailable = SlurmCluster.unavailableReason();
    }

    @BeforeEach
    void setUp() throws IOException {
        // Per test, not per class, so that every skipped test shows the reason in the report.
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> "SLURM tests skipped: " + unavailable.orElse(""));
        tool = project.resolve("bin/ctf_tool");
        Files.createDirectories(tool.getParent());
        Files.writeString(tool, CTF_TOOL);
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        runner = new CountingRunner();
        executor = newExecutor(runner);
    }

    @AfterEach
    void cancelLeftovers() {
        for (SubmittedJob job : submitted) {
            try {
                executor.cancel(job);
            } catch (ExecutorException e) {
                // The job ended long ago; nothing to stop.
            }
        }
    }

    private static SlurmExecutor newExecutor(CommandRunner runner) {
        ResourceProfile site = new ResourceProfile(null, 1, 1, 1, null, "100M", "00:10:00", Map.of());
        return new SlurmExecutor(
                runner, SubmitTemplate.standard(), site, ContainerWrapping.cryoBoostDefaults(), Duration.ofSeconds(30));
    }

    private SubmittedJob submit(String job, int exitCode, int arrayTasks, Map<String, String> env)
            throws ExecutorException {
        JobLaunch launch = new JobLaunch(
                // A comma and a space, which squeue's --name would split: found by exact name all the same.
                "sl-test-" + job + ",attempt 1-" + UUID.randomUUID(),
                project.resolve("External").resolve(job),
                List.of(tool.toString(), "micrographs_ctf", Integer.toString(exitCode)),
                env,
                ResourceProfile.EMPTY,
                arrayTasks,
                Optional.empty());
        SubmittedJob s = executor.submit(launch);
        submitted.add(s);
        return s;
    }

    private JobObservation awaitFinished(SubmittedJob job) {
        JobObservation[] last = new JobObservation[1];
        await().atMost(FINISH).pollInterval(Duration.ofMillis(300)).until(() -> {
            last[0] = executor.poll(List.of(job)).get(job.externalId());
            return last[0].state().finished();
        });
        return last[0];
    }

    /**
     * The last array task writes the job's marker just after its own task marker, so a poll can see every
     * task ended a moment before the job's marker appears.
     */
    private void awaitMarker(String job, String marker) {
        Path path = project.resolve("External").resolve(job).resolve(marker);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(path));
    }

    @Test
    void aSucceedingJobWritesItsOutputsAndTheSuccessMarker() throws Exception {
        SubmittedJob job = submit("job003", 0, 0, Map.of());

        JobObservation seen = awaitFinished(job);

        assertThat(seen).isEqualTo(new JobObservation(JobState.SUCCEEDED, 1, 0, ""));
        Path dir = project.resolve("External/job003");
        assertThat(dir.resolve(JobMarkers.SUCCESS)).exists();
        assertThat(Files.readString(dir.resolve("micrographs_ctf.star"))).contains("data_micrographs", "12000.5");
        assertThat(Files.readString(dir.resolve("run.out"))).contains("wrote micrographs_ctf.star");
        assertThat(Files.readString(dir.resolve(SlurmExecutor.SCRIPT))).contains("#SBATCH --mem=100M");
    }

    @Test
    void aFailingJobIsFailedWithItsMarkerNamedAndItsStderrKept() throws Exception {
        SubmittedJob job = submit("job004", 5, 0, Map.of());

        JobObservation seen = awaitFinished(job);

        assertThat(seen.state()).isEqualTo(JobState.FAILED);
        assertThat(seen.tasksFailed()).isEqualTo(1);
        assertThat(seen.reason()).contains(JobMarkers.FAILURE);
        Path dir = project.resolve("External/job004");
        assertThat(dir.resolve(JobMarkers.SUCCESS)).doesNotExist();
        assertThat(Files.readString(dir.resolve("run.err"))).contains("failing on purpose with 5");
    }

    @Test
    void anArrayRunsEveryTaskAndOneFailedTaskFailsTheJob() throws Exception {
        SubmittedJob good = submit("job005", 0, 3, Map.of());
        SubmittedJob bad = submit("job006", 0, 3, Map.of("FAIL_TASK", "1"));

        JobObservation goodSeen = awaitFinished(good);
        JobObservation badSeen = awaitFinished(bad);

        assertThat(goodSeen).isEqualTo(new JobObservation(JobState.SUCCEEDED, 3, 0, ""));
        for (int i = 0; i < 3; i++) {
            assertThat(project.resolve("External/job005/micrographs_ctf_" + i + ".star"))
                    .exists();
            assertThat(project.resolve("External/job005/task_" + i + ".out")).exists();
        }
        assertThat(badSeen.state()).isEqualTo(JobState.FAILED);
        assertThat(badSeen.tasksSucceeded()).isEqualTo(2);
        assertThat(badSeen.tasksFailed()).isEqualTo(1);
        awaitMarker("job006", JobMarkers.FAILURE);
        assertThat(project.resolve("External/job006/" + JobMarkers.SUCCESS)).doesNotExist();
    }

    @Test
    void aCancelledJobIsCancelledAndCancellingAgainIsHarmless() throws Exception {
        Files.writeString(tool, "#!/bin/bash\nsleep 300\n");
        SubmittedJob job = submit("job007", 0, 0, Map.of());

        executor.cancel(job);
        executor.cancel(job);

        JobObservation seen = awaitFinished(job);
        assertThat(seen.state()).isEqualTo(JobState.CANCELLED);
        // Still known as cancelled by a new executor, from the marker alone.
        assertThat(newExecutor(new ProcessCommandRunner())
                        .poll(List.of(job))
                        .get(job.externalId())
                        .state())
                .isEqualTo(JobState.CANCELLED);
    }

    @Test
    void cancellingAnEndedOrUnknownJobChangesNothing() throws Exception {
        SubmittedJob job = submit("job033", 0, 0, Map.of());
        assertThat(awaitFinished(job).state()).isEqualTo(JobState.SUCCEEDED);

        executor.cancel(job);
        executor.cancel(new SubmittedJob("slurm", "999999998", "sl-test-unknown", project.resolve("External/x"), 0));

        assertThat(executor.poll(List.of(job)).get(job.externalId()).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(project.resolve("External/job033/" + JobMarkers.ABORTED)).doesNotExist();
    }

    @Test
    void aNewExecutorFindsAJobByItsKeyAfterARestart() throws Exception {
        Files.writeString(tool, "#!/bin/bash\nsleep 300\n");
        SubmittedJob job = submit("job008", 0, 4, Map.of());

        SlurmExecutor restarted = newExecutor(new ProcessCommandRunner());
        Optional<SubmittedJob> found = restarted.findByKey(job.jobKey(), job.jobDir());

        assertThat(found).contains(job);
        assertThat(restarted.findByKey("sl-test-never-submitted-" + UUID.randomUUID(), project.resolve("External/x")))
                .isEmpty();
        executor.cancel(job);
    }

    @Test
    void pollingManyJobsCallsSqueueOnce() throws Exception {
        List<SubmittedJob> jobs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            jobs.add(submit("job1" + i, i % 2, i < 3 ? 0 : 2, Map.of()));
        }
        runner.reset();

        Map<String, JobObservation> seen = executor.poll(jobs);

        assertThat(seen)
                .containsOnlyKeys(jobs.stream().map(SubmittedJob::externalId).toList());
        assertThat(runner.calls("squeue")).isEqualTo(1);
        assertThat(runner.calls("sacct")).isLessThanOrEqualTo(1);

        for (SubmittedJob j : jobs) {
            awaitFinished(j);
        }
        runner.reset();
        Map<String, JobObservation> finished = executor.poll(jobs);
        assertThat(runner.calls("squeue")).isEqualTo(1);
        assertThat(finished.values())
                .allSatisfy(o -> assertThat(o.state().finished()).isTrue());
    }

    @Test
    void aJobSlurmDoesNotKnowAndThatLeftNoMarkerIsUnknownAndSaysWhy() throws Exception {
        // What a job looks like once squeue has dropped it (MinJobAge) on a cluster without accounting.
        SubmittedJob forgotten =
                new SubmittedJob("slurm", "999999999", "sl-test-forgotten", project.resolve("External/job030"), 0);

        JobObservation seen = executor.poll(List.of(forgotten)).get("999999999");

        assertThat(seen.state()).isEqualTo(JobState.UNKNOWN);
        assertThat(seen.reason()).contains("999999999", "not in squeue", "no RELION marker");
        assertThat(runner.calls("squeue")).isEqualTo(1);
        assertThat(runner.calls("sacct")).isLessThanOrEqualTo(1);
    }

    @Test
    void aRerunOfAPartlyFailedArraySubmitsOnlyTheFailedTasksAndKeepsTheOthers() throws Exception {
        // Tasks fail while fail_<index> exists in the job directory; each task counts its runs in ran_<index>.
        Files.writeString(tool, """
                #!/bin/bash
                i=$SLURM_ARRAY_TASK_ID
                echo run >> "ran_$i"
                if [ -e "fail_$i" ]; then echo "task $i failing on purpose" >&2; exit 4; fi
                echo "data_\nloop_\n_rlnMicrographName #1\nm_$i.mrc" > "out_$i.star"
                """);
        Path dir = project.resolve("External/job040");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("fail_1"), "");
        Files.writeString(dir.resolve("fail_3"), "");
        JobLaunch whole = new JobLaunch(
                "sl-test-job040-a1-" + UUID.randomUUID(),
                dir,
                List.of(tool.toString()),
                Map.of(),
                ResourceProfile.EMPTY,
                4,
                Optional.empty());
        SubmittedJob first = executor.submit(whole);
        submitted.add(first);
        JobObservation firstSeen = awaitFinished(first);
        assertThat(firstSeen.state()).isEqualTo(JobState.FAILED);
        assertThat(firstSeen.tasksSucceeded()).isEqualTo(2);
        assertThat(SlurmExecutor.unsucceededTasks(dir, 4)).containsExactly(1, 3);

        Files.delete(dir.resolve("fail_1"));
        Files.delete(dir.resolve("fail_3"));
        SubmittedJob rerun = executor.submit(whole.onlyTasks("sl-test-job040-a2-" + UUID.randomUUID(), List.of(3, 1)));
        submitted.add(rerun);

        JobObservation seen = awaitFinished(rerun);
        assertThat(seen).isEqualTo(new JobObservation(JobState.SUCCEEDED, 4, 0, ""));
        // SLURM itself held only tasks 1 and 3 of the rerun (ended jobs stay in squeue for MinJobAge).
        CommandResult tasks = new ProcessCommandRunner()
                .run(List.of("squeue", "-h", "-t", "all", "-j", rerun.externalId(), "-o", "%K"), Duration.ofSeconds(30))
                .orThrow();
        assertThat(tasks.stdout().lines().map(String::strip).sorted()).containsExactly("1", "3");
        awaitMarker("job040", JobMarkers.SUCCESS);
        for (int i = 0; i < 4; i++) {
            assertThat(Files.readAllLines(dir.resolve("ran_" + i)))
                    .as("runs of task %d", i)
                    .hasSize(i == 1 || i == 3 ? 2 : 1);
            assertThat(dir.resolve("out_" + i + ".star")).exists();
        }
        assertThat(SlurmExecutor.unsucceededTasks(dir, 4)).isEmpty();
    }

    @Test
    void theArraySpecNamesTheRerunTasksAndTheThrottleCountsOnlyThem() {
        JobLaunch whole =
                new JobLaunch("k", project, List.of("tool"), Map.of(), ResourceProfile.EMPTY, 10, Optional.empty());
        assertThat(SlurmExecutor.arraySpec(whole, 0)).isEqualTo("0-9");
        assertThat(SlurmExecutor.arraySpec(whole, 4)).isEqualTo("0-9%4");
        JobLaunch rerun = whole.onlyTasks("k2", List.of(7, 3, 7));
        assertThat(SlurmExecutor.arraySpec(rerun, 0)).isEqualTo("3,7");
        assertThat(SlurmExecutor.arraySpec(rerun, 4)).isEqualTo("3,7%2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> whole.onlyTasks("k3", List.of(10)))
                .hasMessageContaining("task 10 is outside the array 0-9");
    }

    @Test
    void anArrayThrottleLimitsHowManyTasksRunAtOnce() throws Exception {
        Files.writeString(tool, "#!/bin/bash\nsleep 300\n");
        executor = new SlurmExecutor(
                runner,
                SubmitTemplate.standard(),
                ResourceProfile.EMPTY,
                ContainerWrapping.cryoBoostDefaults(),
                Duration.ofSeconds(30),
                1);
        SubmittedJob job = submit("job032", 0, 5, Map.of());

        CommandResult shown = new ProcessCommandRunner()
                .run(List.of("scontrol", "show", "job", job.externalId()), Duration.ofSeconds(30))
                .orThrow();

        assertThat(shown.stdout()).contains("ArrayTaskThrottle=1");
        executor.cancel(job);
    }

    @Test
    void aKeyWithALineBreakIsRefusedBeforeSbatch() {
        JobLaunch launch = new JobLaunch(
                "sl-test\nsecond line",
                project.resolve("External/job031"),
                List.of(tool.toString(), "x", "0"),
                Map.of(),
                ResourceProfile.EMPTY,
                0,
                Optional.empty());

        assertThatThrownBy(() -> executor.submit(launch)).hasMessageContaining("control characters");
        assertThat(runner.calls("sbatch")).isZero();
    }

    @Test
    void realSacctRowsOfSingleJobsAndArrayTasksAreRead() throws Exception {
        CommandResult probe = runner.run(List.of("sacct", "-n", "-X", "-j", "1"), Duration.ofSeconds(30));
        Assumptions.assumeTrue(
                probe.ok(),
                () -> "sacct is disabled on this cluster (" + probe.stderr().strip() + ")");
        SubmittedJob single = submit("job034", 6, 0, Map.of());
        SubmittedJob array = submit("job035", 0, 3, Map.of("FAIL_TASK", "1"));
        awaitFinished(single);
        awaitFinished(array);
        List<String> argv = List.of(
                "sacct",
                "-n",
                "-P",
                "-X",
                "-o",
                QueueSnapshot.SACCT_FIELDS,
                "-j",
                single.externalId() + "," + array.externalId());

        // slurmctld hands finished jobs to slurmdbd asynchronously.
        QueueSnapshot[] seen = new QueueSnapshot[1];
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    seen[0] = QueueSnapshot.parseSacct(
                            runner.run(argv, Duration.ofSeconds(30)).orThrow().stdout());
                    QueueSnapshot.Entry[] tasks = seen[0].tasks(array.externalId(), 3);
                    return seen[0].job(single.externalId()).isPresent()
                            && java.util.Arrays.stream(tasks)
                                    .allMatch(t -> t != null && t.state().finished());
                });

        assertThat(seen[0].job(single.externalId()).orElseThrow().state()).isEqualTo(JobState.FAILED);
        assertThat(seen[0].job(single.externalId()).orElseThrow().describe()).contains("exit 6:0");
        assertThat(java.util.Arrays.stream(seen[0].tasks(array.externalId(), 3)).map(QueueSnapshot.Entry::state))
                .containsExactly(JobState.SUCCEEDED, JobState.FAILED, JobState.SUCCEEDED);
        assertThat(seen[0].idsNamed(array.jobKey())).containsExactly(array.externalId());
    }

    @Test
    void sbatchRefusingTheJobNamesTheCommandAndItsError() {
        JobLaunch launch = new JobLaunch(
                "sl-test-refused-" + UUID.randomUUID(),
                project.resolve("External/job020"),
                List.of(tool.toString(), "x", "0"),
                Map.of(),
                new ResourceProfile("no-such-partition", null, null, null, null, null, null, Map.of()),
                0,
                Optional.empty());

        assertThatThrownBy(() -> executor.submit(launch))
                .isInstanceOf(ExecutorException.class)
                .hasMessageContaining("sbatch")
                .hasMessageContaining("no-such-partition")
                .hasMessageContaining("invalid partition");
    }

    @Test
    void aCryoBoostTemplatesOwnMarkersCannotEndAnArrayEarly() throws Exception {
        // CryoBoost's qsub.sh touches the markers after the command; run by every array task that would mark
        // the job succeeded as soon as one task did (contracts/cryoboost.md A11).
        SubmitTemplate cryoBoost = SubmitTemplate.parse("""
                #!/bin/bash
                #SBATCH --partition=XXXextra1XXX
                #SBATCH --mem=XXXextra7XXX
                #SBATCH --output=XXXoutfileXXX
                #SBATCH --error=XXXerrfileXXX
                cd $(dirname XXXoutfileXXX)
                XXXcommandXXX
                if [ $? -eq 0 ]; then touch RELION_JOB_EXIT_SUCCESS; else touch RELION_JOB_EXIT_FAILURE; fi
                """, "qsub.sh");
        executor = new SlurmExecutor(
                runner,
                cryoBoost,
                new ResourceProfile(null, null, null, null, null, "100M", null, Map.of()),
                ContainerWrapping.cryoBoostDefaults(),
                Duration.ofSeconds(30));
        SubmittedJob job = submit("job022", 0, 3, Map.of("FAIL_TASK", "2"));

        JobObservation seen = awaitFinished(job);

        assertThat(seen.state()).isEqualTo(JobState.FAILED);
        awaitMarker("job022", JobMarkers.FAILURE);
        assertThat(project.resolve("External/job022/" + JobMarkers.SUCCESS)).doesNotExist();
    }

    @Test
    void aRerunInTheSameDirectoryDoesNotInheritTheOldMarkers() throws Exception {
        SubmittedJob first = submit("job021", 4, 0, Map.of());
        assertThat(awaitFinished(first).state()).isEqualTo(JobState.FAILED);

        SubmittedJob retry = submit("job021", 0, 0, Map.of());

        assertThat(awaitFinished(retry).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(project.resolve("External/job021/" + JobMarkers.FAILURE)).doesNotExist();
    }
}
