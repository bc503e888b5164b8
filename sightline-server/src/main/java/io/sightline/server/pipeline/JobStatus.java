package io.sightline.server.pipeline;

/**
 * Where a job of a run stands, as the scheduler records it. {@code SUBMITTING} is stored before the executor is
 * asked, {@code SUBMITTED} with the executor's id after: the pair is what makes a restart safe.
 */
public enum JobStatus {
    WAITING,
    SUBMITTING,
    SUBMITTED,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
