package io.sightline.pipeline.exec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A job a backend accepted: what the scheduler persists, and all a later {@link Executor#poll} or
 * {@link Executor#cancel} needs, in this process or after a restart.
 *
 * @param executor   {@link Executor#name()} of the backend that ran it
 * @param externalId the backend's id (SLURM job id; the local executor's own id)
 * @param jobKey     {@link JobLaunch#jobKey()}
 * @param jobDir     {@link JobLaunch#jobDir()}
 * @param arrayTasks {@link JobLaunch#arrayTasks()}
 */
public record SubmittedJob(String executor, String externalId, String jobKey, Path jobDir, int arrayTasks) {
    public SubmittedJob {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(jobKey, "jobKey");
        Objects.requireNonNull(jobDir, "jobDir");
    }
}
