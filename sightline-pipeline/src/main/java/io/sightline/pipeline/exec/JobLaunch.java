package io.sightline.pipeline.exec;

import java.nio.file.Path;
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
 */
public record JobLaunch(
        String jobKey,
        Path jobDir,
        List<String> command,
        Map<String, String> environment,
        ResourceProfile resources,
        int arrayTasks,
        Optional<ContainerSpec> container) {

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
    }
}
