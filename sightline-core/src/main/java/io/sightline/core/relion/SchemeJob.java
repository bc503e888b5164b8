package io.sightline.core.relion;

import java.util.Objects;

/**
 * A job of a scheme: the name it was defined with, its current name, its mode ({@code new} or
 * {@code continue}) and whether it has started.
 */
public record SchemeJob(String originalName, String name, String mode, boolean hasStarted) {
    public SchemeJob {
        Objects.requireNonNull(originalName, "originalName");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
    }
}
