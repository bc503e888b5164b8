package io.sightline.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.pipeline.exec.ResourceProfile;
import io.sightline.pipeline.exec.container.ContainerWrapping;
import io.sightline.pipeline.exec.slurm.SlurmExecutor;
import io.sightline.pipeline.exec.slurm.SubmitTemplate;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import java.nio.file.Path;
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
 * {@link PipelineArrayTest}'s scenario on the REAL one-node SLURM cluster: the motion job is one {@code sbatch
 * --array=0-3%2} (throttle 2), its task 2 fails on purpose, and the rerun is one {@code sbatch --array=2}, read from
 * the sbatch calls themselves. Skips, with the reason, only when {@code sinfo} does not answer.
 */
class PipelineArraySlurmTest {
    @TempDir
    Path tmp;

    private final List<PipelineScheduler> schedulers = new ArrayList<>();

    @BeforeEach
    void clusterAnswers() {
        String reason = PipelineSlurmTest.unavailableReason();
        Assumptions.assumeTrue(reason == null, () -> "SLURM test skipped: " + reason);
    }

    @AfterEach
    void stop() {
        schedulers.forEach(PipelineScheduler::close);
    }

    /** The {@code --array=} values of the sbatch calls for pipeline job {@code name}, in order. */
    private static List<String> arrays(PipelineSlurmTest.CountingRunner runner, String name) {
        return runner.calls.stream()
                .filter(c -> c.getFirst().equals("sbatch"))
                .filter(c -> c.stream().anyMatch(a -> a.matches("--job-name=sl-[^-]+-" + name + "-a\\d+")))
                .map(c -> c.stream()
                        .filter(a -> a.startsWith("--array="))
                        .findFirst()
                        .orElse("single"))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aBatchRunsAsAnArrayAndTheRerunSubmitsOnlyTheFailedTask(TestDatabase db) throws Exception {
        PipelineSlurmTest.CountingRunner runner = new PipelineSlurmTest.CountingRunner();
        ResourceProfile site = new ResourceProfile(null, 1, 1, 1, null, "100M", "00:10:00", Map.of());
        SlurmExecutor slurm = new SlurmExecutor(
                runner,
                SubmitTemplate.standard(),
                site,
                ContainerWrapping.cryoBoostDefaults(),
                Duration.ofSeconds(60),
                2);
        PipelineScheduler s = PipelineArrayTest.scheduler(db.open(), slurm, tmp);
        schedulers.add(s);
        s.start(Duration.ofMillis(250));

        PipelineArrayTest.failedTaskThenRerun(s, new PipelineStore(db.open()), tmp.resolve("project"));

        assertThat(arrays(runner, "import")).containsExactly("single");
        assertThat(arrays(runner, "motion")).containsExactly("--array=0-3%2", "--array=2%1");
        assertThat(arrays(runner, "ctf")).containsExactly("--array=0-1%2");
    }
}
