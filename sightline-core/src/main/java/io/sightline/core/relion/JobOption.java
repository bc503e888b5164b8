package io.sightline.core.relion;

import java.util.Objects;

/** One row of a job.star's options: RELION's variable name and its value as written, e.g. angpix 0.675. */
public record JobOption(String name, String value) {
    public JobOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
