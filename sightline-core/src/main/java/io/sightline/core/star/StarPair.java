package io.sightline.core.star;

import java.util.Objects;

/**
 * A key-value pair of a block: {@code _key value}.
 *
 * @param key the label without its leading underscore, e.g. {@code rlnJobTypeLabel}
 * @param value the value, unquoted
 * @param source the exact text of the line and the blank lines and comments before it (the line formatted
 *     afresh after an edit); null for a pair made in code, which the writer formats
 * @param line 1-based line in the file read, 0 for a pair made or changed in code
 */
public record StarPair(String key, String value, String source, int line) implements StarEvent, StarItem {

    public StarPair {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** A pair made in code, formatted by the writer. */
    public static StarPair of(String key, String value) {
        StarValues.requireName(key, "key", false);
        StarValues.requireWritable(value);
        return new StarPair(key, value, null, 0);
    }

    /**
     * The same pair with another value: its line is formatted afresh, the blank lines and comments before it
     * stay.
     */
    public StarPair withValue(String newValue) {
        StarPair fresh = of(key, newValue);
        if (source == null) {
            return fresh;
        }
        String terminator = StarFormat.terminator(source);
        return new StarPair(
                key,
                newValue,
                StarFormat.leading(source) + StarFormat.pair(key, newValue, terminator.isEmpty() ? "\n" : terminator),
                0);
    }

    /** The same pair without its source text. */
    public StarPair reformatted() {
        return source == null ? this : of(key, value);
    }
}
