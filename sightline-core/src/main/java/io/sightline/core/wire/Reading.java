package io.sightline.core.wire;

/** What reading one JSON value as a field gave: the typed value, or why it cannot be one. */
public sealed interface Reading {
    /** The value in its Java type (see {@link WireType}); null for JSON {@code null}. */
    record Value(Object value) implements Reading {}

    record Refused(Violation violation) implements Reading {}

    static Reading refused(String message, String type) {
        return new Refused(new Violation(message, type));
    }
}
