package io.sightline.server.pipeline;

import io.sightline.core.text.TextReadException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Told by the scheduler that a job succeeded, before the success is stored: a server that dies in between tells
 * it again after the restart, so what it does must be idempotent (the results harvester stores nothing twice).
 */
@FunctionalInterface
public interface JobSuccessListener {
    JobSuccessListener NONE = (run, job, jobDir) -> {};

    /**
     * @throws TextReadException when the job's outputs cannot be read (the job still succeeds, with the reason)
     * @throws IOException likewise, for a file that cannot be opened
     */
    void succeeded(PipelineRun run, PipelineJob job, Path jobDir) throws TextReadException, IOException;
}
