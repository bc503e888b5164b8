package io.sightline.core.relion;

import java.util.Objects;

/** A scheme variable (float, boolean or string): its value and the value a reset gives it, as written. */
public record SchemeVariable(String name, String value, String resetValue) {
    public SchemeVariable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(resetValue, "resetValue");
    }
}
