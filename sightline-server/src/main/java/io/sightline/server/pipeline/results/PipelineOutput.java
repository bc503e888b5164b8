package io.sightline.server.pipeline.results;

import java.util.Objects;

/**
 * A file a job wrote for one micrograph, to be registered as a data object.
 *
 * @param kind the data object's kind ({@code corrected_micrograph}, {@code ctf_power_spectrum})
 * @param path as the job's STAR names it, relative to the project (RELION's {@code :mrc} suffix dropped)
 * @param parentPath the output of an earlier job it was made from (the corrected micrograph a power spectrum was
 *     computed on), relative to the project; null when it was made from the movie
 */
public record PipelineOutput(String kind, String path, String parentPath) {
    public static final String CORRECTED_MICROGRAPH = "corrected_micrograph";
    public static final String CTF_POWER_SPECTRUM = "ctf_power_spectrum";

    public PipelineOutput {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
    }

    /** {@code name} without RELION's {@code :mrc} type suffix ({@code a.ctf:mrc} is the file {@code a.ctf}). */
    static String file(String name) {
        int colon = name.lastIndexOf(':');
        return colon > 1 && name.indexOf('/', colon) < 0 && name.indexOf('\\', colon) < 0
                ? name.substring(0, colon)
                : name;
    }
}
