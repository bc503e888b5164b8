package io.sightline.pipeline.exec.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.pipeline.exec.ExecutorException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessCommandRunnerTest {

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void bothStreamsAreReadInFullEvenWhenLargerThanAPipe() throws Exception {
        CommandResult r = runner.run(
                List.of(
                        "bash",
                        "-c",
                        "head -c 2000000 /dev/zero | tr '\\0' a; head -c 300000 /dev/zero | tr '\\0' b >&2; exit 3"),
                Duration.ofSeconds(60));

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).hasSize(2_000_000);
        assertThat(r.stderr()).hasSize(300_000);
    }

    @Test
    void aFailedCommandIsNamedWithItsStandardError() throws Exception {
        CommandResult r =
                runner.run(List.of("bash", "-c", "echo 'sbatch: error: no' >&2; exit 1"), Duration.ofSeconds(30));

        assertThatThrownBy(r::orThrow)
                .isInstanceOf(ExecutorException.class)
                .hasMessageContaining("`bash -c echo")
                .hasMessageContaining("exited with 1")
                .hasMessageContaining("sbatch: error: no");
    }

    @Test
    void aCommandPastItsTimeoutIsKilledAndNamed() {
        assertThatThrownBy(() -> runner.run(List.of("sleep", "600"), Duration.ofMillis(300)))
                .isInstanceOf(ExecutorException.class)
                .hasMessageContaining("`sleep 600` did not finish");
    }

    @Test
    void aMissingProgramSaysWhatToInstall() {
        assertThatThrownBy(() -> runner.run(List.of("sightline-no-such-squeue"), Duration.ofSeconds(5)))
                .isInstanceOf(ExecutorException.class)
                .hasMessageContaining("sightline-no-such-squeue")
                .hasMessageContaining("could not start");
    }
}
