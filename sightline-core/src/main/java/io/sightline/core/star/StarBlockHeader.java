package io.sightline.core.star;

import java.util.Objects;

/**
 * The start of a data block: the {@code data_<name>} line.
 *
 * @param name the text after {@code data_} (may be empty)
 * @param version the number of the {@code # version <n>} comment before the line (RELION writes one before
 *     every block, e.g. 30001 or 50001), 0 when there is none
 * @param source the exact text of the line and the blank lines and comments before it; null for a header
 *     made in code, which the writer formats
 * @param line 1-based line of {@code data_} in the file read, 0 for a header made in code
 */
public record StarBlockHeader(String name, int version, String source, int line) implements StarEvent {

    public StarBlockHeader {
        Objects.requireNonNull(name, "name");
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative: " + version);
        }
    }

    /** A header made in code: the writer formats it with a {@code # version} comment when version > 0. */
    public static StarBlockHeader of(String name, int version) {
        StarValues.requireName(name, "block name", true);
        return new StarBlockHeader(name, version, null, 0);
    }

    /** The same header without its source text, to be formatted afresh. */
    public StarBlockHeader reformatted() {
        return source == null ? this : of(name, version);
    }

    @Override
    public String toString() {
        return "data_" + name + (version > 0 ? " (version " + version + ")" : "");
    }
}
