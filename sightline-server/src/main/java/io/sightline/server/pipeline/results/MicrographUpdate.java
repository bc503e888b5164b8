package io.sightline.server.pipeline.results;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one job's output says about one micrograph.
 *
 * @param key {@link io.sightline.pipeline.results.MicrographKey} of the micrograph it belongs to
 * @param name the micrograph as the STAR names it
 * @param fields micrograph columns to set (only values the output has; a {@code None} keeps what is stored)
 * @param ctf a CTF job's details for {@code micrograph_ctf}, or null for other jobs
 * @param outputs files to register as data objects
 */
public record MicrographUpdate(
        String key, String name, Map<String, Object> fields, CtfDetails ctf, List<PipelineOutput> outputs) {
    public MicrographUpdate {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        outputs = List.copyOf(outputs);
    }
}
