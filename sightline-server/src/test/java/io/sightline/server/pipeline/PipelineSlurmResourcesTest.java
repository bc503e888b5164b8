package io.sightline.server.pipeline;

import static io.sightline.server.pipeline.PipelineSchedulerTest.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.pipeline.exec.ResourceProfile;
import io.sightline.pipeline.exec.container.ContainerWrapping;
import io.sightline.pipeline.exec.slurm.ProcessCommandRunner;
import io.sightline.pipeline.exec.slurm.SlurmExecutor;
import io.sightline.pipeline.exec.slurm.SubmitTemplate;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Resource profiles merged site defaults ← job type ← the run's overrides ← the job's, on the REAL one-node SLURM
 * cluster: the sbatch script carries the merged values and SLURM holds the job with them, also when the job is
 * submitted by a scheduler rebuilt on the same database (a restarted server reads the overrides back from the
 * stored run). Skips, with the reason, only when {@code sinfo} does not answer.
 */
class PipelineSlurmResourcesTest {
    private static final Duration DEADLINE = Duration.ofMinutes(4);

    @TempDir
    Path tmp;

    private final List<PipelineScheduler> schedulers = new ArrayList<>();
    private TestDatabase db;

    @BeforeEach
    void clusterAnswers() {
        String reason = PipelineSlurmTest.unavailableReason();
        Assumptions.assumeTrue(reason == null, () -> "SLURM test skipped: " + reason);
    }

    @AfterEach
    void stop() throws Exception {
        schedulers.forEach(PipelineScheduler::close);
        if (db != null) {
            db.close();
        }
    }

    private PipelineScheduler scheduler(Database database) throws Exception {
        Path tool = tmp.resolve("tool.sh");
        Files.writeString(tool, PipelineSchedulerTest.TOOL);
        ResourceProfile site = new ResourceProfile(null, 1, 1, 1, null, "100M", "00:10:00", Map.of());
        PipelineScheduler s = new PipelineScheduler(
                new PipelineStore(database),
                new SlurmExecutor(
                        new ProcessCommandRunner(),
                        SubmitTemplate.standard(),
                        site,
                        ContainerWrapping.cryoBoostDefaults(),
                        Duration.ofSeconds(60)),
                JobTypes.standard(),
                Map.of(
                        "spa.import", List.of("/bin/sh", tool.toString(), "movies.star"),
                        "spa.motioncorr", List.of("/bin/sh", tool.toString(), "corrected_micrographs.star"),
                        "spa.ctf", List.of("/bin/sh", tool.toString(), "micrographs_ctf.star")),
                ServerApp.objectMapper(),
                Clock.systemUTC());
        schedulers.add(s);
        return s.start(Duration.ofMillis(250));
    }

    private static String scontrol(String jobId) throws Exception {
        return new ProcessCommandRunner()
                .run(List.of("scontrol", "show", "job", jobId), Duration.ofSeconds(30))
                .orThrow()
                .stdout();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void theSbatchScriptAndSlurmGetSiteDefaultsUnderTheRunsAndTheJobsOverrides(TestDatabase database) throws Exception {
        db = database;
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve("hold_motion"), "");
        PipelineStore store = new PipelineStore(db.open());
        PipelineScheduler first = scheduler(db.open());
        PipelineRun run = first.start(new RunRequest(
                new PipelineSpec(
                        "resources",
                        "",
                        List.of(
                                JobSpec.of("import", "spa.import"),
                                JobSpec.of("motion", "spa.motioncorr"),
                                JobSpec.of("ctf", "spa.ctf"))),
                Acquisition.UNKNOWN.with(AcquisitionField.PIXEL_SIZE, 0.83),
                project.toString(),
                true,
                1,
                new ResourceProfile(null, null, null, null, null, "150M", null, Map.of()),
                Map.of("ctf", new ResourceProfile(null, null, null, null, null, "120M", "00:07:00", Map.of()))));
        await().atMost(DEADLINE).until(() -> job(store, run.id(), "motion").status() == JobStatus.SUBMITTED);

        // A restarted server: the ctf job is submitted by a scheduler that read the overrides from the database.
        first.close();
        scheduler(db.open());
        Files.delete(project.resolve("hold_motion"));
        await().atMost(DEADLINE).until(() -> store.run(run.id()).orElseThrow().status() == RunStatus.SUCCEEDED);

        String motion = Files.readString(
                project.resolve(job(store, run.id(), "motion").jobDir()).resolve("run_submit.script"));
        assertThat(motion).contains("#SBATCH --mem=150M", "#SBATCH --time=00:10:00", "#SBATCH --cpus-per-task=1");
        PipelineJob ctf = job(store, run.id(), "ctf");
        String ctfScript = Files.readString(project.resolve(ctf.jobDir()).resolve("run_submit.script"));
        assertThat(ctfScript).contains("#SBATCH --mem=120M", "#SBATCH --time=00:07:00", "#SBATCH --cpus-per-task=1");
        assertThat(ctfScript).doesNotContain("--mem=150M", "--mem=100M");
        // SLURM holds it with those values (ended jobs stay known for MinJobAge).
        String shown = scontrol(ctf.externalId());
        assertThat(shown).contains("TimeLimit=00:07:00").containsPattern("MinMemory(Node|CPU)=120M");
        assertThat(scontrol(job(store, run.id(), "motion").externalId())).containsPattern("MinMemory(Node|CPU)=150M");
    }
}
