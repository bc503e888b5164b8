package io.sightline.pipeline.graph;

import java.util.Objects;

/**
 * One thing wrong with a pipeline, naming the job and the slot or parameter it concerns.
 *
 * @param job the job's name
 * @param slot the input slot or parameter name; empty when the problem is the job's as a whole
 */
public record GraphProblem(String job, String slot, String message) {
    public GraphProblem {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(message, "message");
    }

    /** {@code job.slot: message}, as errors show it. */
    public String where() {
        return slot.isEmpty() ? job : job + "." + slot;
    }

    @Override
    public String toString() {
        return where() + ": " + message;
    }
}
