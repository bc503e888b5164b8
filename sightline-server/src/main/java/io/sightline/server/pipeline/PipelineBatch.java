package io.sightline.server.pipeline;

import java.time.Instant;
import java.util.Objects;

/**
 * A batch of an attachment's micrographs and the run that processes them.
 *
 * @param runId chosen and stored before the run exists: a restart finds the run by it or starts it
 * @param started whether the run was stored
 * @param reason why the run could not start, if it could not
 */
public record PipelineBatch(
        String attachmentId, int number, String runId, int size, boolean started, String reason, Instant createdAt) {
    public PipelineBatch {
        Objects.requireNonNull(attachmentId, "attachmentId");
        Objects.requireNonNull(runId, "runId");
    }
}
