package io.sightline.server.pipeline;

/** Where a pipeline run stands. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean finished() {
        return this != RUNNING;
    }
}
