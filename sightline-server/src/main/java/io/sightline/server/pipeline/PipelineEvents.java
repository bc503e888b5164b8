package io.sightline.server.pipeline;

/**
 * Told of what the dashboard and clients follow of pipelines: an attached pipeline's batch started as a run, and a
 * run ended. Given at start (the event transactions are built after the pipelines), like the results harvester.
 */
public interface PipelineEvents {
    PipelineEvents NONE = new PipelineEvents() {
        @Override
        public void batchStarted(Attachment attachment, PipelineBatch batch) {}

        @Override
        public void runFinished(PipelineRun run) {}
    };

    /** {@code batch} of {@code attachment} was stored as a run (its run id). */
    void batchStarted(Attachment attachment, PipelineBatch batch);

    /** {@code run} ended (succeeded, failed or cancelled), as just stored. */
    void runFinished(PipelineRun run);
}
