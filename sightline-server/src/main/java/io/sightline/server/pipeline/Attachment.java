package io.sightline.server.pipeline;

import java.time.Instant;
import java.util.Objects;

/**
 * A pipeline attached to an acquisition, as stored: new micrographs of the acquisition are collected into
 * batches and each batch becomes a run of the pipeline over exactly those micrographs.
 *
 * @param runRequest the {@link RunRequest} as JSON that every batch's run starts from (its project, pipeline,
 *     acquisition facts, stop-on-failure and attempts); the batch only points the import at its own movies
 * @param eventCursor the event log id up to which the acquisition's micrograph events were taken
 * @param batches how many batches were cut so far (the last batch's number)
 */
public record Attachment(
        String id,
        String acquisitionUuid,
        String name,
        String runRequest,
        String projectDir,
        BatchPolicy policy,
        long eventCursor,
        int batches,
        Instant createdAt,
        Instant detachedAt) {
    public Attachment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(acquisitionUuid, "acquisitionUuid");
        Objects.requireNonNull(runRequest, "runRequest");
        Objects.requireNonNull(policy, "policy");
    }

    public boolean active() {
        return detachedAt == null;
    }
}
