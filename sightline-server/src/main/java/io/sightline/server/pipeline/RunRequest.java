package io.sightline.server.pipeline;

import io.sightline.pipeline.graph.PipelineSpec;
import io.sightline.pipeline.jobtype.Acquisition;
import java.util.Objects;

/**
 * What starting a run takes: the pipeline, the acquisition facts its parameters may take, the project directory
 * (inside a project root), whether one failure stops and cancels the rest, and how many attempts a job gets.
 */
public record RunRequest(
        PipelineSpec pipeline, Acquisition acquisition, String project, boolean stopOnFailure, int maxAttempts) {
    public RunRequest {
        Objects.requireNonNull(pipeline, "pipeline");
        acquisition = acquisition == null ? Acquisition.UNKNOWN : acquisition;
        Objects.requireNonNull(project, "project");
    }
}
