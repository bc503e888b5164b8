package io.sightline.core.relion;

import java.util.Objects;

/**
 * A scheme operator, e.g. {@code WAIT} of type {@code wait} with input1 {@code wait_sec}; output and inputs
 * are null where the file says {@code undefined}.
 */
public record SchemeOperator(String name, String type, String output, String input1, String input2) {
    public SchemeOperator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
