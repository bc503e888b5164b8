package io.sightline.pipeline.graph;

import java.util.Map;
import java.util.Objects;

/**
 * One job as a template or a user writes it: a name unique in its pipeline, a job type id, parameter
 * overrides, and optional explicit wiring of input slots ({@code slot → "job.output"}); an input slot left
 * out is wired by type.
 */
public record JobSpec(String name, String type, Map<String, String> parameters, Map<String, String> inputs) {
    public JobSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        parameters = Map.copyOf(parameters);
        inputs = Map.copyOf(inputs);
    }

    public static JobSpec of(String name, String type) {
        return new JobSpec(name, type, Map.of(), Map.of());
    }
}
