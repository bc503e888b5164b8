package io.sightline.pipeline.results;

import java.util.Objects;

/**
 * How many particles a picking (or extraction) job found on one micrograph.
 *
 * @param micrograph {@link MicrographKey} of the micrograph
 * @param name {@code rlnMicrographName} as written
 * @param particles the count
 */
public record ParticleCount(String micrograph, String name, long particles) {
    public ParticleCount {
        Objects.requireNonNull(micrograph, "micrograph");
        Objects.requireNonNull(name, "name");
        if (particles < 0) {
            throw new IllegalArgumentException("particles must be >= 0, was " + particles);
        }
    }
}
