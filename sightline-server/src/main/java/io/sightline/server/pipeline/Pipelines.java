package io.sightline.server.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.pipeline.graph.Templates;
import io.sightline.pipeline.jobtype.JobTypes;
import io.sightline.server.persistence.Database;
import java.time.Clock;

/** The server's pipelines: store, scheduler, templates and project roots, built once in ServerApp. */
public final class Pipelines implements AutoCloseable {
    private final PipelineStore store;
    private final PipelineScheduler scheduler;
    private final ProjectRoots roots;
    private final Templates templates = Templates.standard();
    private final PipelineSettings settings;

    public Pipelines(Database database, PipelineSettings settings, ProjectRoots roots, ObjectMapper json, Clock clock) {
        this(database, settings, roots, json, clock, JobSuccessListener.NONE);
    }

    /** @param onSuccess told of every succeeded job (the results harvester, built where the data model is) */
    public Pipelines(
            Database database,
            PipelineSettings settings,
            ProjectRoots roots,
            ObjectMapper json,
            Clock clock,
            JobSuccessListener onSuccess) {
        this.store = new PipelineStore(database);
        this.settings = settings;
        this.roots = roots;
        this.scheduler = new PipelineScheduler(
                store, settings.executor(), JobTypes.standard(), settings.programs(), json, clock, onSuccess);
    }

    /** Starts the scheduler, which first continues whatever runs a previous server left. */
    public void start() {
        scheduler.start(settings.interval());
    }

    public PipelineStore store() {
        return store;
    }

    public PipelineScheduler scheduler() {
        return scheduler;
    }

    public ProjectRoots roots() {
        return roots;
    }

    public Templates templates() {
        return templates;
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
