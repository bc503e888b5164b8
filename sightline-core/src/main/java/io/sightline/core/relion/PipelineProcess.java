package io.sightline.core.relion;

import java.util.Objects;

/**
 * A process (job) of a RELION pipeline.
 *
 * @param name its directory, e.g. {@code External/job005/}
 * @param alias the alias directory, e.g. {@code Extract/bin2/}; null when none ({@code None} in the file)
 * @param type the type label, e.g. {@code relion.external}; in a RELION 3 file the type's number
 * @param status where it stands
 */
public record PipelineProcess(String name, String alias, String type, ProcessStatus status) {
    public PipelineProcess {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
    }
}
