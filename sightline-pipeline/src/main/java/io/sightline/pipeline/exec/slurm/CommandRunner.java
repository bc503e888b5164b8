package io.sightline.pipeline.exec.slurm;

import io.sightline.pipeline.exec.ExecutorException;
import java.time.Duration;
import java.util.List;

/**
 * Runs one SLURM client command ({@code sbatch}, {@code squeue}, {@code sacct}, {@code scancel}) to its end
 * or its timeout. An interface so that the executor's calls can be counted in tests and a remote runner
 * (ssh to a head node) can be added later.
 */
public interface CommandRunner {

    /**
     * Runs {@code argv} and returns what it printed, whatever its exit code.
     *
     * @throws ExecutorException when the program cannot start or does not finish within {@code timeout}
     *     (it is killed then); the message names the command
     */
    CommandResult run(List<String> argv, Duration timeout) throws ExecutorException;
}
