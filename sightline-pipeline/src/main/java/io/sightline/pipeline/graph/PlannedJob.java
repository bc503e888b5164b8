package io.sightline.pipeline.graph;

import io.sightline.pipeline.jobtype.JobType;
import io.sightline.pipeline.jobtype.Parameters;
import java.util.Map;
import java.util.Objects;

/** A checked job of a {@link PipelineGraph}: its type, resolved parameters and every input slot wired. */
public record PlannedJob(String name, JobType type, Parameters parameters, Map<String, Wire> inputs) {
    public PlannedJob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(parameters, "parameters");
        inputs = Map.copyOf(inputs);
    }
}
