package io.sightline.pipeline.exec;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an executor needs to start one job, built by the scheduler from a job type and its parameters.
 *
 * @param jobKey     a stable, unique name for this attempt (pipeline run, job, attempt), used as the backend's
 *                   job name so that a restarted server can find a job it submitted but did not record
 * @param jobDir     the RELION job directory ({@code External/job007/}); stdout, stderr and markers go here
 * @param command    the tool's command line, one argument per element; no shell quoting needed
 * @param environment variables to set for the tool (on top of a cleaned environment when in a container)
 * @param resources  the merged resource profile (defaults ← job type ← user overrides)
 * @param arrayTasks 0 for a single job; n &gt; 0 for an array of n tasks ({@code SLURM_ARRAY_TASK_ID} 0..n-1)
 * @param container  the image to run the command in, or empty to run natively
 * @param tasks      for an array, the task indices to run, ascending; empty for all of 0..n-1. A rerun of an array
 *                   that partly failed names only the tasks that did not succeed ({@code --array=3,7}), and the
 *                   succeeded tasks' markers are kept
 */
public record JobLaunch(
        String jobKey,
        Path jobDir,
        List<String> command,
        Map<String, String> environment,
        ResourceProfile resources,
        int arrayTasks,
        Optional<ContainerSpec> container,
        List<Integer> tasks) {

    /** A launch of every task (or of the single job). */
    public JobLaunch(
            String jobKey,
            Path jobDir,
            List<String> command,
            Map<String, String> environment,
            ResourceProfile resources,
            int arrayTasks,
            Optional<ContainerSpec> container) {
        this(jobKey, jobDir, command, environment, resources, arrayTasks, container, List.of());
    }

    public JobLaunch {
        Objects.requireNonNull(jobKey, "jobKey");
        Objects.requireNonNull(jobDir, "jobDir");
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a job needs a command");
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(resources, "resources");
        if (arrayTasks < 0) {
            throw new IllegalArgumentException("arrayTasks must be >= 0, was " + arrayTasks);
        }
        Objects.requireNonNull(container, "container");
        tasks = Objects.requireNonNull(tasks, "tasks").stream()
                .distinct()
                .sorted()
                .toList();
        if (!tasks.isEmpty() && arrayTasks == 0) {
            throw new IllegalArgumentException("only an array job can run some of its tasks");
        }
        for (int t : tasks) {
            if (t < 0 || t >= arrayTasks) {
                throw new IllegalArgumentException("task " + t + " is outside the array 0-" + (arrayTasks - 1));
            }
        }
    }

    /** This launch (under {@code key}) for only {@code indices} of its array: a rerun of the tasks that failed. */
    public JobLaunch onlyTasks(String key, Collection<Integer> indices) {
        if (indices.isEmpty()) {
            throw new IllegalArgumentException("a rerun of an array needs at least one task");
        }
        return new JobLaunch(key, jobDir, command, environment, resources, arrayTasks, container, List.copyOf(indices));
    }
}
