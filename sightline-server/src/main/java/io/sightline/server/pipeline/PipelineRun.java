package io.sightline.server.pipeline;

import java.time.Instant;
import java.util.Objects;

/** One run of a pipeline, as stored. {@code spec} is the {@link RunRequest} as JSON, enough to rebuild the graph. */
public record PipelineRun(
        String id,
        String name,
        String projectDir,
        String spec,
        RunStatus status,
        boolean stopOnFailure,
        int maxAttempts,
        String reason,
        Instant createdAt,
        Instant finishedAt) {
    public PipelineRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }

    public PipelineRun finish(RunStatus newStatus, String why, Instant at) {
        return new PipelineRun(id, name, projectDir, spec, newStatus, stopOnFailure, maxAttempts, why, createdAt, at);
    }

    public PipelineRun restart() {
        return new PipelineRun(
                id, name, projectDir, spec, RunStatus.RUNNING, stopOnFailure, maxAttempts, null, createdAt, null);
    }
}
