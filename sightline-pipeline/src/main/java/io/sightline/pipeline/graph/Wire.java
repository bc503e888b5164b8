package io.sightline.pipeline.graph;

import java.util.Objects;

/** Where an input slot's file comes from: output {@code output} of job {@code job}. */
public record Wire(String job, String output) {
    public Wire {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(output, "output");
    }

    @Override
    public String toString() {
        return job + "." + output;
    }
}
