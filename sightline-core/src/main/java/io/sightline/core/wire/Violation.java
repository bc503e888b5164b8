package io.sightline.core.wire;

import java.util.Objects;

/**
 * Why a value does not fit its field: a sentence for people and a short code for programs (pydantic's
 * error types, as SmartEM's FastAPI answers them: {@code string_too_long}, {@code less_than_equal}, ...).
 */
public record Violation(String message, String type) {
    public Violation {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(type, "type");
    }
}
