package io.sightline.server.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.server.persistence.WriteTransactions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PipelineEvents} as events in the event log (hence SSE and RabbitMQ): {@code pipeline.batch.started} and
 * {@code pipeline.run.finished}, under the acquisition when the run processes an attached pipeline's batch. Each is
 * its own transaction after the state it reports was stored, so a server killed in between does not publish it; a
 * batch whose start is repeated after a restart publishes it again (at least once for batches, docs/pipelines.md).
 */
public final class PublishedPipelineEvents implements PipelineEvents {
    public static final String BATCH_STARTED = "pipeline.batch.started";
    public static final String RUN_FINISHED = "pipeline.run.finished";

    private static final Logger log = LoggerFactory.getLogger(PublishedPipelineEvents.class);

    private final WriteTransactions transactions;
    private final AttachmentStore attachments;
    private final ObjectMapper json;

    public PublishedPipelineEvents(WriteTransactions transactions, AttachmentStore attachments, ObjectMapper json) {
        this.transactions = transactions;
        this.attachments = attachments;
        this.json = json;
    }

    @Override
    public void batchStarted(Attachment attachment, PipelineBatch batch) {
        ObjectNode p = json.createObjectNode()
                .put("attachment_id", attachment.id())
                .put("batch", batch.number())
                .put("run_id", batch.runId())
                .put("micrographs", batch.size())
                .put("pipeline", attachment.name());
        publish(BATCH_STARTED, attachment.acquisitionUuid(), batch.runId(), p);
    }

    @Override
    public void runFinished(PipelineRun run) {
        ObjectNode p = json.createObjectNode()
                .put("run_id", run.id())
                .put("pipeline", run.name())
                .put("status", run.status().name().toLowerCase(java.util.Locale.ROOT))
                .put("reason", run.reason());
        Optional<AttachmentStore.BatchOfRun> batch = attachments.batchOfRun(run.id());
        batch.ifPresent(b -> p.put("attachment_id", b.attachmentId()).put("batch", b.batch()));
        publish(
                RUN_FINISHED,
                batch.map(AttachmentStore.BatchOfRun::acquisitionUuid).orElse(null),
                run.id(),
                p);
    }

    private void publish(String type, String acquisition, String runId, ObjectNode payload) {
        try {
            transactions.write(tx -> {
                tx.emit(type, acquisition, runId, payload.toString());
                return null;
            });
        } catch (RuntimeException e) {
            // The state is stored; a lost notification must not stop the scheduler or the trigger.
            log.warn("could not publish {} for run {}: {}", type, runId, e.getMessage());
        }
    }
}
