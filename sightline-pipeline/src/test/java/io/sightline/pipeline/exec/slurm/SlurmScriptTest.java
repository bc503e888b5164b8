package io.sightline.pipeline.exec.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.pipeline.exec.ContainerSpec;
import io.sightline.pipeline.exec.JobLaunch;
import io.sightline.pipeline.exec.ResourceProfile;
import io.sightline.pipeline.exec.container.ContainerWrapping;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The batch script the executor writes, read as text (no cluster needed). */
class SlurmScriptTest {

    private static final Path DIR = Path.of("/p/External/job009");

    private final SlurmExecutor executor = new SlurmExecutor(
            new ProcessCommandRunner(),
            SubmitTemplate.standard(),
            new ResourceProfile("debug", 1, null, 1, null, "100M", "00:10:00", Map.of()),
            ContainerWrapping.cryoBoostDefaults(),
            Duration.ofSeconds(5));

    private static JobLaunch launch(ResourceProfile resources, int tasks, Optional<ContainerSpec> container) {
        return new JobLaunch(
                "run-1/ctf/attempt-1",
                DIR,
                List.of("ctffind5", "--in", "it's.star"),
                Map.of(),
                resources,
                tasks,
                container);
    }

    @Test
    void siteDefaultsThenJobTypeThenUserDecideTheResources() {
        ResourceProfile jobType = new ResourceProfile(null, null, null, 2, null, "4G", null, Map.of());
        ResourceProfile user = new ResourceProfile(null, null, null, null, null, "8G", null, Map.of(2, "g3"));

        String script = executor.script(launch(jobType.overriddenBy(user), 0, Optional.empty()), DIR);

        assertThat(script)
                .contains("#SBATCH --partition=debug\n", "#SBATCH --cpus-per-task=2\n", "#SBATCH --mem=8G\n")
                .contains("#SBATCH --constraint=\"g3\"\n", "#SBATCH --time=00:10:00\n")
                .doesNotContain("--mem=4G", "--mem=100M", "--gres");
    }

    @Test
    void aSingleJobWritesRunOutAndTheRelionMarkersFromItsExitCode() {
        String script = executor.script(launch(ResourceProfile.EMPTY, 0, Optional.empty()), DIR);

        assertThat(script)
                .contains("#SBATCH --output=/p/External/job009/run.out", "#SBATCH --error=/p/External/job009/run.err")
                .contains("'ctffind5' '--in' 'it'\"'\"'s.star'\nsightline_rc=$?\n")
                .contains("touch '/p/External/job009/RELION_JOB_EXIT_SUCCESS'; else touch "
                        + "'/p/External/job009/RELION_JOB_EXIT_FAILURE'")
                .doesNotContain(".task_status");
    }

    @Test
    void anArrayTaskMarksItselfAndTheLastOneMarksTheJob() {
        String script = executor.script(launch(ResourceProfile.EMPTY, 12, Optional.empty()), DIR);

        assertThat(script)
                .contains("#SBATCH --output=/p/External/job009/task_%a.out")
                .contains("'/p/External/job009/.task_status/'\"$SLURM_ARRAY_TASK_ID\".ok")
                .contains("-ge 12 ]");
    }

    @Test
    void aContainerisedArrayTaskStillSeesItsIndex() {
        ContainerSpec spec = new ContainerSpec("apptainer", Path.of("/sif/ctf.sif"), List.of(), true);
        String script = executor.script(launch(ResourceProfile.EMPTY, 4, Optional.of(spec)), DIR);

        assertThat(script)
                .contains("export APPTAINERENV_SLURM_ARRAY_TASK_ID=\"$SLURM_ARRAY_TASK_ID\"")
                .contains("'apptainer' 'exec' '--cleanenv' '--no-home' '--nv'")
                .contains("'/sif/ctf.sif' 'ctffind5'");
    }
}
