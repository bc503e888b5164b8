package io.sightline.core.star;

import java.util.List;
import java.util.Objects;

/**
 * The start of a loop: {@code loop_} and its column labels.
 *
 * @param columns the labels without their leading underscore, in order, e.g. {@code rlnImageName}
 * @param source the exact text from the blank lines and comments before {@code loop_} to the last label's
 *     line; null for a header made in code, which the writer formats
 * @param line 1-based line of {@code loop_} in the file read, 0 for a header made in code
 */
public record StarLoopHeader(List<String> columns, String source, int line) implements StarEvent {

    public StarLoopHeader {
        columns = List.copyOf(columns);
    }

    /** A header made in code, formatted by the writer. */
    public static StarLoopHeader of(List<String> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a loop needs at least one column");
        }
        for (String c : columns) {
            StarValues.requireName(c, "column", false);
        }
        if (columns.stream().distinct().count() != columns.size()) {
            throw new IllegalArgumentException("a loop's columns must differ: " + columns);
        }
        return new StarLoopHeader(columns, null, 0);
    }

    /** A header made in code, formatted by the writer. */
    public static StarLoopHeader of(String... columns) {
        return of(List.of(columns));
    }

    /** The index of {@code column}, or -1 when the loop has no such column. */
    public int column(String column) {
        return columns.indexOf(Objects.requireNonNull(column, "column"));
    }

    /** The same header without its source text. */
    public StarLoopHeader reformatted() {
        return source == null ? this : of(columns);
    }
}
