package io.sightline.core.relion;

import java.util.Objects;

/**
 * A node (file) of a RELION pipeline.
 *
 * @param name its path, e.g. {@code Import/job001/tilt_series.star}
 * @param type the type label, e.g. {@code TomogramGroupMetadata.star.relion.tomo.import}; in a RELION 3 file
 *     the type's number
 * @param depth {@code _rlnPipeLineNodeTypeLabelDepth} (RELION 4+), null when absent
 */
public record PipelineNode(String name, String type, Integer depth) {
    public PipelineNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
