package io.sightline.server.pipeline;

import io.sightline.pipeline.exec.ResourceProfile;
import io.sightline.pipeline.graph.PipelineSpec;
import io.sightline.pipeline.jobtype.Acquisition;
import java.util.Map;
import java.util.Objects;

/**
 * What starting a run takes: the pipeline, the acquisition facts its parameters may take, the project directory
 * (inside a project root), whether one failure stops and cancels the rest, how many attempts a job gets, and the
 * user's resource overrides: {@code resources} for every job of the run, {@code jobResources} per job name on top.
 * A job is submitted with site defaults ← its type's profile ← {@code resources} ← its {@code jobResources}.
 */
public record RunRequest(
        PipelineSpec pipeline,
        Acquisition acquisition,
        String project,
        boolean stopOnFailure,
        int maxAttempts,
        ResourceProfile resources,
        Map<String, ResourceProfile> jobResources) {
    public RunRequest {
        Objects.requireNonNull(pipeline, "pipeline");
        acquisition = acquisition == null ? Acquisition.UNKNOWN : acquisition;
        Objects.requireNonNull(project, "project");
        // null in runs stored before overrides existed
        resources = resources == null ? ResourceProfile.EMPTY : resources;
        jobResources = jobResources == null ? Map.of() : Map.copyOf(jobResources);
    }

    /** A request without resource overrides. */
    public RunRequest(
            PipelineSpec pipeline, Acquisition acquisition, String project, boolean stopOnFailure, int maxAttempts) {
        this(pipeline, acquisition, project, stopOnFailure, maxAttempts, ResourceProfile.EMPTY, Map.of());
    }

    /** The user's overrides for job {@code name}: the run's, with the job's own over them. */
    public ResourceProfile overridesFor(String name) {
        return resources.overriddenBy(jobResources.getOrDefault(name, ResourceProfile.EMPTY));
    }
}
