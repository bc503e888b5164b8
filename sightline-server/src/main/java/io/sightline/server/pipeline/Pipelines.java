package io.sightline.server.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.pipeline.graph.Templates;
import io.sightline.pipeline.jobtype.JobTypes;
import io.sightline.server.data.StorageRoots;
import io.sightline.server.events.EventLog;
import io.sightline.server.persistence.Database;
import java.time.Clock;
import java.time.Duration;

/**
 * The server's pipelines: store, scheduler, templates, project roots and the trigger that runs attached
 * pipelines on an acquisition's new micrographs, built once in ServerApp.
 */
public final class Pipelines implements AutoCloseable {
    /** How long the trigger sleeps without a wake-up or a due batch (a missed wake-up costs at most this). */
    static final Duration TRIGGER_IDLE = Duration.ofSeconds(5);

    private final PipelineStore store;
    private final PipelineScheduler scheduler;
    private final AttachmentStore attachments;
    private final AcquisitionTrigger trigger;
    private final ProjectRoots roots;
    private final Templates templates = Templates.standard();
    private final PipelineSettings settings;
    private final Clock clock;

    /**
     * @param storage maps the micrograph paths agents report to files on this server, as data objects do (null
     *     when the server has no storage root)
     */
    public Pipelines(
            Database database,
            PipelineSettings settings,
            ProjectRoots roots,
            StorageRoots storage,
            ObjectMapper json,
            Clock clock) {
        this.store = new PipelineStore(database);
        this.clock = clock;
        this.settings = settings;
        this.roots = roots;
        this.scheduler = new PipelineScheduler(
                store, settings.executor(), JobTypes.standard(), settings.programs(), json, clock);
        this.attachments = new AttachmentStore(database);
        this.trigger = new AcquisitionTrigger(
                attachments, store, scheduler, new EventLog(database.dataSource()), storage, json, clock, TRIGGER_IDLE);
    }

    /**
     * Starts the scheduler and the trigger, which first continue whatever a previous server left.
     *
     * @param onSuccess told of every succeeded job (the results harvester, built where the data model is, after
     *     the pipelines, whose trigger the data model's transactions tell of commits)
     */
    public void start(JobSuccessListener onSuccess) {
        start(onSuccess, PipelineEvents.NONE);
    }

    /** {@link #start(JobSuccessListener)}, publishing batch starts and run ends through {@code events}. */
    public void start(JobSuccessListener onSuccess, PipelineEvents events) {
        scheduler.start(settings.interval(), onSuccess, events);
        trigger.start(events);
    }

    public PipelineStore store() {
        return store;
    }

    public PipelineScheduler scheduler() {
        return scheduler;
    }

    public AttachmentStore attachments() {
        return attachments;
    }

    /** Also an event sink: the server tells it about every commit. */
    public AcquisitionTrigger trigger() {
        return trigger;
    }

    public ProjectRoots roots() {
        return roots;
    }

    public Clock clock() {
        return clock;
    }

    public Templates templates() {
        return templates;
    }

    @Override
    public void close() {
        trigger.close();
        scheduler.close();
    }
}
