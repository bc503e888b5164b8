package io.sightline.pipeline.exec;

/** Where a submitted job is, as far as the executor can tell. */
public enum JobState {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    /** Neither markers nor the backend know the job (for example, purged from {@code sacct}). */
    UNKNOWN;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
