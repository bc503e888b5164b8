package io.sightline.pipeline.exec;

import java.util.Objects;

/**
 * One observation of a submitted job.
 *
 * @param state          the whole job's state (for an array: SUCCEEDED only when every task did; FAILED when
 *                       any task failed and none is still pending or running)
 * @param tasksSucceeded array tasks finished successfully (0 or 1 for a single job)
 * @param tasksFailed    array tasks failed or cancelled
 * @param reason         why, in words, when the state is FAILED, CANCELLED or UNKNOWN (the backend's reason,
 *                       the exit code, a marker); empty otherwise
 */
public record JobObservation(JobState state, int tasksSucceeded, int tasksFailed, String reason) {
    public JobObservation {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }
}
