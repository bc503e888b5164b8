package io.sightline.core.mdoc;

import java.util.Objects;

/**
 * One {@code key = value} line, value trimmed (possibly empty), with the 1-based line and the column where
 * the value starts.
 */
public record MdocEntry(String key, String value, int line, int column) {
    public MdocEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
