package io.sightline.pipeline.graph;

import java.util.List;
import java.util.Objects;

/** A pipeline as written: a name and its jobs. {@link PipelineGraph#build} checks and wires it. */
public record PipelineSpec(String name, String description, List<JobSpec> jobs) {
    public PipelineSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        jobs = List.copyOf(jobs);
    }
}
