package io.sightline.server.pipeline;

import java.time.Instant;
import java.util.Objects;

/**
 * One job of a run, as stored.
 *
 * @param jobDir the job's directory relative to the project, {@code External/job003/}
 * @param attempt 0 before the first submission, then 1, 2, ... (a retry runs in place, in the same directory)
 */
public record PipelineJob(
        String runId,
        String name,
        int position,
        String jobType,
        String jobDir,
        JobStatus status,
        int attempt,
        String executor,
        String externalId,
        String jobKey,
        String reason,
        Instant updatedAt) {
    public PipelineJob {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
    }

    public PipelineJob with(JobStatus newStatus, String why, Instant at) {
        return new PipelineJob(
                runId, name, position, jobType, jobDir, newStatus, attempt, executor, externalId, jobKey, why, at);
    }

    /** The intent to submit attempt {@code newAttempt} under {@code key}, stored before the executor is asked. */
    public PipelineJob submitting(int newAttempt, String key, String executorName, Instant at) {
        return new PipelineJob(
                runId,
                name,
                position,
                jobType,
                jobDir,
                JobStatus.SUBMITTING,
                newAttempt,
                executorName,
                null,
                key,
                null,
                at);
    }

    public PipelineJob submitted(String id, Instant at) {
        return new PipelineJob(
                runId, name, position, jobType, jobDir, JobStatus.SUBMITTED, attempt, executor, id, jobKey, null, at);
    }

    /** Back to waiting with attempts counted afresh (a rerun the user asked for). */
    public PipelineJob reset(Instant at) {
        return new PipelineJob(
                runId, name, position, jobType, jobDir, JobStatus.WAITING, 0, null, null, null, null, at);
    }
}
