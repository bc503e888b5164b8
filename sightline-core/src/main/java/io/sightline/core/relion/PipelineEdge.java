package io.sightline.core.relion;

import java.util.Objects;

/**
 * An edge between a node and a process: in {@code pipeline_input_edges} the node is the process's input, in
 * {@code pipeline_output_edges} its output.
 */
public record PipelineEdge(String node, String process) {
    public PipelineEdge {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(process, "process");
    }
}
