package io.sightline.core.wire;

import java.util.Locale;

/**
 * One declared field of a wire body. Declarations are enums, one per body, each constant named after its
 * JSON field ({@code DETECTOR_NAME} is {@code detector_name}), so code names a field by its constant and
 * never by a string that could drift from the declaration.
 */
public interface WireField {
    FieldSpec spec();

    /** The JSON name. */
    default String wireName() {
        return spec().name();
    }

    /** The JSON name of an enum constant: its name in lower case. */
    static FieldSpec named(Enum<?> constant, FieldSpec spec) {
        return spec.named(constant.name().toLowerCase(Locale.ROOT));
    }
}
